using System;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Aws.Credentials;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>Makes sessions' clients from the caller's connection: the caller's own IAM client, or an IAM client
    /// on refreshing role credentials that assume the account's role through the project's STS client.</summary>
    internal sealed class RoleSessionSource : ISessionClientSource
    {
        private readonly AwsConnection _connection;
        private readonly RoleSessionOptions? _options;

        public RoleSessionSource(AwsConnection connection, RoleSessionOptions? options)
        {
            _connection = connection;
            _options = options;
        }

        public IamClient CreateCallerIam() => _connection.CreateIamClient();

        public EngineException CallerFailure(Exception exception) => _connection.CallerFailure(exception);

        public RoleSession CreateRoleSession(string accountId, string roleArn)
        {
            var options = _options ?? throw new InvalidOperationException("No role to assume was given.");
            var credentials = new RoleCredentials(
                _connection.Credentials,
                roleArn,
                options.RoleSessionName,
                new AssumeRoleAWSCredentialsOptions
                {
                    ExternalId = string.IsNullOrEmpty(options.ExternalId) ? null : options.ExternalId,
                    DurationSeconds = options.DurationSeconds,
                },
                _connection.CreateStsClient,
                $"in account {accountId}");
            var iam = _connection.WithCredentials(credentials, $"role {roleArn}").CreateIamClient();
            return new RoleSession(iam, credentials);
        }
    }
}
