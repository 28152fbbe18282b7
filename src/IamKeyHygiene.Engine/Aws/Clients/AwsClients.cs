using System;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>Where and how a client talks: region, the -EndpointUrl override, the environment to read
    /// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_&lt;SERVICE&gt; from.</summary>
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
    }

    /// <summary>Builds every service client the same way: endpoint, signing region, retry policy.</summary>
    internal static class AwsClients
    {
        public static IamClient CreateIam(AWSCredentials credentials, AwsClientSettings settings)
            => throw new NotImplementedException("owned by the clients work");

        public static OrganizationsClient CreateOrganizations(AWSCredentials credentials, AwsClientSettings settings)
            => throw new NotImplementedException("owned by the clients work");

        public static AmazonSecurityTokenServiceClient CreateSts(AWSCredentials credentials, AwsClientSettings settings)
            => throw new NotImplementedException("owned by the clients work");

        /// <summary>The endpoint URL a service resolves to ("iam", "organizations", "sts").</summary>
        public static string ResolveEndpoint(string service, AwsClientSettings settings)
            => throw new NotImplementedException("owned by the clients work");
    }

    internal sealed partial class IamClient { }

    internal sealed partial class OrganizationsClient { }
}
