using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>
    /// The way into one account: the caller's own credentials for the caller's account, else a role session
    /// assumed on first use, renewed five minutes before its expiry (wall time) and after an ExpiredToken.
    /// Credentials AWS rejects when they are the caller's (the caller's account, AssumeRole) are CredentialsRejected.
    /// Thread-safe: concurrent first uses assume the role once.
    /// </summary>
    public sealed class AccountSession
    {
        private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

        private readonly ISessionClientSource _clients;
        private readonly SemaphoreSlim _renewal = new SemaphoreSlim(1, 1);
        private SessionLease? _lease;

        internal AccountSession(string accountId, bool usesCallerCredentials, string? roleArn, ISessionClientSource clients)
        {
            AccountId = accountId;
            UsesCallerCredentials = usesCallerCredentials;
            RoleArn = usesCallerCredentials ? null : roleArn;
            _clients = clients;
        }

        public string AccountId { get; }

        /// <summary>True for the caller's own account, reached without AssumeRole.</summary>
        public bool UsesCallerCredentials { get; }

        /// <summary>The role assumed in the account; null for the caller's own account, or when no role was given
        /// (then any use fails with AssumeRoleFailed).</summary>
        public string? RoleArn { get; }

        /// <summary>How many times a role session was assumed (first use and renewals).</summary>
        public int AssumeCount { get; private set; }

        /// <summary>
        /// Runs one IAM call in the account. After an ExpiredToken the session is renewed and the call runs
        /// once more. A role that cannot be assumed throws <see cref="AccountAccessException"/> (AssumeRoleFailed).
        /// </summary>
        internal async Task<T> CallIamAsync<T>(Func<IamClient, Task<T>> call, CancellationToken cancellationToken)
        {
            var lease = await CurrentLeaseAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call(lease.Iam).ConfigureAwait(false);
            }
            catch (Exception exception) when (!UsesCallerCredentials && AwsErrors.KindOf(exception) == AwsErrorKind.ExpiredToken)
            {
                Invalidate(lease);
                var fresh = await CurrentLeaseAsync(cancellationToken).ConfigureAwait(false);
                return await call(fresh.Iam).ConfigureAwait(false);
            }
            catch (Exception exception) when (UsesCallerCredentials && AwsErrors.IsCredentialsRejected(exception))
            {
                throw _clients.CallerFailure(exception);
            }
        }

        /// <summary>Drops the client (and role credentials) so an account that is done holds no memory;
        /// a later use assumes again.</summary>
        internal void Release()
        {
            var lease = Interlocked.Exchange(ref _lease, null);
            lease?.Dispose();
        }

        private async Task<SessionLease> CurrentLeaseAsync(CancellationToken cancellationToken)
        {
            var lease = Volatile.Read(ref _lease);
            if (lease != null && !NeedsRenewal(lease))
            {
                return lease;
            }

            await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                lease = Volatile.Read(ref _lease);
                if (lease != null && !NeedsRenewal(lease))
                {
                    return lease;
                }

                SessionLease fresh;
                if (UsesCallerCredentials)
                {
                    fresh = new SessionLease(_clients.CreateCallerIam(), null);
                }
                else if (RoleArn == null)
                {
                    throw new AccountAccessException(
                        ErrorCatalog.AssumeRoleFailed,
                        AccountId,
                        $"Account {AccountId} is not the caller's account and no role to assume was given (-RoleName).");
                }
                else
                {
                    fresh = await _clients.AssumeRoleAsync(AccountId, RoleArn, cancellationToken).ConfigureAwait(false);
                    AssumeCount++;
                }

                Volatile.Write(ref _lease, fresh);
                // The old client may still serve calls in flight on other threads: let the GC take it.
                return fresh;
            }
            finally
            {
                _renewal.Release();
            }
        }

        private static bool NeedsRenewal(SessionLease lease)
            => lease.ExpiresUtc.HasValue && lease.ExpiresUtc.Value - RenewBefore <= DateTime.UtcNow;

        private void Invalidate(SessionLease seen) => Interlocked.CompareExchange(ref _lease, null, seen);
    }

    /// <summary>An IAM client on one set of credentials, and when those expire (null: they do not).</summary>
    internal sealed class SessionLease : IDisposable
    {
        public SessionLease(IamClient iam, DateTime? expiresUtc)
        {
            Iam = iam;
            ExpiresUtc = expiresUtc;
        }

        public IamClient Iam { get; }
        public DateTime? ExpiresUtc { get; }

        public void Dispose() => ((object)Iam as IDisposable)?.Dispose();
    }

    /// <summary>Where sessions get their clients: the caller's own, or one on a freshly assumed role.</summary>
    internal interface ISessionClientSource
    {
        IamClient CreateCallerIam();

        /// <summary>AssumeRole into the account; failures become <see cref="AccountAccessException"/>, or
        /// CredentialsRejected when AWS refuses the caller's credentials.</summary>
        Task<SessionLease> AssumeRoleAsync(string accountId, string roleArn, CancellationToken cancellationToken);

        /// <summary>What a failed call with the caller's own credentials means (AwsConnection.CallerFailure).</summary>
        EngineException CallerFailure(Exception exception);
    }
}
