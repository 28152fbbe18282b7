using System;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using IamKeyHygiene.Engine.Aws.Clients;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// The STS client the credentials layer uses (AssumeRole for role_arn profiles, GetCallerIdentity).
    /// TODO(clients work): once AwsClients.CreateSts is implemented, delegate to it so STS shares the one
    /// retry policy and endpoint resolver; until then this builds the SDK's client the same way: endpoint
    /// override -EndpointUrl, then AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, signing in the resolved region;
    /// the SDK's own reading of the machine's endpoint settings is turned off so only ours apply.
    /// </summary>
    internal static class StsClientFactory
    {
        public static AmazonSecurityTokenServiceClient Create(AWSCredentials credentials, AwsClientSettings settings)
        {
            var config = new AmazonSecurityTokenServiceConfig
            {
                IgnoreConfiguredEndpointUrls = true,
                RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region),
            };
            var endpoint = EndpointOverride(settings);
            if (endpoint != null)
            {
                config.ServiceURL = endpoint;
                config.AuthenticationRegion = settings.Region;
            }
            return new AmazonSecurityTokenServiceClient(credentials, config);
        }

        internal static string? EndpointOverride(AwsClientSettings settings)
        {
            if (settings.EndpointUrl != null)
                return settings.EndpointUrl;
            if (string.Equals(settings.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
                return null;
            return FromVariable(settings, "AWS_ENDPOINT_URL_STS") ?? FromVariable(settings, "AWS_ENDPOINT_URL");
        }

        private static string? FromVariable(AwsClientSettings settings, string name)
        {
            var value = NonEmpty(settings.GetEnvironmentVariable(name));
            if (value != null && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
                throw new AwsConfigurationException($"{name} '{value}' is not an absolute http or https URL.");
            return value;
        }

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
