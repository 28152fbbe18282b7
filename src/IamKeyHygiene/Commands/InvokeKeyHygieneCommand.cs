using System;
using System.Management.Automation;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Run;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// Invoke-KeyHygiene: the scheduled run in one cmdlet. Enumerate the organization's accounts, judge every key, act
    /// on each by its effective rule's action, tell the owners, write the audit log and the run history, and return one
    /// HygieneRunSummary. The policy's mode (or -Mode) says how far it goes. The engine's HygieneRunService does the
    /// work through the same engine paths as the single cmdlets; this class only binds.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "KeyHygiene", DefaultParameterSetName = AllSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HygieneRunSummary))]
    public sealed class InvokeKeyHygieneCommand : NoticeCmdletBase
    {
        private const string AllSet = "All";
        private const string OrganizationalUnitSet = "OrganizationalUnit";
        private const string AccountIdSet = "AccountId";

        private HygienePolicy? _policy;
        private EngineClock? _clock;
        private Engine.Notices.Templates.TemplateSet? _templates;

        /// <summary>The policy: the path of a policy file or a policy from New-KeyHygienePolicy. Its mode (Audit by default) says how far the run goes.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public object? Policy { get; set; }

        /// <summary>An exemptions file (JSON) that overrides the policy file's exemptionsPath.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExemptionsPath { get; set; }

        /// <summary>An owners file (JSON) that overrides the policy file's ownersPath.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OwnersPath { get; set; }

        /// <summary>Overrides the policy's mode for this run: Audit (every read, the re-judge reads included; nothing sent or changed), Notify (notices sent, no key changed) or Enforce (keys disabled, deleted or rotated; notices sent).</summary>
        [Parameter]
        [ValidateSet("Audit", "Notify", "Enforce")]
        public string? Mode { get; set; }

        /// <summary>Only accounts under this OU (its direct children unless -Recurse).</summary>
        [Parameter(Mandatory = true, ParameterSetName = OrganizationalUnitSet)]
        [ValidatePattern(@"^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$")]
        public string? OrganizationalUnitId { get; set; }

        /// <summary>With -OrganizationalUnitId: accounts of nested OUs too.</summary>
        [Parameter(ParameterSetName = OrganizationalUnitSet)]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Only these accounts of the organization.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccountIdSet)]
        [ValidatePattern(@"^\d{12}$")]
        public string[]? AccountId { get; set; }

        /// <summary>Accounts to leave out.</summary>
        [Parameter]
        [ValidatePattern(@"^\d{12}$")]
        public string[]? ExcludeAccountId { get; set; }

        /// <summary>The role to assume in each account other than the caller's. With it (and no -OrganizationalUnitId or -AccountId) the run covers every ACTIVE account of the organization; without it only the caller's own account.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RoleName { get; set; }

        /// <summary>The external id the role's trust policy requires.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExternalId { get; set; }

        /// <summary>Role session length in seconds (900–43200; the role's maximum applies). Default: 3600.</summary>
        [Parameter]
        [ValidateRange(900, 43200)]
        public int DurationSeconds { get; set; } = RoleSessionOptions.DefaultDurationSeconds;

        /// <summary>The most keys this run may disable, instead of the policy's MaxDisablePerRun (25); it also lifts the MaxDisablePercent rule. The explicit override of the circuit breaker (never -Force).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? MaxDisable { get; set; }

        /// <summary>The most keys this run may delete, instead of the policy's MaxDeletePerRun (25).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? MaxDelete { get; set; }

        /// <summary>Where the audit log goes: a local JSON-lines file (appended, flushed per line) or an s3://bucket/prefix URI (one part object per line). Default: IamKeyHygiene/audit/audit.jsonl under the local application data folder (docs/records.md).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuditLogPath { get; set; }

        /// <summary>Where the run's history line goes: a local JSON-lines file or an s3://bucket/prefix URI (docs/records.md). Default: IamKeyHygiene/history/runs.jsonl under the local application data folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunHistoryPath { get; set; }

        /// <summary>After writing the summary, end with a terminating HygieneRunFailed error when any account failed, so a scheduler marks the job failed.</summary>
        [Parameter]
        public SwitchParameter FailOnError { get; set; }

        /// <summary>Accounts read at the same time (1–64); also the accounts acted in at once. Default: 32.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ScanSettings.DefaultThrottleLimit;

        /// <summary>For keys under a Rotate rule: the account whose Secrets Manager holds the new keys; without it, each key's own account. Needs -SecretRoleName and -KmsKeyId (as Invoke-AccessKeyRotation).</summary>
        [Parameter]
        [ValidatePattern("^[0-9]{12}$")]
        public string? SecretAccountId { get; set; }

        /// <summary>The role assumed in -SecretAccountId to write the secrets.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SecretRoleName { get; set; }

        /// <summary>The secret's name; {AccountId} and {UserName} stand for the key's account and user. Default: iam-user/{AccountId}/{UserName}.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string SecretNameFormat { get; set; } = RotationOptions.DefaultSecretNameFormat;

        /// <summary>The customer managed KMS key (id, ARN or alias) a new secret is encrypted with; required with -SecretAccountId.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KmsKeyId { get; set; }

        /// <summary>Principals (ARNs) the secret's resource policy also lets read it, besides the key's own user.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? SecretReaderArn { get; set; }

        /// <summary>Skips the confirmation of each change only (a runbook never prompts); never a safety rail: not the mode, not the circuit breaker, not the re-judge.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                _clock = EngineClock.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException exception)
            {
                StopWith(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, exception.Message, exception));
            }

            if (SecretAccountId != null && (KmsKeyId == null || SecretRoleName == null))
            {
                StopWith(new EngineException(ErrorCatalog.SecretKmsKeyRequired, KmsKeyId == null ? "KmsKeyId" : "SecretRoleName",
                    $"-SecretAccountId {SecretAccountId} stores the keys in another account: give -SecretRoleName and -KmsKeyId (see Invoke-AccessKeyRotation)."));
            }

            try
            {
                _policy = PolicyParameter.Load(this, Policy, ExemptionsPath, OwnersPath);
                _templates = LoadTemplates();
            }
            catch (EngineException exception)
            {
                StopWith(exception);
            }
        }

        protected override void EndProcessing()
        {
            var runId = ActionService.NewRunId();
            HygieneRunResult result;
            using (var audit = Opened(() => AuditLogParameter.Open(this, AuditLogPath, () => Connection, EngineHost, runId)))
            using (var history = Opened(() => AuditLogParameter.OpenRunHistory(this, RunHistoryPath, () => Connection, EngineHost)))
            {
                var request = Request(runId, audit, history);
                var service = new HygieneRunService(Connection, EngineHost);
                result = WaitForEngine(ct => service.RunAsync(request, ct));
            }

            var summary = new HygieneRunSummary(result);
            WriteObject(summary);
            base.EndProcessing();
            if (result.BreakerStoppedRun)
            {
                StopWith(new EngineException(ErrorCatalog.CircuitBreakerTripped, $"{summary.BreakerTrip!.WouldDisable} disable, {summary.BreakerTrip.WouldDelete} delete",
                    $"{summary.BreakerTrip.Message} Nothing was changed; the notices and the summary went out. Check the findings, then run again with a larger -MaxDisable or -MaxDelete (never -Force) if they are right."));
            }

            if (FailOnError.IsPresent && summary.AccountsFailed > 0)
            {
                StopWith(new EngineException(ErrorCatalog.HygieneRunFailed, "FailOnError",
                    $"Run {summary.RunId}: {summary.AccountsFailed} account(s) failed ({string.Join(", ", summary.FailedAccountIds)}); the summary's Errors say why."));
            }
        }

        private HygieneRunRequest Request(string runId, IAuditLog audit, IRunHistoryWriter history)
        {
            var request = new HygieneRunRequest(_policy!, _clock!, audit)
            {
                RunId = runId,
                History = history,
                WhatIf = IsWhatIf,
                MaxDisable = MaxDisable,
                MaxDelete = MaxDelete,
                Scan = new ScanSettings { ThrottleLimit = ThrottleLimit },
                Roles = RoleName == null ? null : new RoleSessionOptions(RoleName) { ExternalId = ExternalId, DurationSeconds = DurationSeconds },
                Selection = Selection(),
                Rotation = new RotationOptions
                {
                    SecretAccountId = SecretAccountId,
                    SecretRoleName = SecretRoleName,
                    SecretNameFormat = SecretNameFormat,
                    KmsKeyId = KmsKeyId,
                    SecretReaderArns = SecretReaderArn ?? Array.Empty<string>(),
                    MemberRoleName = RoleName,
                    MemberExternalId = ExternalId,
                },
                Notices = NoticeSettings(),
                Templates = _templates,
                DefaultLanguage = DefaultLanguage,
            };
            if (Mode != null && PolicyParameters.TryParseMode(Mode, out var mode)) request.Mode = mode;
            return request;
        }

        /// <summary>The organization's accounts to run over; null (the caller's own account) without -RoleName and without a selection.</summary>
        private AccountSelection? Selection()
        {
            if (ParameterSetName == AllSet && RoleName == null) return null;
            return new AccountSelection
            {
                OrganizationalUnitId = OrganizationalUnitId,
                Recurse = Recurse.IsPresent,
                AccountIds = AccountId,
                ExcludeAccountIds = ExcludeAccountId,
            };
        }

        /// <summary>A record, opened before any AWS call; an EngineException (AuditLogUnavailable,
        /// RunHistoryUnavailable) is terminating.</summary>
        private T Opened<T>(Func<T> open)
        {
            try
            {
                return open();
            }
            catch (EngineException exception)
            {
                StopWith(exception);
                throw;
            }
        }

        private protected override bool ConfirmChange(string target, string action)
            => Force.IsPresent && !IsWhatIf ? true : ShouldProcess(target, action);
    }
}
