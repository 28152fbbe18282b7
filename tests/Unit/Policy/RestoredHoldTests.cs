using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>Restore-AccessKey's tag <c>restored=… hold-until=…</c>: the judge holds the key at Warn (reason Restored) until then.</summary>
    public class RestoredHoldTests
    {
        private static KeyObservation RestoredKey(double ageDays, DateTimeOffset holdUntil)
        {
            var key = Key(TimeSpan.FromDays(ageDays));
            key.WithTags((ModuleKeyTag.TagKeyFor(key.AccessKeyId), ModuleKeyTag.Restored(holdUntil - TimeSpan.FromDays(7), holdUntil).ToString()));
            return key;
        }

        [Fact]
        public void A_restored_key_past_its_disable_age_is_held_at_Warn_until_the_hold_ends_then_becomes_Disable()
        {
            var holdUntil = Now + TimeSpan.FromDays(3);
            var verdict = Judge(RestoredKey(120, holdUntil));

            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Contains(KeyReason.Restored, verdict.Reasons);
            Assert.Equal(KeyStage.Disable, verdict.NextStage);
            Assert.Equal(holdUntil, verdict.NextStageDate);
        }

        [Fact]
        public void At_hold_until_exactly_the_hold_is_over()
        {
            var holdUntil = Now;
            var verdict = Judge(RestoredKey(120, holdUntil));
            Assert.Equal(KeyStage.Disable, verdict.Stage);
            Assert.DoesNotContain(KeyReason.Restored, verdict.Reasons);

            var secondBefore = Judge(RestoredKey(120, Now + TimeSpan.FromSeconds(1)));
            Assert.Equal(KeyStage.Warn, secondBefore.Stage);
            Assert.Contains(KeyReason.Restored, secondBefore.Reasons);
            Assert.Equal(Now + TimeSpan.FromSeconds(1), secondBefore.NextStageDate);
        }

        [Fact]
        public void A_restored_key_that_would_be_Healthy_stays_Healthy()
        {
            var verdict = Judge(RestoredKey(10, Now + TimeSpan.FromDays(3)));
            Assert.Equal(KeyStage.Healthy, verdict.Stage);
            Assert.DoesNotContain(KeyReason.Restored, verdict.Reasons);
        }

        [Fact]
        public void A_restored_key_that_was_unused_is_held_too()
        {
            var key = Key(TimeSpan.FromDays(40), TimeSpan.FromDays(95));
            var holdUntil = Now + TimeSpan.FromDays(2);
            key.WithTags((ModuleKeyTag.TagKeyFor(key.AccessKeyId), ModuleKeyTag.Restored(Now - TimeSpan.FromDays(5), holdUntil).ToString()));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Contains(KeyReason.Restored, verdict.Reasons);
            Assert.Equal(KeyStage.Disable, verdict.NextStage);
            Assert.Equal(holdUntil, verdict.NextStageDate);
        }
    }
}
