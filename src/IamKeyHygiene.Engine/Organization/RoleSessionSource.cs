using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>Makes sessions' clients from the caller's connection: the caller's own IAM client, or
    /// AssumeRole through one shared STS client and an IAM client on the session credentials.</summary>
    internal sealed class RoleSessionSource : ISessionClientSource
    {
        private readonly AwsConnection _connection;
        private readonly RoleSessionOptions? _options;
        private readonly IEngineLog _log;
        private readonly Lazy<AmazonSecurityTokenServiceClient> _sts;

        public RoleSessionSource(AwsConnection connection, RoleSessionOptions? options, IEngineLog log)
        {
            _connection = connection;
            _options = options;
            _log = log;
            _sts = new Lazy<AmazonSecurityTokenServiceClient>(connection.CreateStsClient, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public IamClient CreateCallerIam() => _connection.CreateIamClient();

        public EngineException CallerFailure(Exception exception) => _connection.CallerFailure(exception);

        public async Task<SessionLease> AssumeRoleAsync(string accountId, string roleArn, CancellationToken cancellationToken)
        {
            var options = _options ?? throw new InvalidOperationException("No role to assume was given.");
            var request = new AssumeRoleRequest
            {
                RoleArn = roleArn,
                RoleSessionName = options.RoleSessionName,
                DurationSeconds = options.DurationSeconds,
            };
            if (!string.IsNullOrEmpty(options.ExternalId))
            {
                request.ExternalId = options.ExternalId;
            }

            AssumeRoleResponse response;
            try
            {
                response = await _sts.Value.AssumeRoleAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var failure = AwsErrors.Translate(EndpointResolver.Sts, "AssumeRole", exception);
                if (AwsErrors.IsCredentialsRejected(failure))
                {
                    // AssumeRole is signed with the caller's credentials: every other account would fail the same way.
                    throw _connection.CallerFailure(failure);
                }

                throw new AccountAccessException(
                    ErrorCatalog.AssumeRoleFailed,
                    accountId,
                    $"Account {accountId}: role {roleArn} could not be assumed ({AwsErrors.Describe(failure)}).",
                    failure);
            }

            var credentials = response.Credentials;
            var expires = credentials.Expiration?.ToUniversalTime();
            _log.Debug($"Account {accountId}: assumed {roleArn} (session {credentials.AccessKeyId}, expires {expires:u}).");
            var session = new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
            var iam = _connection.WithCredentials(session, $"role {roleArn}").CreateIamClient();
            return new SessionLease(iam, expires);
        }
    }
}
