using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Policy.Judging
{
    /// <summary>
    /// The stage ladder for one key under one set of settings at one instant, before exemptions: Active keys by
    /// age and use, Inactive keys only for deletion. Pure; the judge and the next-stage search both call it.
    /// </summary>
    internal static class StageRules
    {
        public static KeyStage Evaluate(KeyObservation key, ModuleKeyTag? tag, PolicySettings s, DateTimeOffset now, List<KeyReason> reasons)
        {
            var created = EngineClock.NotAfter(key.CreateDate, now);
            var age = DayCount.Between(created, now);
            var stage = key.Status == KeyStatus.Active
                ? ActiveStage(key, tag, s, age, now, reasons)
                : InactiveStage(tag, s, age, now, reasons);
            if (key.Status == KeyStatus.Active && IsHeldAfterRestore(tag, now) && KeyStages.Rank(stage) >= KeyStages.Rank(KeyStage.Warn))
            {
                // Restore-AccessKey undid a disable: the next daily run must not disable the key again before the hold ends.
                reasons.Add(KeyReason.Restored);
                stage = KeyStage.Warn;
            }
            if (s.NotifyOnly && KeyStages.Rank(stage) > KeyStages.Rank(KeyStage.Warn))
            {
                reasons.Add(KeyReason.NotifyOnly);
                stage = KeyStage.Warn;
            }
            return stage;
        }

        private static KeyStage ActiveStage(KeyObservation key, ModuleKeyTag? tag, PolicySettings s, int age, DateTimeOffset now, List<KeyReason> reasons)
        {
            var ageStage = s.Action == PolicyAction.Rotate ? RotationAgeStage(key, tag, s, age, reasons) : AgeStage(s, age);
            if (ageStage != KeyStage.Healthy) reasons.Add(KeyReason.TooOld);

            var idleSince = EngineClock.NotAfter(key.LastUsedDate ?? key.CreateDate, now);
            var idle = DayCount.Between(idleSince, now);
            var unusedStage = idle >= s.UnusedDisableDays ? KeyStage.Disable
                : idle >= s.UnusedWarnDays ? KeyStage.Warn
                : KeyStage.Healthy;
            if (unusedStage != KeyStage.Healthy) reasons.Add(KeyReason.Unused);
            if (key.LastUsedDate is null) reasons.Add(KeyReason.NeverUsed);
            if (key.OtherActiveKeyIds.Any(id => !string.Equals(id, key.AccessKeyId, StringComparison.Ordinal)))
                reasons.Add(KeyReason.SecondActiveKey);
            return KeyStages.Further(ageStage, unusedStage);
        }

        /// <summary>True while a <c>restored= hold-until=</c> tag holds the key: until hold-until, which itself is over.</summary>
        internal static bool IsHeldAfterRestore(ModuleKeyTag? tag, DateTimeOffset now)
            => tag?.RestoredAt != null && tag.HoldUntil.HasValue && now < tag.HoldUntil.Value;

        private static KeyStage AgeStage(PolicySettings s, int age)
            => age >= s.DisableAgeDays ? KeyStage.Disable
                : age >= s.WarnAgeDays ? KeyStage.Warn
                : KeyStage.Healthy;

        /// <summary>Rotation mode: Rotate at the rotate age; the old key goes to Disable at the deactivate age only once its successor exists.</summary>
        private static KeyStage RotationAgeStage(KeyObservation key, ModuleKeyTag? tag, PolicySettings s, int age, List<KeyReason> reasons)
        {
            var successorExists = key.SuccessorKeyExists
                || (tag?.RotatingTo != null && key.OtherActiveKeyIds.Contains(tag.RotatingTo, StringComparer.Ordinal));
            if (age >= s.RotationDeactivateDays)
            {
                if (successorExists) return KeyStage.Disable;
                reasons.Add(KeyReason.SuccessorMissing);
                return KeyStage.Rotate;
            }
            if (age >= s.RotateAgeDays)
            {
                if (successorExists) reasons.Add(KeyReason.RotationInProgress);
                return KeyStage.Rotate;
            }
            return age >= s.WarnAgeDays ? KeyStage.Warn : KeyStage.Healthy;
        }

        /// <summary>
        /// Inactive keys: Delete only at/after the delete age AND one recovery window after the module disabled the
        /// key or first saw it Inactive. Past delete age without that tag, the key is Warn until it is tagged.
        /// </summary>
        private static KeyStage InactiveStage(ModuleKeyTag? tag, PolicySettings s, int age, DateTimeOffset now, List<KeyReason> reasons)
        {
            if (age < s.EffectiveDeleteAgeDays) return KeyStage.Healthy;
            reasons.Add(KeyReason.InactivePastDeleteAge);
            var since = tag?.InactiveSince;
            if (since is null)
            {
                reasons.Add(KeyReason.AwaitingSeenInactiveTag);
                return KeyStage.Warn;
            }
            if (now < DayCount.ReachedAt(EngineClock.NotAfter(since.Value, now), s.RecoveryWindowDays))
            {
                reasons.Add(KeyReason.RecoveryWindow);
                return KeyStage.Warn;
            }
            return KeyStage.Delete;
        }
    }
}
