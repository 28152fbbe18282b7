using System;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Policy.Judging
{
    /// <summary>
    /// Which report rows could have a finding, so the scanner calls ListAccessKeys (and ListUserTags) only for
    /// those users. Deliberately generous: it uses the smallest threshold of the defaults and of every rule,
    /// because a rule's scope (OU, path, tag) may not be known from the row alone. A row is a candidate when:
    /// it is the root user with any key; any slot is Inactive with a key; an Active slot has reached the smallest
    /// warn/rotate/disable age or the smallest unused-warn/unused-disable count; an Active slot's times cannot be
    /// read; or the policy has a tag-scoped rule and the user has an Active key (its tags decide the rule).
    /// With -IncludeHealthy the scanner reads every user instead.
    /// </summary>
    internal sealed class CredentialReportTriage
    {
        private readonly bool _tagRules;
        private readonly int _minAge;
        private readonly int _minUnused;

        public CredentialReportTriage(HygienePolicy policy)
        {
            if (policy is null) throw new ArgumentNullException(nameof(policy));
            var all = policy.AllEffectiveSettings().ToList();
            _tagRules = policy.HasTagScopedRules;
            _minAge = all.Min(s => Math.Min(Math.Min(s.WarnAgeDays, s.DisableAgeDays), Math.Min(s.RotateAgeDays, s.RotationDeactivateDays)));
            _minUnused = all.Min(s => Math.Min(s.UnusedWarnDays, s.UnusedDisableDays));
        }

        /// <summary>True when the user's keys must be read in detail to judge them at <paramref name="now"/>.</summary>
        public bool NeedsKeyDetail(CredentialReportRow row, DateTimeOffset now)
        {
            if (row is null) throw new ArgumentNullException(nameof(row));
            var keys = row.Slots.Where(s => s.HasKey || s.Active).ToList();
            if (keys.Count == 0) return false;
            if (row.IsRoot) return true;
            if (keys.Any(s => !s.Active)) return true;
            if (_tagRules) return true;
            foreach (var slot in keys)
            {
                if (slot.LastRotated is null) return true; // active but no creation time: cannot judge from the report
                if (DayCount.Between(slot.LastRotated.Value, now) >= _minAge) return true;
                if (DayCount.Between(slot.LastUsedDate ?? slot.LastRotated.Value, now) >= _minUnused) return true;
            }
            return false;
        }
    }
}
