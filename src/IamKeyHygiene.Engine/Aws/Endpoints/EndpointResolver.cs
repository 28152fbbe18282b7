using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Aws.Endpoints
{
    /// <summary>Where a client sends its requests and how it signs them.</summary>
    internal sealed class ResolvedEndpoint : AwsProtocol.Pipeline.IServiceEndpoint
    {
        public ResolvedEndpoint(string url, string signingRegion, string signingName, string source)
        {
            Url = url;
            SigningRegion = signingRegion;
            SigningName = signingName;
            Source = source;
        }

        public string Url { get; }
        public string SigningRegion { get; }
        public string SigningName { get; }

        /// <summary>Where the URL came from: an <see cref="EndpointOverride.Source"/>, or "partition aws" (AWS's own).</summary>
        public string Source { get; }

        /// <summary>For logs: the URL without any user:password part.</summary>
        public override string ToString()
        {
            var shown = Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
                ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
                : Url;
            return $"{shown} (signing {SigningName} in {SigningRegion}; from {Source})";
        }
    }

    /// <summary>
    /// The one endpoint resolution every client uses: an override from <see cref="EndpointSources"/> (-EndpointUrl,
    /// AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL, the profile's services section and endpoint_url, in the
    /// AWS SDKs' order, all but the first switched off by AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), else the
    /// partition's endpoint as the services' endpoint-rule-set-1.json gives it (non-FIPS, non-dual-stack): IAM and
    /// Organizations are global (one endpoint and signing region per partition), STS and IAM Identity Center's
    /// portal and OIDC service are regional.
    /// </summary>
    internal static class EndpointResolver
    {
        public const string Iam = "iam";
        public const string Organizations = "organizations";
        public const string Sts = "sts";

        /// <summary>The IAM Identity Center portal (GetRoleCredentials) and its OIDC service (token refresh).</summary>
        public const string Sso = "sso";
        public const string SsoOidc = "sso-oidc";

        /// <summary>Secrets Manager: regional (AWS_ENDPOINT_URL_SECRETS_MANAGER, services-section key secrets_manager).</summary>
        public const string SecretsManager = "secretsmanager";

        /// <summary>S3, for the audit log and run history on an s3:// URI.</summary>
        public const string S3 = "s3";

        /// <summary>SNS, for notices published to a topic (regional; AWS_ENDPOINT_URL_SNS).</summary>
        public const string Sns = "sns";

        /// <summary>SSM Parameter Store, for SMTP credentials kept as SecureString parameters (regional; AWS_ENDPOINT_URL_SSM).</summary>
        public const string Ssm = "ssm";

        /// <summary>The services the module calls, by the short name its clients use.</summary>
        public static IReadOnlyList<string> Services { get; } = new[] { Iam, Organizations, Sts, Sso, SsoOidc, SecretsManager, S3, Sns, Ssm };

        /// <summary>The environment variable the AWS SDKs read for a service's endpoint (service id upper-cased,
        /// spaces as underscores): AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_ORGANIZATIONS, AWS_ENDPOINT_URL_STS.</summary>
        public static string ServiceEnvironmentVariable(string service) => "AWS_ENDPOINT_URL_" + ServiceId(service).ToUpperInvariant().Replace(' ', '_');

        public static ResolvedEndpoint Resolve(string service, string region, EndpointSources sources)
        {
            if (string.IsNullOrWhiteSpace(region))
            {
                // The region chain (AwsConnection) always ends with a default; an empty one here is a bug upstream.
                throw new ArgumentException("A region is needed to resolve an endpoint.", nameof(region));
            }

            var aws = ForPartition(service, region);
            var custom = sources.For(ServiceId(service));
            // A custom endpoint keeps the signing region the partition rules give (the endpoint rules sign a custom
            // endpoint with the configured region; for global services that is their signing region).
            return custom == null ? aws : new ResolvedEndpoint(custom.Url, aws.SigningRegion, aws.SigningName, custom.Source);
        }

        /// <summary>AWS's own endpoint for a service in a region (endpoint-rule-set-1.json, non-FIPS, non-dual-stack).</summary>
        public static ResolvedEndpoint ForPartition(string service, string region)
        {
            var partition = Partition.For(region);
            var source = "partition " + partition.Id;
            switch (service)
            {
                case Iam:
                    switch (partition.Id)
                    {
                        case "aws":
                            return new ResolvedEndpoint("https://iam.amazonaws.com", "us-east-1", Iam, source);
                        case "aws-cn":
                            return new ResolvedEndpoint("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1", Iam, source);
                        case "aws-us-gov":
                            return new ResolvedEndpoint("https://iam.us-gov.amazonaws.com", "us-gov-west-1", Iam, source);
                        default:
                            return new ResolvedEndpoint($"https://iam.{region}.{partition.DnsSuffix}", region, Iam, source);
                    }

                case Organizations:
                    var home = partition.ImplicitGlobalRegion;
                    return new ResolvedEndpoint($"https://organizations.{home}.{partition.DnsSuffix}", home, Organizations, source);
                case Sts:
                    if (region == "aws-global")
                    {
                        return new ResolvedEndpoint("https://sts.amazonaws.com", "us-east-1", Sts, source);
                    }

                    var signingRegion = partition.IsGlobalPseudoRegion(region) ? partition.ImplicitGlobalRegion : region;
                    return new ResolvedEndpoint($"https://sts.{signingRegion}.{partition.DnsSuffix}", signingRegion, Sts, source);
                case Sso:
                    // Regional only (endpoint-rule-set-1.json); the calls are unsigned, the name is the model's.
                    return new ResolvedEndpoint($"https://portal.sso.{region}.{partition.DnsSuffix}", region, "awsssoportal", source);
                case SsoOidc:
                    return new ResolvedEndpoint($"https://oidc.{region}.{partition.DnsSuffix}", region, "sso-oauth", source);
                case SecretsManager:
                    return new ResolvedEndpoint($"https://secretsmanager.{region}.{partition.DnsSuffix}", region, SecretsManager, source);
                case S3:
                    // Regional; AWSSDK.S3 itself picks virtual-hosted addressing for AWS's own endpoints (S3Client).
                    return new ResolvedEndpoint($"https://s3.{region}.{partition.DnsSuffix}", region, S3, source);
                case Sns:
                case Ssm:
                    return new ResolvedEndpoint($"https://{service}.{region}.{partition.DnsSuffix}", region, service, source);
                default:
                    throw new ArgumentException($"No endpoint rules for service '{service}'.", nameof(service));
            }
        }

        /// <summary>True for AWS's own endpoint (no override configured).</summary>
        public static bool IsPartitionEndpoint(ResolvedEndpoint endpoint) => endpoint.Source.StartsWith("partition ", StringComparison.Ordinal);

        /// <summary>The service id of the SDKs' models ("IAM", "Organizations", "STS", "SSO", "SSO OIDC").</summary>
        public static string ServiceId(string service)
        {
            switch (service)
            {
                case Iam: return "IAM";
                case Organizations: return "Organizations";
                case Sts: return "STS";
                case Sso: return "SSO";
                case SsoOidc: return "SSO OIDC";
                case SecretsManager: return "Secrets Manager";
                case S3: return "S3";
                case Sns: return "SNS";
                case Ssm: return "SSM";
                default: throw new ArgumentException($"Unknown service '{service}'.", nameof(service));
            }
        }
    }
}
