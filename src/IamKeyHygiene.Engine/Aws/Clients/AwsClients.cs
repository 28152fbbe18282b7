using System;
using Amazon.Runtime;
using Amazon.SecurityToken;
using IamKeyHygiene.AwsProtocol.Pipeline;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>Where and how a client talks: region, the -EndpointUrl override, the environment to read
    /// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_&lt;SERVICE&gt; from, the retry policy's settings and the log.</summary>
    internal sealed class AwsClientSettings
    {
        public AwsClientSettings(string region, string? endpointUrl, Func<string, string?> getEnvironmentVariable)
        {
            Region = region;
            EndpointUrl = endpointUrl;
            GetEnvironmentVariable = getEnvironmentVariable;
        }

        public string Region { get; }
        public string? EndpointUrl { get; }
        public Func<string, string?> GetEnvironmentVariable { get; }

        /// <summary>Backoff and attempts; tests shrink the base delay.</summary>
        public RetryOptions Retry { get; set; } = RetryOptions.Default;

        /// <summary>Where retries and the chosen endpoints are logged (Debug).</summary>
        public IEngineLog Log { get; set; } = NullEngineLog.Instance;
    }

    /// <summary>Builds every service client the same way: endpoint, signing region, retry policy.</summary>
    internal static class AwsClients
    {
        public static IamClient CreateIam(AWSCredentials credentials, AwsClientSettings settings)
        {
            var endpoint = Resolve(EndpointResolver.Iam, settings);
            return new IamClient(credentials, new ServiceClientConfig("IAM", EndpointResolver.Iam, IamClient.ServiceModel.ApiVersion,
                endpoint, settings.Retry, settings.Log));
        }

        public static OrganizationsClient CreateOrganizations(AWSCredentials credentials, AwsClientSettings settings)
        {
            var endpoint = Resolve(EndpointResolver.Organizations, settings);
            return new OrganizationsClient(credentials, new ServiceClientConfig("Organizations", EndpointResolver.Organizations,
                OrganizationsClient.ServiceModel.ApiVersion, endpoint, settings.Retry, settings.Log));
        }

        public static AmazonSecurityTokenServiceClient CreateSts(AWSCredentials credentials, AwsClientSettings settings) =>
            new StsClient(credentials, new StsClientConfig(Resolve(EndpointResolver.Sts, settings), settings.Retry, settings.Log));

        /// <summary>The endpoint URL a service resolves to ("iam", "organizations", "sts").</summary>
        public static string ResolveEndpoint(string service, AwsClientSettings settings) =>
            EndpointResolver.Resolve(service, settings.Region, settings.EndpointUrl, settings.GetEnvironmentVariable).Url;

        private static ResolvedEndpoint Resolve(string service, AwsClientSettings settings)
        {
            var endpoint = EndpointResolver.Resolve(service, settings.Region, settings.EndpointUrl, settings.GetEnvironmentVariable);
            settings.Log.Debug($"{service} endpoint: {endpoint}");
            return endpoint;
        }
    }
}
