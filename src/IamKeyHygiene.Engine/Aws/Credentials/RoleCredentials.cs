using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// AWSSDK.Core's AssumeRoleAWSCredentials (its options, its AssumeRole request, its refresh timing) calling
    /// STS through the project's client: the one endpoint resolver and the one retry policy. The SDK's class
    /// would take its STS client from GlobalRuntimeDependencyRegistry, after resolving a region through
    /// FallbackRegionFactory (the process environment, the machine's profiles, an instance metadata probe); the
    /// registry's factory is told neither the source credentials nor the caller's endpoints, and it is
    /// process-wide, so parallel runbooks with different endpoints in one process would cross. Hence the client
    /// is made here, per fetch. Used for role_arn profiles and for member-account sessions alike: the one
    /// role-session renewal (before expiry here, after an ExpiredToken by ClearCredentials).
    /// </summary>
    internal sealed class RoleCredentials : AssumeRoleAWSCredentials, IDescribedCredentials
    {
        private readonly Func<AWSCredentials, AmazonSecurityTokenServiceClient> _createSts;
        private readonly string _origin;
        private int _fetches;

        public RoleCredentials(AWSCredentials source, string roleArn, string? roleSessionName, AssumeRoleAWSCredentialsOptions options,
            Func<AWSCredentials, AmazonSecurityTokenServiceClient> createSts, string origin)
            : base(source, roleArn, roleSessionName ?? DefaultSessionName(), options)
        {
            _createSts = createSts;
            _origin = origin;
            FetchingCredentials.UseModuleTiming(this);
        }

        /// <summary>E.g. "role 'arn:…' of profile 'audit'" or "role 'arn:…' in account 111122223333".</summary>
        public string Description => $"role '{RoleArn}' {_origin}";

        /// <summary>How many times the role was assumed (first use and renewals).</summary>
        public int Fetches => Volatile.Read(ref _fetches);

        public static string DefaultSessionName() =>
            "IamKeyHygiene-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        protected override CredentialsRefreshState GenerateNewCredentials()
            // Off the caller's thread, so a synchronous caller under a synchronization context cannot deadlock.
            => Task.Run(GenerateNewCredentialsAsync).GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            AssumeRoleImmutableCredentials issued;
            using (var sts = _createSts(SourceCredentials))
            {
                try
                {
                    issued = await ((ICoreAmazonSTS)sts).CredentialsFromAssumeRoleAuthenticationAsync(RoleArn, RoleSessionName, Options).ConfigureAwait(false);
                }
                catch (AmazonClientException e)
                {
                    throw StsFailure.Describe("AssumeRole", Description, e);
                }
            }
            Interlocked.Increment(ref _fetches);
            return new CredentialsRefreshState(issued, FetchingCredentials.AsUtc(issued.Expiration));
        }
    }

    /// <summary>Turns the SDK's wrapped STS failure into a configuration error naming the role, the code, the HTTP
    /// status and the request id (never a secret: STS echoes none). The service exception stays inside.</summary>
    internal static class StsFailure
    {
        public static AwsConfigurationException Describe(string operation, string what, AmazonClientException failure)
        {
            Exception cause = failure.InnerException ?? failure;
            if (cause is AwsConfigurationException configuration)
                return configuration; // the source credentials themselves could not be had
            var detail = cause is AmazonServiceException service
                ? $"{service.ErrorCode} {service.Message} (HTTP {(int)service.StatusCode}, request {service.RequestId})"
                : cause.Message;
            return new AwsConfigurationException($"{operation} of {what} failed: {detail}", cause);
        }
    }
}
