using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    public class ScopedRuleTests
    {
        private const string Rules = @"{
  ""rules"": [
    { ""name"": ""service users notify only"", ""match"": { ""userPathPrefix"": ""/service/"" }, ""notifyOnly"": true },
    { ""name"": ""data team"", ""match"": { ""userTag"": { ""key"": ""team"", ""value"": ""data"" } }, ""warnAgeDays"": 20, ""disableAgeDays"": 30 },
    { ""name"": ""sandbox OU"", ""match"": { ""organizationalUnitId"": ""ou-ab12-11111111"" }, ""warnAgeDays"": 170, ""disableAgeDays"": 180, ""deleteAgeDays"": 200, ""unusedDisableDays"": 180 },
    { ""name"": ""never reached"", ""match"": { ""accountId"": ""111122223333"" }, ""disableAgeDays"": 91 },
    { ""name"": ""legacy account"", ""match"": { ""accountId"": ""444455556666"" }, ""action"": ""Rotate"" }
  ]
}";

        private static readonly HygienePolicy Policy = PolicyFromJson(Rules);

        [Fact]
        public void An_OU_rule_matches_accounts_in_any_OU_below_it()
        {
            var verdict = Judge(Key(TimeSpan.FromDays(120)), Policy); // account sits in ou-…22222222 under ou-…11111111
            Assert.Equal("sandbox OU", verdict.RuleName);
            Assert.Equal(KeyStage.Healthy, verdict.Stage);
            Assert.Equal(KeyStage.Warn, verdict.NextStage);
        }

        [Fact]
        public void A_path_rule_holds_stages_at_Warn_with_NotifyOnly()
        {
            var key = Key(TimeSpan.FromDays(200));
            key.UserPath = "/service/ci/";
            var verdict = Judge(key, Policy);
            Assert.Equal("service users notify only", verdict.RuleName);
            Assert.Equal(KeyStage.Warn, verdict.Stage);
            Assert.Contains(KeyReason.NotifyOnly, verdict.Reasons);
        }

        [Fact]
        public void The_first_matching_rule_wins_over_later_ones()
        {
            var key = Key(TimeSpan.FromDays(25)).WithTags(("Team", "data"));
            key.UserPath = "/service/";
            Assert.Equal("service users notify only", Judge(key, Policy).RuleName);
            key.UserPath = "/";
            var verdict = Judge(key, Policy);
            Assert.Equal("data team", verdict.RuleName);
            Assert.Equal(KeyStage.Warn, verdict.Stage);
        }

        [Fact]
        public void A_tag_rule_matches_the_value_exactly()
        {
            var key = Key(TimeSpan.FromDays(25)).WithTags(("team", "Data"));
            Assert.Equal("sandbox OU", Judge(key, Policy).RuleName);
        }

        [Fact]
        public void An_account_rule_can_switch_the_action()
        {
            var key = Key(TimeSpan.FromDays(92));
            key.AccountId = "444455556666";
            key.OrganizationalUnitIds = KeyObservation.OrganizationalUnitIdsFromPath("o-abc/r-ab12/ou-ab12-99999999/");
            var verdict = Judge(key, Policy);
            Assert.Equal("legacy account", verdict.RuleName);
            Assert.Equal(KeyStage.Rotate, verdict.Stage);
            Assert.Equal(PolicyAction.Rotate, verdict.Settings!.Action);
        }

        [Fact]
        public void Keys_no_rule_matches_use_the_defaults()
        {
            var key = Key(TimeSpan.FromDays(90));
            key.AccountId = "777788889999";
            key.OrganizationalUnitIds = new[] { "r-ab12" };
            var verdict = Judge(key, Policy);
            Assert.Null(verdict.RuleName);
            Assert.Equal(KeyStage.Disable, verdict.Stage);
        }

        [Fact]
        public void A_policy_with_a_tag_rule_says_so()
        {
            Assert.True(Policy.HasTagScopedRules);
            Assert.False(HygienePolicy.Default().HasTagScopedRules);
        }
    }
}
