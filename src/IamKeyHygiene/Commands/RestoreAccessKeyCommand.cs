using System;
using System.Collections.Generic;
using System.Management.Automation;
using IamKeyHygiene.Engine.Actions;

namespace IamKeyHygiene.Commands
{
    /// <summary>Restore-AccessKey, the undo: sets keys the module disabled back to Active and holds them at Warn
    /// (reason Restored) for -HoldDays, so the next daily run does not disable them again. Keys come as findings or
    /// results from the pipeline, by -AccountId -UserName -AccessKeyId, or as every key one run disabled (-RunId, read
    /// from the audit log at -AuditLogPath).</summary>
    [Cmdlet(VerbsData.Restore, "AccessKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = FindingsSet)]
    [OutputType(typeof(KeyActionResult))]
    public sealed class RestoreAccessKeyCommand : KeyActionCmdletBase
    {
        private const string KeyIdSet = "AccessKeyId";
        private const string RunIdSet = "RunId";
        private readonly RestoreOptions _options = new RestoreOptions();
        private KeyAction? _action;

        /// <summary>The key to restore (with -AccountId and -UserName: IAM names a key by its user).</summary>
        [Parameter(Mandatory = true, ParameterSetName = KeyIdSet)]
        [ValidatePattern(@"^[A-Z0-9]{16,128}$")]
        public string? AccessKeyId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeyIdSet)]
        [ValidatePattern(@"^[\w+=,.@-]{1,64}$")]
        public string? UserName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeyIdSet)]
        [ValidatePattern(@"^\d{12}$")]
        public string? AccountId { get; set; }

        /// <summary>Restores every key this run (of Disable-StaleAccessKey or a rotation) set Inactive, as its audit
        /// log at -AuditLogPath records: proof even where the run could not write the tag (TagQuotaFull).</summary>
        [Parameter(Mandatory = true, ParameterSetName = RunIdSet)]
        [ValidateNotNullOrEmpty]
        public string? RunId { get; set; }

        /// <summary>Days the judge keeps a restored key at Warn (reason Restored): 1–90, default 7.</summary>
        [Parameter]
        [ValidateRange(1, RestoreOptions.MaxHoldDays)]
        public int HoldDays { get; set; } = RestoreOptions.DefaultHoldDays;

        /// <summary>Also restores Inactive keys the module did not disable (someone else did, perhaps after a
        /// compromise); the confirmation and the audit log say so (reason DisabledElsewhere).</summary>
        [Parameter]
        public SwitchParameter IncludeKeysDisabledElsewhere { get; set; }

        private protected override KeyAction Action => _action ??= KeyAction.Restore(_options);

        private protected override void Override(ActionSettings settings)
        {
            _options.HoldDays = HoldDays;
            _options.IncludeKeysDisabledElsewhere = IncludeKeysDisabledElsewhere.IsPresent;
        }

        private protected override IReadOnlyList<(string AccountId, string UserName, string AccessKeyId)> NamedKeys()
        {
            if (ParameterSetName == KeyIdSet)
            {
                return new[] { (AccountId!, UserName!, AccessKeyId!) };
            }

            if (ParameterSetName != RunIdSet)
            {
                return Array.Empty<(string, string, string)>();
            }

            var lines = WaitForEngine(ct => System.Threading.Tasks.Task.Run(() => AuditLogParameter.ReadRun(this, AuditLogPath, () => Connection, EngineHost, RunId!, ct), ct));
            var keys = RestoreSources.DisabledBy(lines, _options);
            if (keys.Count == 0)
            {
                WriteWarning($"The audit log has no key that run {RunId} disabled ({lines.Count} lines of that run); nothing to restore.");
            }

            return keys;
        }
    }
}
