using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>KeyJudge.JudgeUser: a user's keys judged together.</summary>
    public class UserJudgementTests
    {
        private static KeyObservation KeyNamed(string id, double ageDays, KeyStatus status = KeyStatus.Active)
        {
            var key = Key(TimeSpan.FromDays(ageDays), status: status);
            key.AccessKeyId = id;
            return key;
        }

        [Fact]
        public void One_unread_key_makes_every_key_of_the_user_a_ReadError_naming_why()
        {
            var unread = KeyNamed("AKIAAAAAAAAAAAAAAAA2", 5);
            unread.ReadError = "GetAccessKeyLastUsed failed: AccessDenied";

            var verdicts = new KeyJudge(HygienePolicy.Default()).JudgeUser(new[] { KeyNamed("AKIAAAAAAAAAAAAAAAA1", 200), unread }, Now);

            Assert.All(verdicts, v => Assert.Equal(KeyStage.ReadError, v.Stage));
            Assert.Equal("another key of this user could not be read (GetAccessKeyLastUsed failed: AccessDenied)", verdicts[0].Notes.Single());
            Assert.Equal("GetAccessKeyLastUsed failed: AccessDenied", verdicts[1].Notes.Single());
        }

        [Fact]
        public void Both_active_keys_carry_SecondActiveKey_and_an_inactive_one_does_not_count()
        {
            var verdicts = new KeyJudge(HygienePolicy.Default()).JudgeUser(new[]
            {
                KeyNamed("AKIAAAAAAAAAAAAAAAA1", 85), KeyNamed("AKIAAAAAAAAAAAAAAAA2", 5), KeyNamed("AKIAAAAAAAAAAAAAAAA3", 20, KeyStatus.Inactive),
            }, Now);

            Assert.Contains(KeyReason.SecondActiveKey, verdicts[0].Reasons);
            Assert.Contains(KeyReason.SecondActiveKey, verdicts[1].Reasons);
            Assert.DoesNotContain(KeyReason.SecondActiveKey, verdicts[2].Reasons);
        }

        [Fact]
        public void A_rotating_key_whose_successor_is_among_the_users_keys_goes_to_Disable_at_the_deactivate_age()
        {
            var policy = new PolicyParameters { Action = PolicyAction.Rotate }.Build();
            var old = KeyNamed("AKIAAAAAAAAAAAAAAAA1", 100).WithTags(("keyhygiene:AKIAAAAAAAAAAAAAAAA1", "rotating-to=AKIAAAAAAAAAAAAAAAA2 since=2026-11-20T00:00:00Z"));
            var successor = KeyNamed("AKIAAAAAAAAAAAAAAAA2", 7, KeyStatus.Inactive);
            successor.UserTags = old.UserTags;

            var withSuccessor = new KeyJudge(policy).JudgeUser(new[] { old, successor }, Now);
            var alone = new KeyJudge(policy).JudgeUser(new[] { old }, Now);

            Assert.Equal(KeyStage.Disable, withSuccessor[0].Stage);
            Assert.Equal(KeyStage.Rotate, alone[0].Stage);
            Assert.Contains(KeyReason.SuccessorMissing, alone[0].Reasons);
        }
    }
}
