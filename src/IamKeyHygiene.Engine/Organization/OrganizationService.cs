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

        /// <summary>The progress activity listing reports.</summary>
        public const string ListingActivity = "Listing organization accounts";

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
            var targets = new List<AccountTarget>();
            await StreamAccountsAsync(selection, roles, targets.Add, cancellationToken).ConfigureAwait(false);
            return targets;
        }

        /// <summary>
        /// As <see cref="ListAccountsAsync"/>, but each account is written to the host (an <see cref="AccountTarget"/>)
        /// as soon as the OU walk reaches it, its OU path known, with progress while the walk goes on: a scan fed from
        /// the pipeline starts on the first accounts while the rest are still being listed. Returns how many were written.
        /// </summary>
        public async Task<int> WriteAccountsAsync(AccountSelection selection, RoleSessionOptions? roles, CancellationToken cancellationToken)
        {
            var written = 0;
            _host.Progress(ListingActivity, "Walking the organization's OU tree", -1);
            await StreamAccountsAsync(selection, roles, target =>
            {
                written++;
                _host.WriteResult(target);
                _host.Progress(ListingActivity, $"Accounts found: {written} (walking the OU tree)", -1);
            }, cancellationToken).ConfigureAwait(false);
            _host.Progress(ListingActivity, $"Accounts found: {written}", 100);
            return written;
        }

        /// <summary>Streams the selected accounts. GetCallerIdentity and the walk's first calls go out together (one round
        /// trip less before the first account), unless -DurationSeconds is above the role-chaining cap: then the caller
        /// is checked before any other call. No account is handed on before the caller is known and checked, and
        /// when both fail the caller's failure (its credentials rejected) is the one thrown.</summary>
        private async Task StreamAccountsAsync(AccountSelection selection, RoleSessionOptions? roles, Action<AccountTarget> found,
            CancellationToken cancellationToken)
        {
            var connection = _connection;
            var host = _host;
            var callerLookup = connection.GetCallerIdentityAsync(cancellationToken);
            CallerIdentity? caller = null;
            RoleSessionSource? source = null;
            var partition = "aws";
            async Task<CallerIdentity> CallerAsync()
            {
                if (caller == null)
                {
                    var identity = await callerLookup.ConfigureAwait(false);
                    RoleChaining.Check(identity, roles);
                    source = new RoleSessionSource(connection, roles);
                    partition = PartitionOf(identity.Arn);
                    caller = identity;
                }

                return caller;
            }

            if (RoleChaining.MayRefuse(roles))
            {
                await CallerAsync().ConfigureAwait(false);
            }

            var count = 0;
            try
            {
                var reader = new OrganizationsReader(connection.CreateOrganizationsClient());
                await new AccountEnumerator(reader, host).StreamAsync(selection, async account =>
                {
                    var identity = await CallerAsync().ConfigureAwait(false);
                    count++;
                    found(new AccountTarget(account, new AccountSession(
                        account.AccountId,
                        usesCallerCredentials: account.AccountId == identity.Account,
                        roleArn: RoleArnFor(partition, account.AccountId, roles),
                        source!)));
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                && !(exception is Errors.EngineException))
            {
                await CallerAsync().ConfigureAwait(false); // its failure first: the credentials were rejected
                throw connection.CallerFailure(exception);
            }
            catch (Exception) when (!callerLookup.IsCompleted || callerLookup.IsFaulted)
            {
                await CallerAsync().ConfigureAwait(false);
                throw;
            }

            var self = await CallerAsync().ConfigureAwait(false); // checked even when no account was selected
            host.Verbose($"{count} accounts selected in the organization (caller {self.Account}).");
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
