using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Models;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// Get-StaleAccessKey: reads every user's access keys in each account (or the caller's own), judges them by
    /// the policy, and writes a finding for every key that is not Healthy (all keys with -IncludeHealthy).
    /// Accounts are read -ThrottleLimit at a time; findings are written on the pipeline thread as accounts
    /// complete; an account that cannot be read is a non-terminating error and the others go on.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "StaleAccessKey")]
    [OutputType(typeof(AccessKeyFinding))]
    public sealed class GetStaleAccessKeyCommand : AwsCmdletBase, IDisposable
    {
        private readonly HashSet<string> _accountsSeen = new HashSet<string>(StringComparer.Ordinal);
        private HygienePolicy? _policy;
        private EngineClock? _clock;
        private OrganizationScan? _scan;

        /// <summary>Accounts from Get-OrganizationAccount. Without any, the caller's own account is scanned.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public AccountContext[]? Account { get; set; }

        /// <summary>A policy from New-KeyHygienePolicy, or the path of a policy JSON file. Default: DESIGN.md's numbers.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Policy { get; set; }

        /// <summary>A reviewed exemptions file (JSON).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExemptionsPath { get; set; }

        /// <summary>An owners file (JSON).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OwnersPath { get; set; }

        /// <summary>Write Healthy keys too.</summary>
        [Parameter]
        public SwitchParameter IncludeHealthy { get; set; }

        /// <summary>Judge as of this instant instead of now (a preview of a future day).</summary>
        [Parameter]
        public DateTime? AsOf { get; set; }

        /// <summary>Auto (credential report triage, live when the report is too old or cannot be made),
        /// CredentialReport, or Live.</summary>
        [Parameter]
        public KeySourceName Source { get; set; } = KeySourceName.Auto;

        /// <summary>Under -Source Auto, an account whose credential report is older than this is read live. Default 4 h.</summary>
        [Parameter]
        public TimeSpan ReportMaxAge { get; set; } = TimeSpan.FromHours(4);

        /// <summary>Accounts read at the same time (1–256, default 32); four times as many calls at once prepare the
        /// next accounts (role, credential report) ahead of the reads.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = ScanSettings.DefaultThrottleLimit;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Everything configured is read and validated before the first AWS call; a mistake is terminating.
            if (ReportMaxAge <= TimeSpan.Zero)
            {
                StopWith(new EngineException(ErrorCatalog.InvalidReportMaxAge, ReportMaxAge.ToString(), "-ReportMaxAge must be longer than zero."));
            }

            try
            {
                _clock = EngineClock.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException exception)
            {
                StopWith(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, exception.Message, exception));
            }

            try
            {
                _policy = LoadPolicy();
            }
            catch (EngineException exception)
            {
                StopWith(exception);
            }
        }

        protected override void ProcessRecord()
        {
            if (Account == null)
            {
                return;
            }

            foreach (var account in Account)
            {
                if (_accountsSeen.Add(account.AccountId))
                {
                    EnsureScan().Add(account.Target);
                }
            }

            WriteQueued();
        }

        protected override void EndProcessing()
        {
            var scan = EnsureScan();
            // The caller's own account only when no account was given at all: an empty pipeline (an OU without
            // accounts, say) scans nothing rather than the caller's account.
            if (_accountsSeen.Count == 0 && !MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(Account)))
            {
                var connection = Connection;
                // The caller's first call: its failure (CredentialsRejected for a wrong secret) is terminating.
                var organization = new OrganizationService(connection, EngineHost);
                scan.Add(WaitForEngine(organization.CallerAccountAsync));
            }

            scan.CompleteAdding();
            WaitForEngine(_ => scan.Completion);
            base.EndProcessing();
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _scan?.Cancel();
        }

        /// <summary>-Policy as a path (or FileInfo) or a policy object; -ExemptionsPath and -OwnersPath on top.</summary>
        private HygienePolicy LoadPolicy()
        {
            var input = Policy is PSObject wrapped ? wrapped.BaseObject : Policy;
            string? policyPath = null;
            HygienePolicy? policy = null;
            switch (input)
            {
                case null:
                    break;
                case string path:
                    policyPath = FullPath(path);
                    break;
                case System.IO.FileInfo file:
                    policyPath = file.FullName;
                    break;
                default:
                    policy = EnginePolicyOf(input) ?? throw new PolicyValidationException(null, null, "Policy",
                        $"expects a policy from New-KeyHygienePolicy or the path of a policy file, not a {input.GetType().Name}.");
                    break;
            }

            return PolicyService.ForScan(policy, policyPath, FullPathOrNull(ExemptionsPath), FullPathOrNull(OwnersPath));
        }

        /// <summary>The engine policy inside a KeyHygienePolicy (what New-KeyHygienePolicy writes).</summary>
        private static HygienePolicy? EnginePolicyOf(object input) => (input as KeyHygienePolicy)?.Engine;

        private string FullPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        private string? FullPathOrNull(string? path) => path == null ? null : FullPath(path);

        private OrganizationScan EnsureScan()
        {
            if (_scan == null)
            {
                var settings = new ScanSettings
                {
                    Source = (KeySource)(int)Source,
                    ReportMaxAge = ReportMaxAge,
                    ThrottleLimit = ThrottleLimit,
                    IncludeHealthy = IncludeHealthy.IsPresent,
                };
                DateTimeOffset? asOf = AsOf.HasValue ? new DateTimeOffset(AsOf.Value.ToUniversalTime(), TimeSpan.Zero) : (DateTimeOffset?)null;
                _scan = new ScanService(EngineHost).Start(_policy!, settings, _clock!, asOf, CancellationToken);
            }

            return _scan;
        }

        /// <summary>The scan writes the engine's findings; PowerShell gets the cmdlet's.</summary>
        private protected override object ToOutput(object result) => new AccessKeyFinding((KeyFinding)result);

        /// <summary>PowerShell disposes the cmdlet when the pipeline ends, however it ends: the scan goes with it,
        /// cancelling anything still running.</summary>
        void IDisposable.Dispose()
        {
            _scan?.Dispose();
            Dispose();
        }
    }

    /// <summary>The values of -Source (a cmdlet-assembly enum, so PowerShell can name and complete them).</summary>
    public enum KeySourceName
    {
        Auto = 0,
        CredentialReport = 1,
        Live = 2,
    }
}
