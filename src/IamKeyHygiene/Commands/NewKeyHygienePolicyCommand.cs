using System.Management.Automation;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Errors;
using IamKeyHygiene.Models;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// <para type="synopsis">Builds a key hygiene policy from parameters, or loads and validates a policy file.</para>
    /// <para type="description">Every threshold is a whole number of days; a threshold of N is reached when the
    /// key's age (or days since last use) is at least N whole days. Any invalid value, unknown field or
    /// out-of-order threshold is a terminating error with id InvalidPolicy naming the file, line and field.
    /// Nothing here calls AWS.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "KeyHygienePolicy", DefaultParameterSetName = FromParametersSet)]
    [OutputType(typeof(KeyHygienePolicy))]
    public sealed class NewKeyHygienePolicyCommand : PSCmdlet
    {
        private const string FromParametersSet = "FromParameters";
        private const string FromFileSet = "FromFile";

        /// <summary><para type="description">A policy JSON file (see docs/policy.md). Relative exemptionsPath and ownersPath inside it resolve next to it.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromFileSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary><para type="description">The exemptions JSON file; overrides the policy file's exemptionsPath.</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExemptionsPath { get; set; }

        /// <summary><para type="description">The owners JSON file; overrides the policy file's ownersPath.</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OwnersPath { get; set; }

        /// <summary><para type="description">DisableDelete (warn, disable, delete) or Rotate (rotate, deactivate, delete). Default DisableDelete.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public KeyHygieneAction Action { get; set; }

        /// <summary><para type="description">How far Invoke-KeyHygiene goes: Audit (every read, nothing sent or changed), Notify (notices, no key changed) or Enforce (acts). Default: Audit.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        [ValidateSet("Audit", "Notify", "Enforce")]
        public string? Mode { get; set; }

        /// <summary><para type="description">Age in days from which an Active key is reported as Warn. Default 80.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int WarnAgeDays { get; set; }

        /// <summary><para type="description">Age in days at which an Active key is disabled. Default 90.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int DisableAgeDays { get; set; }

        /// <summary><para type="description">Age in days at which an Inactive key is deleted (after the recovery window). Default 150.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int DeleteAgeDays { get; set; }

        /// <summary><para type="description">Days after the module disabled a key (or first saw it Inactive) before it may be deleted. Default 10.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int RecoveryWindowDays { get; set; }

        /// <summary><para type="description">Days since last use (or creation, if never used) from which an Active key is reported as Warn. Default 45.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int UnusedWarnDays { get; set; }

        /// <summary><para type="description">Days since last use (or creation, if never used) at which an Active key is disabled. Default 90.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int UnusedDisableDays { get; set; }

        /// <summary><para type="description">Rotation mode: age at which a successor key is made. Default 90.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int RotateAgeDays { get; set; }

        /// <summary><para type="description">Rotation mode: age at which the old key is deactivated, once its successor exists. Default 100.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int RotationDeactivateDays { get; set; }

        /// <summary><para type="description">Rotation mode: age at which the deactivated old key is deleted. Default 110.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int RotationDeleteDays { get; set; }

        /// <summary><para type="description">Report and notify only: stages above Warn are held at Warn.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public SwitchParameter NotifyOnly { get; set; }

        /// <summary><para type="description">Circuit breaker: a run that would disable more keys stops before its first change. Default 25.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int MaxDisablePerRun { get; set; }

        /// <summary><para type="description">Circuit breaker: a run that would delete more keys stops before its first change. Default 25.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int MaxDeletePerRun { get; set; }

        /// <summary><para type="description">Circuit breaker: the largest percentage of inventoried active keys a run may disable. Default 10.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int MaxDisablePercent { get; set; }

        /// <summary><para type="description">The percentage limit applies once at least this many active keys were seen. Default 50.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public int MaxDisablePercentMinKeys { get; set; }

        /// <summary><para type="description">User tag keys read for the owner, in order. Default owner, email, slack-id.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public string[]? OwnerTagKey { get; set; }

        /// <summary><para type="description">The user tag that exempts a user's keys. Default keyhygiene:exempt.</para></summary>
        [Parameter(ParameterSetName = FromParametersSet)]
        public string? ExemptionTagKey { get; set; }

        protected override void ProcessRecord()
        {
            HygienePolicy policy;
            try
            {
                policy = ParameterSetName == FromFileSet ? LoadFile() : FromParameters();
            }
            catch (PolicyValidationException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e));
                return;
            }
            WarnEndedExemptions(policy);
            WriteVerbose($"Policy {policy.SourcePath ?? "from parameters"}: {policy.Rules.Count} rule(s), " +
                $"{policy.Exemptions.Entries.Count} exemption(s), {policy.Owners.Count} owner entr(ies), hash {policy.Hash}.");
            WriteObject(new KeyHygienePolicy(policy));
        }

        /// <summary>An exemption that has already ended at the module clock exempts nothing: a warning names its file and line.</summary>
        private void WarnEndedExemptions(HygienePolicy policy)
        {
            if (policy.Exemptions.Entries.Count == 0) return;
            EngineClock clock;
            try
            {
                clock = EngineClock.FromEnvironment(System.Environment.GetEnvironmentVariable);
            }
            catch (System.ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, e.Message, e)));
                return;
            }
            foreach (var warning in PolicyService.EndedExemptionWarnings(policy, clock)) WriteWarning(warning);
        }

        private HygienePolicy LoadFile()
            => PolicyService.FromFile(Resolve(Path)!, Resolve(ExemptionsPath), Resolve(OwnersPath));

        private HygienePolicy FromParameters()
        {
            var parameters = new PolicyParameters
            {
                Action = Bound(nameof(Action)) ? (Action == KeyHygieneAction.Rotate ? PolicyAction.Rotate : PolicyAction.DisableDelete) : (PolicyAction?)null,
                NotifyOnly = Bound(nameof(NotifyOnly)) ? NotifyOnly.IsPresent : (bool?)null,
                Mode = Mode != null && PolicyParameters.TryParseMode(Mode, out var mode) ? mode : (RunMode?)null,
                MaxDisablePerRun = Optional(nameof(MaxDisablePerRun), MaxDisablePerRun),
                MaxDeletePerRun = Optional(nameof(MaxDeletePerRun), MaxDeletePerRun),
                MaxDisablePercent = Optional(nameof(MaxDisablePercent), MaxDisablePercent),
                MaxDisablePercentMinKeys = Optional(nameof(MaxDisablePercentMinKeys), MaxDisablePercentMinKeys),
                OwnerTagKeys = OwnerTagKey,
                ExemptionTagKey = ExemptionTagKey,
                ExemptionsPath = Resolve(ExemptionsPath),
                OwnersPath = Resolve(OwnersPath),
            };
            SetIfBound(parameters, ThresholdField.WarnAgeDays, nameof(WarnAgeDays), WarnAgeDays);
            SetIfBound(parameters, ThresholdField.DisableAgeDays, nameof(DisableAgeDays), DisableAgeDays);
            SetIfBound(parameters, ThresholdField.DeleteAgeDays, nameof(DeleteAgeDays), DeleteAgeDays);
            SetIfBound(parameters, ThresholdField.RecoveryWindowDays, nameof(RecoveryWindowDays), RecoveryWindowDays);
            SetIfBound(parameters, ThresholdField.UnusedWarnDays, nameof(UnusedWarnDays), UnusedWarnDays);
            SetIfBound(parameters, ThresholdField.UnusedDisableDays, nameof(UnusedDisableDays), UnusedDisableDays);
            SetIfBound(parameters, ThresholdField.RotateAgeDays, nameof(RotateAgeDays), RotateAgeDays);
            SetIfBound(parameters, ThresholdField.RotationDeactivateDays, nameof(RotationDeactivateDays), RotationDeactivateDays);
            SetIfBound(parameters, ThresholdField.RotationDeleteDays, nameof(RotationDeleteDays), RotationDeleteDays);
            return PolicyService.FromParameters(parameters);
        }

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        private int? Optional(string name, int value) => Bound(name) ? value : (int?)null;

        private void SetIfBound(PolicyParameters parameters, ThresholdField field, string name, int value)
        {
            if (Bound(name)) parameters.Set(field, value);
        }

        private string? Resolve(string? path)
            => path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
    }
}
