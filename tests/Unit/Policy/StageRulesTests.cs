using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>Second keys, rotation mode, root keys and read errors.</summary>
    public class StageRulesTests
    {
        [Fact]
        public void Both_active_keys_of_a_user_carry_SecondActiveKey_without_changing_their_stage()
        {
            var old = Key(TimeSpan.FromDays(85));
            old.OtherActiveKeyIds = new[] { "AKIAAAAAAAAAAAAAAAA2" };
            var young = Key(TimeSpan.FromDays(5));
            young.AccessKeyId = "AKIAAAAAAAAAAAAAAAA2";
            young.OtherActiveKeyIds = new[] { "AKIAAAAAAAAAAAAAAAA1" };

            var oldVerdict = Judge(old);
            var youngVerdict = Judge(young);

            Assert.Equal(KeyStage.Warn, oldVerdict.Stage);
            Assert.Contains(KeyReason.SecondActiveKey, oldVerdict.Reasons);
            Assert.Equal(KeyStage.Healthy, youngVerdict.Stage);
            Assert.Equal(new[] { KeyReason.SecondActiveKey }, youngVerdict.Reasons);
        }

        [Fact]
        public void An_inactive_second_key_does_not_make_the_active_one_a_second_active_key()
        {
            var key = Key(TimeSpan.FromDays(5));
            Assert.DoesNotContain(KeyReason.SecondActiveKey, Judge(key).Reasons);
        }

        public static TheoryData<string, double, bool, KeyStatus, double?, KeyStage, string> RotationCases => new()
        {
            // name, age days, successor exists, status, disabled tag days ago, stage, reasons
            { "85 d warns", 85, false, KeyStatus.Active, null, KeyStage.Warn, "TooOld" },
            { "90 d rotates", 90, false, KeyStatus.Active, null, KeyStage.Rotate, "TooOld" },
            { "95 d successor made", 95, true, KeyStatus.Active, null, KeyStage.Rotate, "RotationInProgress,TooOld" },
            { "100 d no successor stays Rotate", 100, false, KeyStatus.Active, null, KeyStage.Rotate, "SuccessorMissing,TooOld" },
            { "100 d with successor disables", 100, true, KeyStatus.Active, null, KeyStage.Disable, "TooOld" },
            { "109 d inactive", 109, true, KeyStatus.Inactive, 9, KeyStage.Healthy, "" },
            { "110 d inactive, disabled 10 d ago", 110, true, KeyStatus.Inactive, 10, KeyStage.Delete, "InactivePastDeleteAge" },
            { "110 d inactive, disabled 2 d ago", 110, true, KeyStatus.Inactive, 2, KeyStage.Warn, "InactivePastDeleteAge,RecoveryWindow" },
        };

        [Theory]
        [MemberData(nameof(RotationCases))]
        public void Rotation_mode_rotates_at_90_deactivates_at_100_with_a_successor_and_deletes_at_110(
            string name, double ageDays, bool successor, KeyStatus status, double? disabledDaysAgo, KeyStage stage, string reasons)
        {
            var policy = new PolicyParameters { Action = PolicyAction.Rotate }.Build();
            var key = Key(TimeSpan.FromDays(ageDays), status: status);
            key.SuccessorKeyExists = successor;
            if (disabledDaysAgo.HasValue) key.ModuleTag = ModuleKeyTag.Disabled(Now - TimeSpan.FromDays(disabledDaysAgo.Value));

            var verdict = Judge(key, policy);

            Assert.True(stage == verdict.Stage, $"{name}: expected {stage}, got {verdict}");
            Assert.Equal(reasons, string.Join(",", verdict.Reasons));
        }

        [Fact]
        public void Rotation_successor_is_recognised_from_the_rotating_to_tag_and_the_users_active_keys()
        {
            var policy = new PolicyParameters { Action = PolicyAction.Rotate }.Build();
            var key = Key(TimeSpan.FromDays(101))
                .WithTags(("keyhygiene:AKIAAAAAAAAAAAAAAAA1", "rotating-to=AKIAAAAAAAAAAAAAAAA9 since=2026-11-10T00:00:00Z"));
            key.OtherActiveKeyIds = new[] { "AKIAAAAAAAAAAAAAAAA9" };

            Assert.Equal(KeyStage.Disable, Judge(key, policy).Stage);
        }

        [Fact]
        public void Rotation_in_progress_reaches_Disable_at_the_deactivate_age()
        {
            var policy = new PolicyParameters { Action = PolicyAction.Rotate }.Build();
            var key = Key(TimeSpan.FromDays(93));
            key.SuccessorKeyExists = true;
            var verdict = Judge(key, policy);
            Assert.Equal(KeyStage.Disable, verdict.NextStage);
            Assert.Equal(key.CreateDate + TimeSpan.FromDays(100), verdict.NextStageDate);
        }

        [Fact]
        public void Rotate_without_successor_says_Disable_follows_the_rotation()
        {
            var policy = new PolicyParameters { Action = PolicyAction.Rotate }.Build();
            var key = Key(TimeSpan.FromDays(92));
            var verdict = Judge(key, policy);
            Assert.Equal(KeyStage.Rotate, verdict.Stage);
            Assert.Equal(KeyStage.Disable, verdict.NextStage);
            Assert.Equal(key.CreateDate + TimeSpan.FromDays(100), verdict.NextStageDate);
        }

        [Fact]
        public void A_root_key_is_RootAccessKey_whatever_its_age_or_exemption()
        {
            var key = Key(TimeSpan.FromDays(400));
            key.IsRootKey = true;
            key.UserName = "<root_account>";
            key.UserArn = "arn:aws:iam::111122223333:root";
            var exempting = PolicyFromJson("{}", "[{\"accountId\":\"111122223333\",\"reason\":\"lab\",\"approver\":\"ciso\",\"expires\":\"2030-01-01\"}]");

            var verdict = Judge(key, exempting);

            Assert.Equal(KeyStage.RootAccessKey, verdict.Stage);
            Assert.Null(verdict.ExemptFromStage);
            Assert.Null(verdict.Owner);
        }

        [Fact]
        public void A_read_error_is_ReadError_and_never_any_other_verdict()
        {
            var key = Key(TimeSpan.FromDays(400), TimeSpan.FromDays(400));
            key.LastUsedDate = null;
            key.ReadError = "GetAccessKeyLastUsed: AccessDenied";
            key.OtherActiveKeyIds = new[] { "AKIAAAAAAAAAAAAAAAA2" };
            var exempting = PolicyFromJson("{}", "[{\"accountId\":\"111122223333\",\"reason\":\"lab\",\"approver\":\"ciso\",\"expires\":\"2030-01-01\"}]");

            var verdict = Judge(key, exempting);

            Assert.Equal(KeyStage.ReadError, verdict.Stage);
            Assert.Empty(verdict.Reasons);
            Assert.Null(verdict.ExemptFromStage);
            Assert.Null(verdict.Exemption);
            Assert.Contains("AccessDenied", verdict.Notes.Single());
        }

        [Fact]
        public void A_user_whose_keys_could_not_be_listed_has_an_empty_key_id_and_ReadError()
        {
            var key = new KeyObservation { AccountId = "111122223333", UserName = "bob", ReadError = "ListAccessKeys: throttled past retries" };
            var verdict = Judge(key);
            Assert.Equal(KeyStage.ReadError, verdict.Stage);
            Assert.Equal(0, verdict.AgeDays);
        }

        [Fact]
        public void Unread_tags_turn_a_finding_into_ReadError_but_leave_a_healthy_key_healthy()
        {
            var old = Key(TimeSpan.FromDays(95));
            old.UserTags = null;
            var young = Key(TimeSpan.FromDays(5));
            young.UserTags = null;

            Assert.Equal(KeyStage.ReadError, Judge(old).Stage);
            Assert.Contains("tags were not read", Judge(old).Notes.Single());
            Assert.Equal(KeyStage.Healthy, Judge(young).Stage);
        }

        [Fact]
        public void Unread_tags_are_ReadError_for_any_key_when_a_tag_scoped_rule_is_in_force()
        {
            var policy = PolicyFromJson("{\"rules\":[{\"match\":{\"userTag\":{\"key\":\"team\",\"value\":\"data\"}},\"warnAgeDays\":5}]}");
            var young = Key(TimeSpan.FromDays(6));
            young.UserTags = null;
            var inactive = Key(TimeSpan.FromDays(6), status: KeyStatus.Inactive);
            inactive.UserTags = null;
            var withTags = Key(TimeSpan.FromDays(6)).WithTags(("team", "data"));

            Assert.Equal(KeyStage.ReadError, Judge(young, policy).Stage);
            Assert.Equal(KeyStage.ReadError, Judge(inactive, policy).Stage);
            Assert.Equal(KeyStage.Warn, Judge(withTags, policy).Stage);
        }

        [Fact]
        public void A_read_error_still_names_the_owner_so_someone_hears_of_it()
        {
            var key = Key(TimeSpan.FromDays(10));
            key.UserName = "taro@example.com";
            key.ReadError = "ListAccessKeys: AccessDenied";
            var verdict = Judge(key);
            Assert.Equal(KeyStage.ReadError, verdict.Stage);
            Assert.Equal("userName", verdict.Owner!.Source);
        }
    }
}
