using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>DESIGN.md's one boundary rule (whole days, threshold reached at ≥ N) at every default threshold.</summary>
    public class BoundaryRuleTests
    {
        private const double Day = 24;

        public static TheoryData<string, double, double?, KeyStage, string> ActiveKeys => new()
        {
            // name, age (hours), idle (hours; null = never used), stage, reasons (exact, comma-separated)
            { "80 d - 1 h", 80 * Day - 1, 2, KeyStage.Healthy, "" },
            { "80 d exactly", 80 * Day, 2, KeyStage.Warn, "TooOld" },
            { "80 d + 1 h", 80 * Day + 1, 2, KeyStage.Warn, "TooOld" },
            { "90 d - 1 h", 90 * Day - 1, 2, KeyStage.Warn, "TooOld" },
            { "90 d exactly", 90 * Day, 2, KeyStage.Disable, "TooOld" },
            { "90 d + 1 h", 90 * Day + 1, 2, KeyStage.Disable, "TooOld" },
            { "150 d - 1 h active", 150 * Day - 1, 2, KeyStage.Disable, "TooOld" },
            { "150 d active is never Delete", 150 * Day, 2, KeyStage.Disable, "TooOld" },
            { "150 d + 1 h active", 150 * Day + 1, 2, KeyStage.Disable, "TooOld" },
            { "unused 45 d - 1 h", 60 * Day, 45 * Day - 1, KeyStage.Healthy, "" },
            { "unused 45 d exactly", 60 * Day, 45 * Day, KeyStage.Warn, "Unused" },
            { "unused 45 d + 1 h", 60 * Day, 45 * Day + 1, KeyStage.Warn, "Unused" },
            { "unused 90 d - 1 h (default age rule)", 90 * Day - 1, 90 * Day - 1, KeyStage.Warn, "TooOld,Unused" },
            { "never used 45 d - 1 h", 45 * Day - 1, null, KeyStage.Healthy, "NeverUsed" },
            { "never used 45 d", 45 * Day, null, KeyStage.Warn, "Unused,NeverUsed" },
            { "never used 80 d", 80 * Day, null, KeyStage.Warn, "TooOld,Unused,NeverUsed" },
            { "never used 90 d", 90 * Day, null, KeyStage.Disable, "TooOld,Unused,NeverUsed" },
        };

        [Theory]
        [MemberData(nameof(ActiveKeys))]
        public void Active_keys_reach_each_stage_at_exactly_N_whole_days(string name, double ageHours, double? idleHours, KeyStage stage, string reasons)
        {
            var key = Key(TimeSpan.FromHours(ageHours));
            key.LastUsedDate = idleHours is null ? null : Now - TimeSpan.FromHours(idleHours.Value);

            var verdict = Judge(key);

            Assert.True(stage == verdict.Stage, $"{name}: expected {stage}, got {verdict}");
            Assert.Equal(reasons, string.Join(",", verdict.Reasons));
            Assert.Equal((int)Math.Floor(ageHours / Day), verdict.AgeDays);
        }

        [Theory]
        [InlineData(90 * Day - 1, KeyStage.Warn)]
        [InlineData(90 * Day, KeyStage.Disable)]
        [InlineData(90 * Day + 1, KeyStage.Disable)]
        public void Unused_90_days_disables_even_when_the_age_rule_is_longer(double idleHours, KeyStage expected)
        {
            var policy = new PolicyParameters()
                .Set(ThresholdField.WarnAgeDays, 300).Set(ThresholdField.DisableAgeDays, 365).Set(ThresholdField.DeleteAgeDays, 400)
                .Build();
            var key = Key(TimeSpan.FromDays(120), TimeSpan.FromHours(idleHours));

            var verdict = Judge(key, policy);

            Assert.Equal(expected, verdict.Stage);
            Assert.Contains(KeyReason.Unused, verdict.Reasons);
            Assert.DoesNotContain(KeyReason.TooOld, verdict.Reasons);
        }

        public static TheoryData<string, double, double?, KeyStage, string> InactiveKeys => new()
        {
            // name, age (hours), module tag "disabled" (hours ago; null = no tag), stage, reasons
            { "150 d - 1 h, disabled long ago", 150 * Day - 1, 60 * Day, KeyStage.Healthy, "" },
            { "150 d, disabled long ago", 150 * Day, 60 * Day, KeyStage.Delete, "InactivePastDeleteAge" },
            { "150 d + 1 h, disabled long ago", 150 * Day + 1, 60 * Day, KeyStage.Delete, "InactivePastDeleteAge" },
            { "200 d, disabled 10 d - 1 h ago", 200 * Day, 10 * Day - 1, KeyStage.Warn, "InactivePastDeleteAge,RecoveryWindow" },
            { "200 d, disabled 10 d ago", 200 * Day, 10 * Day, KeyStage.Delete, "InactivePastDeleteAge" },
            { "200 d, no tag", 200 * Day, null, KeyStage.Warn, "InactivePastDeleteAge,AwaitingSeenInactiveTag" },
            { "100 d, no tag", 100 * Day, null, KeyStage.Healthy, "" },
        };

        [Theory]
        [MemberData(nameof(InactiveKeys))]
        public void Inactive_keys_are_judged_only_for_deletion(string name, double ageHours, double? disabledHoursAgo, KeyStage stage, string reasons)
        {
            var key = Key(TimeSpan.FromHours(ageHours), TimeSpan.FromDays(400), KeyStatus.Inactive);
            if (disabledHoursAgo.HasValue)
                key.ModuleTag = ModuleKeyTag.Disabled(Now - TimeSpan.FromHours(disabledHoursAgo.Value));

            var verdict = Judge(key);

            Assert.True(stage == verdict.Stage, $"{name}: expected {stage}, got {verdict}");
            Assert.Equal(reasons, string.Join(",", verdict.Reasons));
        }

        [Fact]
        public void Seen_inactive_tag_from_the_users_tags_starts_the_recovery_window()
        {
            var key = Key(TimeSpan.FromDays(200), TimeSpan.FromDays(300), KeyStatus.Inactive)
                .WithTags(("keyhygiene:AKIAAAAAAAAAAAAAAAA1", "seen-inactive=2026-11-20T12:00:00Z"));

            var verdict = Judge(key);

            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Contains(KeyReason.RecoveryWindow, verdict.Reasons);
            Assert.Equal(KeyStage.Delete, verdict.NextStage);
            Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), verdict.NextStageDate);
        }

        [Fact]
        public void A_malformed_module_tag_is_ignored_with_a_reason_and_never_lets_a_key_be_deleted()
        {
            var key = Key(TimeSpan.FromDays(200), TimeSpan.FromDays(300), KeyStatus.Inactive)
                .WithTags(("keyhygiene:AKIAAAAAAAAAAAAAAAA1", "disabled=yesterday"));

            var verdict = Judge(key);

            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Contains(KeyReason.ModuleTagMalformed, verdict.Reasons);
            Assert.Contains(KeyReason.AwaitingSeenInactiveTag, verdict.Reasons);
            Assert.Contains(verdict.Notes, n => n.Contains("disabled="));
        }

        [Fact]
        public void Times_from_AWS_ahead_of_the_clock_count_as_now()
        {
            var key = Key(TimeSpan.FromDays(-2));
            key.LastUsedDate = Now + TimeSpan.FromDays(1);

            var verdict = Judge(key);

            Assert.Equal(KeyStage.Healthy, verdict.Stage);
            Assert.Equal(0, verdict.AgeDays);
            Assert.Equal(0, verdict.DaysSinceLastUse);
        }

        [Fact]
        public void Days_since_last_use_count_from_creation_for_a_never_used_key()
        {
            var key = Key(TimeSpan.FromDays(30.5));
            key.LastUsedDate = null;

            var verdict = Judge(key);

            Assert.Equal(30, verdict.AgeDays);
            Assert.Equal(30, verdict.DaysSinceLastUse);
        }
    }
}
