using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Hosting;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>The engine's façade for the organization: its accounts (Get-OrganizationAccount) and the caller's own
    /// account (a scan without -Account), each with the way into it.</summary>
    public sealed class OrganizationService
    {
        private readonly AwsConnection _connection;
        private readonly IEngineHost _host;

        public OrganizationService(AwsConnection connection, IEngineHost host)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _host = host ?? throw new ArgumentNullException(nameof(host));
        }

        /// <summary>
        /// The accounts the selection names, each with a session: the caller's own account through the caller's
        /// credentials, the others through <paramref name="roles"/> (assumed lazily, on first use). Without a
        /// role, other accounts get a session that fails with AssumeRoleFailed when used. Failures are
        /// <see cref="Errors.EngineException"/>s: without the account list there is nothing to return. An id the
        /// organization lacks is a non-terminating AccountNotFound written to the host; the others are returned.
        /// </summary>
        public async Task<IReadOnlyList<AccountTarget>> ListAccountsAsync(AccountSelection selection, RoleSessionOptions? roles,
            CancellationToken cancellationToken)
        {
            var connection = _connection;
            var host = _host;
            var caller = await connection.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            RoleChaining.Check(caller, roles);
            IReadOnlyList<OrganizationAccount> accounts;
            try
            {
                var reader = new OrganizationsReader(connection.CreateOrganizationsClient());
                accounts = await new AccountEnumerator(reader, host).ListAsync(selection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw connection.CallerFailure(exception);
            }

            host.Verbose($"{accounts.Count} accounts selected in the organization (caller {caller.Account}).");

            var source = new RoleSessionSource(connection, roles);
            var partition = PartitionOf(caller.Arn);
            return accounts
                .Select(account => new AccountTarget(account, new AccountSession(
                    account.AccountId,
                    usesCallerCredentials: account.AccountId == caller.Account,
                    roleArn: RoleArnFor(partition, account.AccountId, roles),
                    source)))
                .ToList();
        }

        /// <summary>The caller's own account, reached with the caller's credentials (no organization call).</summary>
        public async Task<AccountTarget> CallerAccountAsync(CancellationToken cancellationToken)
        {
            var connection = _connection;
            var caller = await connection.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            var account = new OrganizationAccount(caller.Account, "", "", "ACTIVE", "");
            return new AccountTarget(account, new AccountSession(caller.Account, true, null, new RoleSessionSource(connection, null)));
        }

        /// <summary>"aws", "aws-cn", "aws-us-gov" from an ARN such as arn:aws-cn:iam::123456789012:user/x.</summary>
        internal static string PartitionOf(string arn)
        {
            var parts = arn.Split(':');
            return parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "aws";
        }

        /// <summary>The role to assume in an account (a role name may carry a path, "admin/Auditor"); null without one.</summary>
        internal static string? RoleArnFor(string partition, string accountId, RoleSessionOptions? roles)
        {
            if (roles == null)
            {
                return null;
            }

            var name = roles.RoleName.Trim('/');
            return $"arn:{partition}:iam::{accountId}:role/{name}";
        }
    }
}
