using System;

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

        /// <summary>"-EndpointUrl", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL" or "partition aws" (AWS's own).</summary>
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
    /// Endpoint resolution for the services the module calls, in the AWS SDKs' order: the -EndpointUrl parameter,
    /// AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL, then the partition's endpoint as the services'
    /// endpoint-rule-set-1.json gives it (non-FIPS, non-dual-stack): IAM and Organizations are global (one endpoint
    /// and signing region per partition), STS is regional.
    /// </summary>
    internal static class EndpointResolver
    {
        public const string Iam = "iam";
        public const string Organizations = "organizations";
        public const string Sts = "sts";

        /// <summary>The environment variable the AWS SDKs read for a service's endpoint (service id upper-cased,
        /// spaces as underscores): AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_ORGANIZATIONS, AWS_ENDPOINT_URL_STS.</summary>
        public static string ServiceEnvironmentVariable(string service) => "AWS_ENDPOINT_URL_" + ServiceId(service).ToUpperInvariant().Replace(' ', '_');

        public static ResolvedEndpoint Resolve(string service, string region, string? endpointUrl, Func<string, string?> getEnvironmentVariable)
        {
            if (string.IsNullOrWhiteSpace(region))
            {
                // The region chain (AwsConnection) always ends with a default; an empty one here is a bug upstream.
                throw new ArgumentException("A region is needed to resolve an endpoint.", nameof(region));
            }

            var aws = ForPartition(service, region);
            var serviceVariable = ServiceEnvironmentVariable(service);
            var (url, source) =
                !string.IsNullOrWhiteSpace(endpointUrl) ? (endpointUrl!, "-EndpointUrl")
                : !string.IsNullOrWhiteSpace(getEnvironmentVariable(serviceVariable)) ? (getEnvironmentVariable(serviceVariable)!, serviceVariable)
                : !string.IsNullOrWhiteSpace(getEnvironmentVariable("AWS_ENDPOINT_URL")) ? (getEnvironmentVariable("AWS_ENDPOINT_URL")!, "AWS_ENDPOINT_URL")
                : (null, null);
            if (url == null)
            {
                return aws;
            }

            // A custom endpoint keeps the signing region the partition rules give (the endpoint rules sign a custom
            // endpoint with the configured region; for global services that is their signing region).
            return new ResolvedEndpoint(Validate(url.Trim(), source!), aws.SigningRegion, aws.SigningName, source!);
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
                default:
                    throw new ArgumentException($"No endpoint rules for service '{service}'.", nameof(service));
            }
        }

        private static string ServiceId(string service)
        {
            switch (service)
            {
                case Iam: return "IAM";
                case Organizations: return "Organizations";
                case Sts: return "STS";
                default: throw new ArgumentException($"Unknown service '{service}'.", nameof(service));
            }
        }

        private static string Validate(string url, string source)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The endpoint URL from {source} ('{url}') is not an absolute http(s) URL.");
            }

            return url;
        }
    }
}
