using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// What one action cmdlet does to a key, as a strategy for <see cref="KeyActionRun"/>, which owns the flow every
    /// action shares (collect, rails, circuit breaker, ShouldProcess, accounts in parallel, re-judge, audit, results).
    /// An action says three things: what a finding asks of it (<see cref="Screen"/>, no AWS call), whether the key as
    /// re-read and re-judged still warrants it (<see cref="Decide"/>), and how to make the change (<see cref="ApplyAsync"/>).
    /// </summary>
    public abstract class KeyAction
    {
        /// <summary>Disable-StaleAccessKey: Active keys at stage Disable become Inactive, tagged disabled=&lt;now&gt;.</summary>
        public static KeyAction Disable { get; } = new DisableKeyAction();

        /// <summary>Remove-StaleAccessKey: Inactive keys at stage Delete are deleted; those awaiting the module's tag get seen-inactive=&lt;now&gt;.</summary>
        public static KeyAction Remove { get; } = new RemoveKeyAction();

        /// <summary>Restore-AccessKey: Inactive keys the module disabled become Active, held at Warn for <see cref="RestoreOptions.HoldDays"/>.</summary>
        public static KeyAction Restore(RestoreOptions options) => new RestoreKeyAction(options ?? throw new ArgumentNullException(nameof(options)));
        /// <summary>Invoke-AccessKeyRotation: per key by its re-judged stage in rotation mode (Rotate: a successor stored
        /// in Secrets Manager and verified; Disable: deactivate the old key; Delete: delete it once Inactive).</summary>
        public static KeyAction Rotate(RotationOptions options, Aws.AwsConnection connection) => new RotateKeyAction(options, connection);

        /// <summary>Invoke-KeyHygiene: per key by the effective rule's action (DisableDelete: Disable, Remove; Rotate: Rotate),
        /// each through that cmdlet's own action.</summary>
        public static KeyAction ByRule(RotationOptions options, Aws.AwsConnection connection) => new ByRuleKeyAction(Rotate(options, connection));

        private protected KeyAction() { }

        /// <summary>The cmdlet's name, for messages.</summary>
        public abstract string CommandName { get; }

        /// <summary>False when the action takes keys, not judgements (Restore): the run then skips the rails about the
        /// finding's judgement (preview, policy hash) and re-judges only for the result's next stage.</summary>
        internal virtual bool ActsOnFindingsJudgement => true;

        /// <summary>What the finding asks of this action: <see cref="KeyDecision.Change"/> with the action's name, or a
        /// pass-through (Skipped with the stage or a reason). Decides from the finding alone.</summary>
        internal abstract KeyDecision Screen(KeyFinding finding);

        /// <summary>Whether the live key still warrants <paramref name="planned"/>, and the action it now warrants.</summary>
        internal abstract KeyDecision Decide(string planned, LiveKey live, KeyFinding finding);

        /// <summary>Makes the change and fills the record's outcome, reason, message and next stage. An AWS error of the
        /// change itself is thrown (the run makes it Failed); what follows the change (the tag) is reported in the record.</summary>
        internal abstract Task ApplyAsync(ActionStep step, KeyActionRecord record, CancellationToken cancellationToken);

        /// <summary>The ShouldProcess action text for <paramref name="action"/>.</summary>
        internal abstract string Describe(string action);

        /// <summary>Which circuit-breaker count <paramref name="action"/> adds to.</summary>
        internal abstract BreakerCount CountsAgainst(string action);

        /// <summary>Fills the record's next stage and its date from the verdict on the key as the change left it (as a
        /// finding's NextStage: the stage reached next, e.g. Delete for a key just disabled).</summary>
        private protected static void NextFrom(KeyActionRecord record, KeyVerdict verdict)
        {
            record.NextStage = verdict.NextStage?.ToString();
            record.NextStageDate = verdict.NextStageDate;
        }

        /// <summary>"Unused" and "NeverUsed": stages a use of the key ends.</summary>
        private protected static bool IsUseBased(KeyFinding finding)
            => finding.Reasons.Contains(nameof(KeyReason.Unused)) || finding.Reasons.Contains(nameof(KeyReason.NeverUsed));

        private protected static bool UsedSince(KeyFinding finding, AccessKeyFacts live)
            => live.LastUsedDate.HasValue && (!finding.LastUsedDate.HasValue || live.LastUsedDate.Value > finding.LastUsedDate.Value);
    }

    /// <summary>The circuit breaker's counts.</summary>
    internal enum BreakerCount
    {
        None,
        Disable,
        Delete,
    }

    /// <summary>What an action needs to make its change on one key.</summary>
    internal sealed class ActionStep
    {
        public ActionStep(IActionIam iam, KeyFinding finding, LiveKey live, string action, KeyJudge judge, DateTimeOffset now)
        {
            Iam = iam;
            Finding = finding;
            Live = live;
            Action = action;
            Judge = judge;
            Now = now;
        }

        public IActionIam Iam { get; }
        public KeyFinding Finding { get; }
        public LiveKey Live { get; }
        public string Action { get; }
        public KeyJudge Judge { get; }
        public DateTimeOffset Now { get; }

        /// <summary>The run's host: rotation writes the -PassThru SecureString through it (never a plain secret).</summary>
        public IEngineHost? Host { get; set; }
        public string UserName => Finding.UserName;
        public string AccessKeyId => Finding.AccessKeyId;
    }
}
