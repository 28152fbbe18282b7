using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>The engine's façade for the action cmdlets: the checks made before anything is read, the accounts the
    /// findings name, and a <see cref="KeyActionRun"/> for one <see cref="KeyAction"/>.</summary>
    public sealed class ActionService
    {
        private readonly AwsConnection _connection;
        private readonly IEngineHost _host;

        public ActionService(AwsConnection connection, IEngineHost host)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _host = host ?? throw new ArgumentNullException(nameof(host));
        }

        /// <summary>A run's id: a new GUID in its 36-character form (8-4-4-4-12 lowercase hex digits), one per cmdlet
        /// invocation; every result and audit line of the run carries it.</summary>
        public static string NewRunId() => Guid.NewGuid().ToString("D");

        /// <summary>Refuses (ClockOffsetInEffect) a change while the module's clock is offset, unless every endpoint the
        /// run uses is on loopback (the emulator): a simulated date never reaches real AWS.</summary>
        public void CheckClock(EngineClock clock)
        {
            if (clock.Offset == TimeSpan.Zero)
            {
                return;
            }

            var remote = new[] { EndpointResolver.Iam, EndpointResolver.Sts, EndpointResolver.Organizations }
                .Select(service => _connection.DescribeEndpoint(service).Url)
                .Where(url => !IsLoopback(url))
                .ToList();
            if (remote.Count > 0)
            {
                throw new EngineException(ErrorCatalog.ClockOffsetInEffect, EngineClock.OffsetVariable,
                    $"{EngineClock.OffsetVariable} moves the module's clock by {clock.Offset.TotalDays:0.###} days and {remote[0]} is not on loopback: "
                    + "change cmdlets act at a simulated time only against a local endpoint. Unset the variable to act on AWS.");
            }
        }

        /// <summary>Starts a run: who the module is (the audit lines' caller) and the access key it signs with (never
        /// changed: ModuleOwnKey) are read now; <paramref name="otherModuleKeyIds"/> are further keys the module uses
        /// (the SES SMTP credential's key), never changed either.</summary>
        public async Task<KeyActionRun> StartAsync(KeyAction action, HygienePolicy policy, EngineClock clock, ActionSettings settings, IAuditLog audit,
            CancellationToken cancellationToken, IEnumerable<string>? otherModuleKeyIds = null)
        {
            var caller = await _connection.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            var signingKey = await _connection.SigningAccessKeyIdAsync().ConfigureAwait(false);
            if (string.IsNullOrEmpty(settings.RunId)) settings.RunId = NewRunId();
            _host.Verbose($"Run {settings.RunId}: {action.CommandName} as {caller.Arn}, audit log {audit.Location}.");
            return new KeyActionRun(action, policy, clock, settings, _host, audit, caller.Arn, new[] { signingKey }.Concat(otherModuleKeyIds ?? Array.Empty<string>()),
                target => new SessionActionIam(target.Session));
        }

        /// <summary>The accounts to act in: through <paramref name="roles"/> when given (resolved in the organization as
        /// Get-StaleAccessKey -AccountId does; unknown ids are AccountNotFound errors), else the caller's own account only.</summary>
        public async Task<IReadOnlyList<AccountTarget>> ResolveAccountsAsync(IReadOnlyCollection<string> accountIds, RoleSessionOptions? roles,
            CancellationToken cancellationToken)
        {
            if (accountIds.Count == 0)
            {
                return Array.Empty<AccountTarget>();
            }

            var organization = new OrganizationService(_connection, _host);
            if (roles == null)
            {
                return new[] { await organization.CallerAccountAsync(cancellationToken).ConfigureAwait(false) };
            }

            return await organization.ListAccountsAsync(new AccountSelection { AccountIds = accountIds }, roles, cancellationToken).ConfigureAwait(false);
        }

        internal static bool IsLoopback(string url)
            => Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase));
    }
}
