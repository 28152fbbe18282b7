using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>NextStage and NextStageDate: the exact instant, over both age and unused paths and the recovery window.</summary>
    public class NextStageTests
    {
        [Fact]
        public void Healthy_key_used_recently_warns_when_the_age_threshold_comes_first()
        {
            var key = Key(TimeSpan.FromDays(50) + TimeSpan.FromMinutes(7));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Healthy, verdict.Stage);
            Assert.Equal(KeyStage.Warn, verdict.NextStage);
            Assert.Equal(key.CreateDate + TimeSpan.FromDays(80), verdict.NextStageDate);
        }

        [Fact]
        public void Healthy_key_not_used_for_a_while_warns_on_the_unused_path_first()
        {
            var key = Key(TimeSpan.FromDays(50), TimeSpan.FromDays(40) + TimeSpan.FromSeconds(13));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Warn, verdict.NextStage);
            Assert.Equal(key.LastUsedDate!.Value + TimeSpan.FromDays(45), verdict.NextStageDate);
        }

        [Fact]
        public void Warned_key_disables_at_exactly_90_days()
        {
            var key = Key(TimeSpan.FromDays(85) + TimeSpan.FromHours(3));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Equal(KeyStage.Disable, verdict.NextStage);
            Assert.Equal(key.CreateDate + TimeSpan.FromDays(90), verdict.NextStageDate);
        }

        [Fact]
        public void Key_to_disable_is_deleted_at_its_delete_age_when_that_is_later_than_the_recovery_window()
        {
            var key = Key(TimeSpan.FromDays(95));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Disable, verdict.Stage);
            Assert.Equal(KeyStage.Delete, verdict.NextStage);
            Assert.Equal(key.CreateDate + TimeSpan.FromDays(150), verdict.NextStageDate);
        }

        [Fact]
        public void Key_to_disable_near_its_delete_age_is_deleted_one_recovery_window_after_now()
        {
            var key = Key(TimeSpan.FromDays(145));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Delete, verdict.NextStage);
            Assert.Equal(Now + TimeSpan.FromDays(10), verdict.NextStageDate);
        }

        [Fact]
        public void Inactive_key_in_its_recovery_window_is_deleted_when_the_window_ends()
        {
            var key = Key(TimeSpan.FromDays(170), TimeSpan.FromDays(170), KeyStatus.Inactive);
            key.ModuleTag = ModuleKeyTag.Disabled(new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Equal(KeyStage.Delete, verdict.NextStage);
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 8, 30, 0, TimeSpan.Zero), verdict.NextStageDate);
        }

        [Fact]
        public void Inactive_key_past_delete_age_without_a_tag_is_deleted_one_window_after_it_is_tagged_now()
        {
            var key = Key(TimeSpan.FromDays(170), TimeSpan.FromDays(170), KeyStatus.Inactive);
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Contains(KeyReason.AwaitingSeenInactiveTag, verdict.Reasons);
            Assert.Equal(KeyStage.Delete, verdict.NextStage);
            Assert.Equal(Now + TimeSpan.FromDays(10), verdict.NextStageDate);
        }

        [Fact]
        public void Inactive_key_below_delete_age_with_a_disabled_tag_goes_straight_to_Delete_at_its_delete_age()
        {
            var key = Key(TimeSpan.FromDays(120), TimeSpan.FromDays(120), KeyStatus.Inactive);
            key.ModuleTag = ModuleKeyTag.Disabled(Now - TimeSpan.FromDays(30));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Healthy, verdict.Stage);
            Assert.Equal(KeyStage.Delete, verdict.NextStage);
            Assert.Equal(key.CreateDate + TimeSpan.FromDays(150), verdict.NextStageDate);
        }

        [Fact]
        public void Notify_only_key_at_Warn_has_no_next_stage()
        {
            var policy = new PolicyParameters { NotifyOnly = true }.Build();
            var verdict = Judge(Key(TimeSpan.FromDays(120)), policy);
            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Contains(KeyReason.NotifyOnly, verdict.Reasons);
            Assert.Null(verdict.NextStage);
            Assert.Null(verdict.NextStageDate);
        }

        [Fact]
        public void AsOf_judges_the_same_key_at_another_instant()
        {
            var key = Key(TimeSpan.FromDays(60));
            var today = Judge(key);
            var inThirtyDays = Judge(key, at: Now + TimeSpan.FromDays(30));
            var atWarnInstant = Judge(key, at: today.NextStageDate!.Value);
            var justBefore = Judge(key, at: today.NextStageDate!.Value - TimeSpan.FromTicks(1));

            Assert.Equal(KeyStage.Healthy, today.Stage);
            Assert.Equal(KeyStage.Disable, inThirtyDays.Stage);
            Assert.Equal(Now + TimeSpan.FromDays(30), inThirtyDays.EvaluatedAt);
            Assert.Equal(90, inThirtyDays.AgeDays);
            Assert.Equal(KeyStage.Warn, atWarnInstant.Stage);
            Assert.Equal(KeyStage.Healthy, justBefore.Stage);
        }

        [Fact]
        public void Root_keys_and_read_errors_have_no_next_stage()
        {
            var root = Key(TimeSpan.FromDays(10));
            root.IsRootKey = true;
            var unreadable = Key(TimeSpan.FromDays(10));
            unreadable.ReadError = "GetAccessKeyLastUsed failed: AccessDenied";

            Assert.Null(Judge(root).NextStage);
            Assert.Null(Judge(unreadable).NextStage);
        }
    }
}
