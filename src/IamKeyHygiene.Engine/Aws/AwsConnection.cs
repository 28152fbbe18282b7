using System;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>
    /// Credentials, region and endpoints resolved once from the AWS Tools common parameters, in
    /// AWS Tools' order. The one door through which the engine reaches AWS.
    /// Public members use only built-in and engine types (the cmdlet assembly sees this class).
    /// </summary>
    public sealed partial class AwsConnection
    {
        /// <summary>Where the credentials came from: "parameter", "credential object", "profile NAME",
        /// "stored session credentials", "environment", "container", "instance".</summary>
        public string CredentialSource { get; private set; } = "";

        public string Region { get; private set; } = "";

        /// <summary>Where the region came from: "parameter", "stored session region", "profile NAME",
        /// "environment", "instance", "default".</summary>
        public string RegionSource { get; private set; } = "";

        /// <summary>The endpoint override in force ("-EndpointUrl", AWS_ENDPOINT_URL…), or null for AWS's own.</summary>
        public string? EndpointUrl { get; private set; }

        /// <summary>Resolves credentials and region; a missing named profile is an error, never a fall-through.</summary>
        public static AwsConnection Resolve(AwsConnectionOptions options, IEngineLog log)
            => throw new NotImplementedException("owned by the credentials work");

        /// <summary>The URL used for a service ("iam", "organizations", "sts").</summary>
        public string DescribeEndpoint(string service)
            => throw new NotImplementedException("owned by the credentials work");

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
            => throw new NotImplementedException("owned by the credentials work");
    }

    /// <summary>STS GetCallerIdentity's answer.</summary>
    public sealed class CallerIdentity
    {
        public CallerIdentity(string account, string arn, string userId)
        {
            Account = account;
            Arn = arn;
            UserId = userId;
        }

        public string Account { get; }
        public string Arn { get; }
        public string UserId { get; }
    }
}
