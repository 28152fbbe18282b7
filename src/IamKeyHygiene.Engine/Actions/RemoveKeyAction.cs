using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>Remove-StaleAccessKey: deletes an Inactive key whose re-judged stage is Delete (the recovery window has
    /// passed); an Inactive key past its delete age without the module's tag is tagged <c>seen-inactive=&lt;now&gt;</c>
    /// instead (Deferred). An Active key is never deleted, whatever the input says (KeyActive).</summary>
    internal sealed class RemoveKeyAction : KeyAction
    {
        private const string AwaitingTag = nameof(KeyReason.AwaitingSeenInactiveTag);

        public override string CommandName => "Remove-StaleAccessKey";

        internal override KeyDecision Screen(KeyFinding finding)
        {
            if (finding.Stage == nameof(KeyStage.Delete)) return KeyDecision.Change(ActionNames.Delete);
            return finding.Stage == nameof(KeyStage.Warn) && finding.Reasons.Contains(AwaitingTag)
                ? KeyDecision.Change(ActionNames.TagSeenInactive)
                : KeyDecision.Skip(ActionNames.None, finding.Stage);
        }

        internal override KeyDecision Decide(string planned, LiveKey live, KeyFinding finding)
        {
            var verdict = live.Verdict;
            if (live.IsGone) return KeyDecision.Skip(planned, ActionReasons.KeyNotFound, live.Problem);
            if (live.IsActive) return KeyDecision.Block(planned, ActionReasons.KeyActive, "the key is Active: Remove-StaleAccessKey never deletes an Active key");
            if (live.IsUnread || verdict == null) return KeyDecision.Skip(planned, ActionReasons.ReadError, live.Problem);
            if (verdict.Stage == KeyStage.Exempt) return KeyDecision.Skip(planned, ActionReasons.Exempted, $"exempt now: {verdict.Exemption}");
            if (verdict.Stage == KeyStage.Delete) return KeyDecision.Change(ActionNames.Delete);
            return verdict.Stage == KeyStage.Warn && verdict.Reasons.Contains(KeyReason.AwaitingSeenInactiveTag)
                ? KeyDecision.Change(ActionNames.TagSeenInactive)
                : KeyDecision.Skip(planned, ActionReasons.StageChanged, $"re-judged {verdict.Stage} [{string.Join(", ", verdict.Reasons)}] at {verdict.EvaluatedAt:yyyy-MM-ddTHH:mm:ssZ}");
        }

        internal override async Task ApplyAsync(ActionStep step, KeyActionRecord record, CancellationToken cancellationToken)
        {
            if (step.Action == ActionNames.Delete)
            {
                await step.Iam.DeleteAccessKeyAsync(step.UserName, step.AccessKeyId, cancellationToken).ConfigureAwait(false);
                record.Outcome = KeyActionOutcome.Done;
                record.Message = "deleted (it cannot be restored)";
                return;
            }

            var (value, reason, problem) = await ModuleTagWriter.WriteAsync(step, "seen-inactive", step.Now, cancellationToken).ConfigureAwait(false);
            if (reason.Length > 0)
            {
                record.Outcome = KeyActionOutcome.Blocked;
                record.Reason = reason;
                record.Message = $"{problem}: without the tag the key is never deleted";
                return;
            }

            record.Outcome = KeyActionOutcome.Deferred;
            record.Reason = ActionReasons.AwaitingSeenInactiveTag;
            record.Message = "tagged seen-inactive; a later run deletes it once the recovery window has passed";
            NextFrom(record, step.Live.JudgedAfter(step.Judge, step.Now, KeyStatus.Inactive, ModuleTagWriter.Parsed(value)));
        }

        internal override string Describe(string action)
            => action == ActionNames.Delete ? "Delete access key (permanent)" : "Tag access key seen-inactive (deleted after the recovery window)";

        internal override BreakerCount CountsAgainst(string action) => action == ActionNames.Delete ? BreakerCount.Delete : BreakerCount.None;
    }
}
