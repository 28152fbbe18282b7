using System;
using Amazon.Runtime;
using Amazon.SecurityToken;
using IamKeyHygiene.AwsProtocol.Pipeline;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>Where and how a client talks: region, the endpoint settings (see <see cref="EndpointSources"/>),
    /// the retry policy's settings and the log.</summary>
    internal sealed class AwsClientSettings
    {
        public AwsClientSettings(string region, EndpointSources endpoints)
        {
            Region = region;
            Endpoints = endpoints;
        }

        /// <summary>Only -EndpointUrl and the environment (no profile): tests and callers without shared files.</summary>
        public AwsClientSettings(string region, string? endpointUrl, Func<string, string?> getEnvironmentVariable)
            : this(region, new EndpointSources(endpointUrl, getEnvironmentVariable))
        {
        }

        public string Region { get; }
        public EndpointSources Endpoints { get; }

        /// <summary>The override every service shares, if any (see <see cref="EndpointSources.Shared"/>).</summary>
        public string? EndpointUrl => Endpoints.Shared?.Url;

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

        /// <summary>Secrets Manager in the connection's region (or the account's central-storage region the caller gives).</summary>
        public static SecretsManagerClient CreateSecretsManager(AWSCredentials credentials, AwsClientSettings settings)
        {
            var endpoint = Resolve(EndpointResolver.SecretsManager, settings);
            return new SecretsManagerClient(credentials, new ServiceClientConfig("Secrets Manager", EndpointResolver.SecretsManager,
                SecretsManagerClient.ServiceModel.ApiVersion, endpoint, settings.Retry, settings.Log));
        }

        /// <summary>SNS in the connection's region (a topic ARN names its region; the caller's must match it).</summary>
        public static SnsClient CreateSns(AWSCredentials credentials, AwsClientSettings settings)
        {
            var endpoint = Resolve(EndpointResolver.Sns, settings);
            return new SnsClient(credentials, new ServiceClientConfig("SNS", EndpointResolver.Sns, SnsClient.ServiceModel.ApiVersion,
                endpoint, settings.Retry, settings.Log));
        }

        /// <summary>SSM (Parameter Store) in the connection's region: AWSSDK.SimpleSystemsManagement on our path.</summary>
        public static SsmClient CreateSsm(AWSCredentials credentials, AwsClientSettings settings) =>
            new SsmClient(credentials, new SsmClientConfig(Resolve(EndpointResolver.Ssm, settings), settings.Retry, settings.Log));

        public static AmazonSecurityTokenServiceClient CreateSts(AWSCredentials credentials, AwsClientSettings settings) =>
            new StsClient(credentials, new StsClientConfig(Resolve(EndpointResolver.Sts, settings), settings.Retry, settings.Log));

        /// <summary>The IAM Identity Center portal in the SSO region (the profile's sso_region, not the connection's).</summary>
        public static SsoClient CreateSsoPortal(string ssoRegion, AwsClientSettings settings) =>
            new SsoClient(new SsoClientConfig(Resolve(EndpointResolver.Sso, ssoRegion, settings), settings.Retry, settings.Log));

        /// <summary>SSO-OIDC in the SSO region, for refreshing a cached token.</summary>
        public static SsoOidcClient CreateSsoOidc(string ssoRegion, AwsClientSettings settings) =>
            new SsoOidcClient(new SsoOidcClientConfig(Resolve(EndpointResolver.SsoOidc, ssoRegion, settings), settings.Retry, settings.Log));

        /// <summary>S3 in the connection's region, for records on an s3:// URI.</summary>
        public static S3Client CreateS3(AWSCredentials credentials, AwsClientSettings settings) =>
            new S3Client(credentials, new S3ClientConfig(Resolve(EndpointResolver.S3, settings), settings.Region, settings.Retry, settings.Log));

        /// <summary>The endpoint a service resolves to ("iam", "organizations", "sts"), with its source.</summary>
        public static ResolvedEndpoint ResolveEndpoint(string service, AwsClientSettings settings) =>
            EndpointResolver.Resolve(service, settings.Region, settings.Endpoints);

        private static ResolvedEndpoint Resolve(string service, AwsClientSettings settings) => Resolve(service, settings.Region, settings);

        private static ResolvedEndpoint Resolve(string service, string region, AwsClientSettings settings)
        {
            var endpoint = EndpointResolver.Resolve(service, region, settings.Endpoints);
            settings.Log.Debug($"{service} endpoint: {endpoint}");
            return endpoint;
        }
    }
}
