using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>
    /// The way into one account: the caller's own credentials for the caller's account, else one IAM client on
    /// refreshing role credentials (<see cref="RoleSession"/>: assumed on first use, renewed before expiry,
    /// and after an ExpiredToken answer). Credentials AWS rejects when they are the caller's (the caller's account,
    /// AssumeRole) are CredentialsRejected. Thread-safe: concurrent first uses assume the role once.
    /// </summary>
    public sealed class AccountSession
    {
        private readonly ISessionClientSource _clients;
        private readonly SemaphoreSlim _renewal = new SemaphoreSlim(1, 1);
        private readonly object _gate = new object();
        private IamClient? _callerIam;
        private RoleSession? _role;
        private int _assumedByReleasedSessions;

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
        public int AssumeCount
        {
            get
            {
                lock (_gate)
                    return _assumedByReleasedSessions + (_role?.Fetches ?? 0);
            }
        }

        /// <summary>
        /// Runs one IAM call in the account. After an ExpiredToken the role session is renewed and the call runs
        /// once more. A role that cannot be assumed throws <see cref="AccountAccessException"/> (AssumeRoleFailed).
        /// </summary>
        internal async Task<T> CallIamAsync<T>(Func<IamClient, Task<T>> call, CancellationToken cancellationToken)
        {
            if (UsesCallerCredentials)
            {
                try
                {
                    return await call(CallerIam()).ConfigureAwait(false);
                }
                catch (Exception exception) when (AwsErrors.IsCredentialsRejected(exception))
                {
                    throw _clients.CallerFailure(exception);
                }
            }

            var role = Role();
            var used = await AssumedKeyAsync(role, cancellationToken).ConfigureAwait(false);
            try
            {
                return await call(role.Iam).ConfigureAwait(false);
            }
            catch (Exception exception) when (AwsErrors.KindOf(exception) == AwsErrorKind.ExpiredToken)
            {
                await RenewAsync(role, used, cancellationToken).ConfigureAwait(false);
                return await call(role.Iam).ConfigureAwait(false);
            }
        }

        /// <summary>Drops the client (and role credentials) so an account that is done holds no memory;
        /// a later use assumes again.</summary>
        internal void Release()
        {
            IamClient? caller;
            RoleSession? role;
            lock (_gate)
            {
                caller = _callerIam;
                role = _role;
                _callerIam = null;
                _role = null;
                _assumedByReleasedSessions += role?.Fetches ?? 0;
            }
            ((IDisposable?)caller)?.Dispose();
            role?.Dispose();
        }

        private IamClient CallerIam()
        {
            lock (_gate)
                return _callerIam ??= _clients.CreateCallerIam();
        }

        private RoleSession Role()
        {
            if (RoleArn == null)
            {
                throw new AccountAccessException(
                    ErrorCatalog.AssumeRoleFailed,
                    AccountId,
                    $"Account {AccountId} is not the caller's account and no role to assume was given (-RoleName).");
            }

            lock (_gate)
                return _role ??= _clients.CreateRoleSession(AccountId, RoleArn);
        }

        /// <summary>The session's current key (assuming the role at first use); a refusal is AssumeRoleFailed.</summary>
        private async Task<string> AssumedKeyAsync(RoleSession role, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await role.CurrentAccessKeyIdAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var cause = exception is AwsConfigurationException && exception.InnerException != null ? exception.InnerException : exception;
                cause = AwsErrors.Translate(EndpointResolver.Sts, "AssumeRole", cause);
                if (AwsErrors.IsCredentialsRejected(cause))
                {
                    // AssumeRole is signed with the caller's credentials: every other account would fail the same way.
                    throw _clients.CallerFailure(cause);
                }

                throw new AccountAccessException(
                    ErrorCatalog.AssumeRoleFailed,
                    AccountId,
                    $"Account {AccountId}: role {RoleArn} could not be assumed ({AwsErrors.Describe(cause)}).",
                    exception);
            }
        }

        /// <summary>After an ExpiredToken: a new session, once however many calls saw the old one expire.</summary>
        private async Task RenewAsync(RoleSession role, string expiredKey, CancellationToken cancellationToken)
        {
            await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                role.Expire(expiredKey);
                await AssumedKeyAsync(role, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _renewal.Release();
            }
        }
    }

    /// <summary>Where sessions get their clients: the caller's own, or one on the account's role.</summary>
    internal interface ISessionClientSource
    {
        IamClient CreateCallerIam();

        /// <summary>An IAM client on refreshing role credentials; nothing is assumed until they are first used.</summary>
        RoleSession CreateRoleSession(string accountId, string roleArn);

        /// <summary>What a failed call with the caller's own credentials means (AwsConnection.CallerFailure).</summary>
        EngineException CallerFailure(Exception exception);
    }
}
