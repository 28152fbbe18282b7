using System;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
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
            return _connection.AssumeRoleSession(roleArn, options.RoleSessionName, options.ExternalId, options.DurationSeconds, accountId);
        }
    }
}
