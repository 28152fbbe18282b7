using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>Disable-StaleAccessKey: an Active key whose re-judged stage is Disable becomes Inactive and is tagged
    /// <c>disabled=&lt;now&gt;</c>. Keys under a Rotate rule are the rotation cmdlet's (RotationManaged).</summary>
    internal sealed class DisableKeyAction : KeyAction
    {
        public override string CommandName => "Disable-StaleAccessKey";

        internal override KeyDecision Screen(KeyFinding finding)
        {
            if (finding.Stage == nameof(KeyStage.Rotate))
            {
                return KeyDecision.Skip(ActionNames.None, ActionReasons.RotationManaged, "the rule's action is Rotate: Invoke-AccessKeyRotation acts on this key");
            }

            return finding.Stage == nameof(KeyStage.Disable)
                ? KeyDecision.Change(ActionNames.Disable)
                : KeyDecision.Skip(ActionNames.None, finding.Stage);
        }

        internal override KeyDecision Decide(string planned, LiveKey live, KeyFinding finding)
        {
            var verdict = live.Verdict;
            if (live.IsGone) return KeyDecision.Skip(planned, ActionReasons.KeyNotFound, live.Problem);
            if (!live.IsActive && live.Key != null) return KeyDecision.Skip(planned, ActionReasons.AlreadyInactive, "the key is Inactive already");
            if (live.IsUnread || verdict == null) return KeyDecision.Skip(planned, ActionReasons.ReadError, live.Problem);
            if (verdict.Stage == KeyStage.Exempt) return KeyDecision.Skip(planned, ActionReasons.Exempted, $"exempt now: {verdict.Exemption}");
            if (verdict.Settings?.Action == PolicyAction.Rotate)
            {
                return KeyDecision.Skip(planned, ActionReasons.RotationManaged, "the rule's action is Rotate: Invoke-AccessKeyRotation acts on this key");
            }

            if (verdict.Stage == KeyStage.Disable) return KeyDecision.Change(ActionNames.Disable);
            return IsUseBased(finding) && UsedSince(finding, live.Key!)
                ? KeyDecision.Skip(planned, ActionReasons.UsedSinceScan, $"used since the scan (last use {live.Key!.LastUsedDate:yyyy-MM-ddTHH:mm:ssZ}); now {verdict.Stage}")
                : KeyDecision.Skip(planned, ActionReasons.StageChanged, $"re-judged {verdict.Stage} at {verdict.EvaluatedAt:yyyy-MM-ddTHH:mm:ssZ}");
        }

        internal override async Task ApplyAsync(ActionStep step, KeyActionRecord record, CancellationToken cancellationToken)
        {
            // The tag goes first: a run stopped between the two calls then leaves an Active key tagged (the next run
            // disables it and writes the tag again), never an Inactive key without the record of who disabled it and when.
            var (value, reason, problem) = await ModuleTagWriter.WriteAsync(step, "disabled", step.Now, cancellationToken).ConfigureAwait(false);
            try
            {
                await step.Iam.UpdateAccessKeyAsync(step.UserName, step.AccessKeyId, "Inactive", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (reason.Length == 0)
            {
                await ModuleTagWriter.PutBackAsync(step, step.Live.ModuleTagValue).ConfigureAwait(false);
                throw;
            }

            record.Outcome = KeyActionOutcome.Done;
            record.Reason = reason;
            record.Message = $"set Inactive; Restore-AccessKey -AccountId {step.Finding.AccountId} -UserName {step.UserName} -AccessKeyId {step.AccessKeyId} (or -RunId {record.RunId}) undoes it (IAM's last-use data lags real use by up to hours, "
                + "so a key used just before the disable may have looked unused)" + (problem == null ? "" : $"; {problem}");
            NextFrom(record, step.Live.JudgedAfter(step.Judge, step.Now, KeyStatus.Inactive, reason.Length == 0 ? ModuleTagWriter.Parsed(value) : ModuleKeyTag.Disabled(step.Now)));
        }

        internal override string Describe(string action) => "Disable access key (set Inactive)";

        internal override BreakerCount CountsAgainst(string action) => action == ActionNames.Disable ? BreakerCount.Disable : BreakerCount.None;
    }
}
