using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// Restore-AccessKey, the undo: sets an Inactive key the module disabled back to Active and writes
    /// <c>restored=&lt;now&gt; hold-until=&lt;now + hold&gt;</c> into its tag (the <c>disabled=</c> and
    /// <c>seen-inactive=</c> pairs go: the key is no longer Inactive), so the judge keeps it at Warn until then.
    /// Proof that the module disabled it: the tag's <c>disabled=</c>, or an audit line of the run given
    /// (<see cref="RestoreOptions.DisabledByRun"/>). Any other Inactive key is Blocked (DisabledElsewhere) unless
    /// <see cref="RestoreOptions.IncludeKeysDisabledElsewhere"/>.
    /// </summary>
    internal sealed class RestoreKeyAction : KeyAction
    {
        private readonly RestoreOptions _options;

        public RestoreKeyAction(RestoreOptions options) => _options = options;

        public override string CommandName => "Restore-AccessKey";

        /// <summary>Restore acts on keys, not on judgements: a finding's stage, preview flag and policy hash do not matter.</summary>
        internal override bool ActsOnFindingsJudgement => false;

        internal override KeyDecision Screen(KeyFinding finding) => KeyDecision.Change(ActionNames.Restore);

        internal override KeyDecision Decide(string planned, LiveKey live, KeyFinding finding)
        {
            if (live.IsGone) return KeyDecision.Skip(planned, ActionReasons.KeyNotFound, live.Problem);
            // Active with the module's disabled= still on it: a restore stopped between UpdateAccessKey and the tag; finish it.
            if (live.IsActive)
                return TagSaysDisabled(live) ? KeyDecision.Change(ActionNames.Restore) : KeyDecision.Skip(planned, ActionReasons.AlreadyActive, "the key is Active already");
            if (DisabledByModule(live, finding)) return KeyDecision.Change(ActionNames.Restore);
            if (live.Key == null || live.Tags == null) return KeyDecision.Skip(planned, ActionReasons.ReadError, live.Problem ?? "the user's tags could not be read");
            if (_options.IncludeKeysDisabledElsewhere) return KeyDecision.Change(ActionNames.Restore);
            return KeyDecision.Block(planned, ActionReasons.DisabledElsewhere,
                "the module did not disable this key (no disabled= in its tag, not in the run's audit log): someone else did, perhaps after a compromise; "
                + "-IncludeKeysDisabledElsewhere restores it anyway");
        }

        internal override async Task ApplyAsync(ActionStep step, KeyActionRecord record, CancellationToken cancellationToken)
        {
            var holdUntil = step.Now.AddDays(_options.HoldDays);
            var elsewhere = !DisabledByModule(step.Live, step.Finding);
            var finishing = step.Live.IsActive;
            if (!finishing) await step.Iam.UpdateAccessKeyAsync(step.UserName, step.AccessKeyId, "Active", cancellationToken).ConfigureAwait(false);
            var tag = ModuleKeyTag.Restored(step.Now, holdUntil);
            var value = RestoredValue(step.Live.ModuleTagValue, tag);
            var (reason, problem) = await ModuleTagWriter.WriteValueAsync(step, value, cancellationToken).ConfigureAwait(false);
            record.Outcome = KeyActionOutcome.Done;
            record.Reason = reason.Length > 0 ? reason : elsewhere ? ActionReasons.DisabledElsewhere : finishing ? ActionReasons.CompletingEarlierRun : "";
            var activated = finishing ? "was Active already with the module's disabled= tag (an earlier restore stopped before its tag)" : "set Active";
            var notes = new List<string>
            {
                reason.Length == 0
                    ? $"{activated}; held at Warn (Restored) until {holdUntil:yyyy-MM-ddTHH:mm:ssZ}, so no run disables it again before then"
                    : $"{activated}, but {problem}: without restored= hold-until= the next run may disable it again",
            };
            if (elsewhere) notes.Add("the module had not disabled it (-IncludeKeysDisabledElsewhere)");
            if (step.Live.Observation?.OtherActiveKeyIds.Any(id => !string.Equals(id, step.AccessKeyId, StringComparison.Ordinal)) == true)
            {
                notes.Add("the user now has two Active keys (SecondActiveKey)");
            }

            record.Message = string.Join("; ", notes);
            NextFrom(record, step.Live.JudgedAfter(step.Judge, step.Now, KeyStatus.Active, reason.Length == 0 ? ModuleTagWriter.Parsed(value) : null));
        }

        internal override string Describe(string action) => _options.IncludeKeysDisabledElsewhere
            ? "Re-activate access key (set Active), even if the module did not disable it (-IncludeKeysDisabledElsewhere)"
            : "Re-activate access key (set Active; only if the module disabled it)";

        internal override BreakerCount CountsAgainst(string action) => BreakerCount.None;

        private bool DisabledByModule(LiveKey live, KeyFinding finding)
            => _options.DisabledByRun.Contains(RestoreOptions.KeyOf(finding.AccountId, finding.AccessKeyId)) || TagSaysDisabled(live);

        private static bool TagSaysDisabled(LiveKey live) => ModuleTagWriter.Parsed(live.ModuleTagValue ?? "")?.DisabledAt != null;

        /// <summary>The tag's pairs without disabled= and seen-inactive= (the key is Active again) and without an older
        /// restore, then the new restored= hold-until=. Other pairs (a rotation's) are kept.</summary>
        internal static string RestoredValue(string? existing, ModuleKeyTag restored)
        {
            var dropped = new[] { "disabled=", "seen-inactive=", "restored=", "hold-until=" };
            var kept = (existing ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !dropped.Any(d => p.StartsWith(d, StringComparison.Ordinal)));
            return string.Join(" ", kept.Concat(new[] { restored.ToString() }));
        }
    }

    /// <summary>What Restore-AccessKey was told: the hold, whether keys the module did not disable may be restored, and
    /// the keys a run's audit log shows the module disabled (proof even when the tag could not be written).</summary>
    public sealed class RestoreOptions
    {
        public const int DefaultHoldDays = 7;
        public const int MaxHoldDays = 90;

        public int HoldDays { get; set; } = DefaultHoldDays;
        public bool IncludeKeysDisabledElsewhere { get; set; }

        /// <summary>"account/keyId" of every key the audit log shows disabled (<see cref="KeyOf"/>).</summary>
        public ISet<string> DisabledByRun { get; } = new HashSet<string>(StringComparer.Ordinal);

        public static string KeyOf(string accountId, string accessKeyId) => accountId + "/" + accessKeyId;
    }
}
