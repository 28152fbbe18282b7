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
    [Cmdlet(VerbsCommon.Get, "StaleAccessKey", DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(AccessKeyFinding))]
    public sealed class GetStaleAccessKeyCommand : AwsCmdletBase, IDisposable
    {
        private const string AccountSet = "Account";
        private const string AccountIdSet = "AccountId";

        private readonly List<string> _accountIds = new List<string>();
        private readonly HashSet<string> _accountsSeen = new HashSet<string>(StringComparer.Ordinal);
        private HygienePolicy? _policy;
        private EngineClock? _clock;
        private OrganizationScan? _scan;

        /// <summary>Accounts from Get-OrganizationAccount. Without any, the caller's own account is scanned.</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = AccountSet)]
        [ValidateNotNull]
        public AccountContext[]? Account { get; set; }

        /// <summary>Account ids (strings, or objects with an AccountId property such as Import-Csv rows), resolved
        /// through the organization like Get-OrganizationAccount -AccountId and reached through -RoleName.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccountIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^\d{12}$")]
        public string[]? AccountId { get; set; }

        /// <summary>With -AccountId: the role to assume in each account other than the caller's.</summary>
        [Parameter(ParameterSetName = AccountIdSet)]
        [ValidateNotNullOrEmpty]
        public string? RoleName { get; set; }

        /// <summary>With -AccountId: the external id the role's trust policy requires.</summary>
        [Parameter(ParameterSetName = AccountIdSet)]
        [ValidateNotNullOrEmpty]
        public string? ExternalId { get; set; }

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

        /// <summary>Preview a later day: keys are judged at the later of this and the module's clock; more than 24 hours
        /// before the clock is refused (InvalidAsOf).</summary>
        [Parameter]
        public DateTime? AsOf { get; set; }

        /// <summary>Auto (credential report triage, live when the report is too old or cannot be made),
        /// CredentialReport, or Live.</summary>
        [Parameter]
        public KeySourceName Source { get; set; } = KeySourceName.Auto;

        /// <summary>Under -Source Auto, an account whose credential report is older than this is read live: '4h', '30m',
        /// '1d', '04:00:00' or a TimeSpan, at least a minute. Default 4h.</summary>
        [Parameter]
        [DurationTransformation]
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
            if (ReportMaxAge < TimeSpan.FromMinutes(1))
            {
                StopWith(new EngineException(ErrorCatalog.InvalidReportMaxAge, ReportMaxAge.ToString(),
                    $"-ReportMaxAge {ReportMaxAge} is shorter than one minute: give a duration such as {DurationTransformationAttribute.Forms}."));
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
                ScanService.CheckAsOf(AsOfUtc, _clock!);
            }
            catch (EngineException exception)
            {
                StopWith(exception);
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
            // Ids arrive record by record (a CSV of hundreds): gathered here, resolved together in EndProcessing.
            if (ParameterSetName == AccountIdSet)
            {
                _accountIds.AddRange(AccountId ?? Array.Empty<string>());
                return;
            }

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
            if (ParameterSetName == AccountIdSet)
            {
                AddAccountsById(scan);
            }
            else if (_accountsSeen.Count == 0 && !MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(Account)))
            {
                // The caller's own account only when no account was given at all: an empty pipeline (an OU without
                // accounts, say) scans nothing rather than the caller's account.
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

        /// <summary>-AccountId: one organization read for all the ids given (unknown ones are non-terminating
        /// AccountNotFound errors), each account reached through -RoleName.</summary>
        private void AddAccountsById(OrganizationScan scan)
        {
            if (_accountIds.Count == 0)
            {
                return;
            }

            var selection = new AccountSelection { AccountIds = _accountIds.ToArray() };
            var roles = RoleName == null ? null : new RoleSessionOptions(RoleName) { ExternalId = ExternalId };
            var organization = new OrganizationService(Connection, EngineHost);
            foreach (var target in WaitForEngine(ct => organization.ListAccountsAsync(selection, roles, ct)))
            {
                if (_accountsSeen.Add(target.Account.AccountId))
                {
                    scan.Add(target);
                }
            }
        }

        /// <summary>-AsOf as a UTC instant (a DateTime without a kind is local, as Get-Date gives it).</summary>
        private DateTimeOffset? AsOfUtc => AsOf.HasValue ? new DateTimeOffset(AsOf.Value.ToUniversalTime(), TimeSpan.Zero) : (DateTimeOffset?)null;

        /// <summary>-Policy as a path (or FileInfo) or a policy object; -ExemptionsPath and -OwnersPath on top.</summary>
        private HygienePolicy LoadPolicy() => PolicyParameter.Load(this, Policy, ExemptionsPath, OwnersPath);

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
                _scan = new ScanService(EngineHost).Start(_policy!, settings, _clock!, AsOfUtc, CancellationToken);
            }

            return _scan;
        }

        /// <summary>The scan writes the engine's findings and summary; PowerShell gets the cmdlet's (findings with readable
        /// export text).</summary>
        private protected override object ToOutput(object result) => result is Engine.Scan.ScanTotals summary
            ? new ScanSummary(summary)
            : ExportText.WithReadableText(new AccessKeyFinding((KeyFinding)result));

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
