using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Exemptions;

namespace IamKeyHygiene.Engine.Policy.Judging
{
    /// <summary>
    /// Finds the next stage and the exact instant it is reached. Stages change only at a few instants (a
    /// threshold counted from creation or last use, the end of a recovery window, an exemption's expiry), so
    /// those instants are tried in order. Nothing is assumed about future use. A stage with its own action
    /// (Disable, Rotate, an Inactive key awaiting its tag) is assumed to be acted on now, so the owner sees when
    /// the step after it comes (e.g. Disable → Delete on max(delete age, now + recovery window)).
    /// </summary>
    internal static class NextStageFinder
    {
        public static (KeyStage? Stage, DateTimeOffset? At) Find(
            KeyObservation key, ModuleKeyTag? tag, PolicySettings s, KeyStage current, IReadOnlyList<KeyReason> reasons,
            IReadOnlyList<Exemption> exemptions, string exemptionTagKey, DateTimeOffset now)
        {
            if (KeyStages.Rank(current) < 0 && current != KeyStage.Exempt) return (null, null);
            var (future, futureTag, assumedAction) = AssumeActionTaken(key, tag, current, reasons, now);
            var created = EngineClock.NotAfter(key.CreateDate, now);
            var idleSince = EngineClock.NotAfter(key.LastUsedDate ?? key.CreateDate, now);

            var candidates = new List<DateTimeOffset>();
            foreach (var field in ThresholdField.All)
                candidates.Add(DayCount.ReachedAt(created, field.Get(s)));
            candidates.Add(DayCount.ReachedAt(idleSince, s.UnusedWarnDays));
            candidates.Add(DayCount.ReachedAt(idleSince, s.UnusedDisableDays));
            var since = futureTag?.InactiveSince;
            if (since.HasValue) candidates.Add(DayCount.ReachedAt(EngineClock.NotAfter(since.Value, now), s.RecoveryWindowDays));
            if (futureTag?.HoldUntil is DateTimeOffset holdEnds && StageRules.IsHeldAfterRestore(futureTag, now)) candidates.Add(holdEnds);
            candidates.AddRange(exemptions.Select(e => e.Expires));
            if (assumedAction) candidates.Add(now); // e.g. Rotate past the deactivate age: Disable as soon as the successor exists

            var exemptionSet = new ExemptionSet(exemptions.Where(e => !e.Source.StartsWith("tag:", StringComparison.Ordinal)).ToList(), null);
            foreach (var at in candidates.Where(t => t > now || (assumedAction && t == now)).Distinct().OrderBy(t => t))
            {
                var stage = StageRules.Evaluate(future, futureTag, s, at, new List<KeyReason>());
                if (stage != KeyStage.Healthy && exemptionSet.Find(future, exemptionTagKey, at).Applied != null)
                    stage = KeyStage.Exempt;
                var changed = assumedAction
                    ? KeyStages.Rank(stage) > KeyStages.Rank(current) || (stage == KeyStage.Exempt)
                    : stage != current;
                if (changed) return (stage, at);
            }
            return (null, null);
        }

        private static (KeyObservation Future, ModuleKeyTag? Tag, bool Assumed) AssumeActionTaken(
            KeyObservation key, ModuleKeyTag? tag, KeyStage current, IReadOnlyList<KeyReason> reasons, DateTimeOffset now)
        {
            if (current == KeyStage.Disable && key.Status == KeyStatus.Active)
            {
                var future = key.Copy();
                future.Status = KeyStatus.Inactive;
                return (future, ModuleKeyTag.Disabled(now), true);
            }
            if (current == KeyStage.Rotate && !reasons.Contains(KeyReason.RotationInProgress))
            {
                var future = key.Copy();
                future.SuccessorKeyExists = true;
                return (future, tag, true);
            }
            if (current == KeyStage.Warn && reasons.Contains(KeyReason.AwaitingSeenInactiveTag))
                return (key, ModuleKeyTag.SeenInactive(now), true);
            return (key, tag, false);
        }
    }
}
