using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    public class ExemptionTests
    {
        private const string KeyExemption = "[{\"accessKeyId\":\"AKIAAAAAAAAAAAAAAAA1\",\"reason\":\"vendor appliance\",\"approver\":\"sec-team\",\"expires\":\"2026-12-31\"}]";

        [Fact]
        public void A_valid_file_exemption_makes_the_key_Exempt_from_the_stage_it_would_have_had()
        {
            var verdict = Judge(Key(TimeSpan.FromDays(95)), PolicyFromJson("{}", KeyExemption));

            Assert.Equal(KeyStage.Exempt, verdict.Stage);
            Assert.Equal(KeyStage.Disable, verdict.ExemptFromStage);
            Assert.Equal("vendor appliance", verdict.Exemption!.Reason);
            Assert.Equal("sec-team", verdict.Exemption.Approver);
            Assert.Equal(ExemptionScope.AccessKey, verdict.Exemption.Scope);
            Assert.StartsWith("file:", verdict.Exemption.Source);
            // The end of 2026-12-31 UTC: from then on the key is judged normally again.
            Assert.Equal(KeyStage.Disable, verdict.NextStage);
            Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), verdict.NextStageDate);
        }

        [Fact]
        public void A_date_only_expiry_holds_through_the_last_second_of_that_UTC_day()
        {
            var policy = PolicyFromJson("{}", KeyExemption);
            var key = Key(TimeSpan.FromDays(95));
            Assert.Equal(KeyStage.Exempt, Judge(key, policy, new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)).Stage);
            Assert.Equal(KeyStage.Disable, Judge(key, policy, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)).Stage);
        }

        [Fact]
        public void An_expired_exemption_leaves_the_key_judged_normally_with_ExemptionExpired()
        {
            var expired = "[{\"userArn\":\"arn:aws:iam::111122223333:user/alice\",\"reason\":\"migration\",\"approver\":\"cto\",\"expires\":\"2026-11-01T00:00:00Z\"}]";
            var verdict = Judge(Key(TimeSpan.FromDays(95)), PolicyFromJson("{}", expired));

            Assert.Equal(KeyStage.Disable, verdict.Stage);
            Assert.Contains(KeyReason.ExemptionExpired, verdict.Reasons);
            Assert.Equal("migration", verdict.Exemption!.Reason);
            Assert.Null(verdict.ExemptFromStage);
        }

        [Fact]
        public void A_healthy_key_stays_Healthy_and_shows_its_exemption()
        {
            var verdict = Judge(Key(TimeSpan.FromDays(10)), PolicyFromJson("{}", KeyExemption));
            Assert.Equal(KeyStage.Healthy, verdict.Stage);
            Assert.NotNull(verdict.Exemption);
            Assert.Null(verdict.ExemptFromStage);
        }

        [Fact]
        public void The_user_tag_exempts_with_its_reason_and_optional_approver()
        {
            var key = Key(TimeSpan.FromDays(85))
                .WithTags(("keyhygiene:exempt", "expires=2027-03-31 approver=ciso@example.com reason=batch job owned by vendor"));

            var verdict = Judge(key);

            Assert.Equal(KeyStage.Exempt, verdict.Stage);
            Assert.Equal(KeyStage.Warn, verdict.ExemptFromStage);
            Assert.Equal("batch job owned by vendor", verdict.Exemption!.Reason);
            Assert.Equal("ciso@example.com", verdict.Exemption.Approver);
            Assert.Equal("tag:keyhygiene:exempt", verdict.Exemption.Source);
        }

        [Theory]
        [InlineData("reason=forgot the date")]
        [InlineData("expires=2026-12-31")]
        [InlineData("expires=someday reason=x")]
        [InlineData("until=2026-12-31 reason=x")]
        [InlineData("")]
        public void A_malformed_tag_exempts_nothing_and_says_why(string value)
        {
            var key = Key(TimeSpan.FromDays(95)).WithTags(("keyhygiene:exempt", value));

            var verdict = Judge(key);

            Assert.Equal(KeyStage.Disable, verdict.Stage);
            Assert.Contains(KeyReason.ExemptionTagMalformed, verdict.Reasons);
            Assert.Contains(verdict.Notes, n => n.StartsWith("tag keyhygiene:exempt ignored:"));
        }

        [Fact]
        public void An_expired_tag_gives_ExemptionExpired()
        {
            var key = Key(TimeSpan.FromDays(95)).WithTags(("KeyHygiene:Exempt", "expires=2026-01-31 reason=old"));
            var verdict = Judge(key);
            Assert.Equal(KeyStage.Disable, verdict.Stage);
            Assert.Contains(KeyReason.ExemptionExpired, verdict.Reasons);
        }

        [Fact]
        public void The_most_specific_exemption_in_force_wins_and_an_expired_specific_one_does_not_hide_a_valid_account_one()
        {
            var file = "[" +
                "{\"accountId\":\"111122223333\",\"reason\":\"sandbox account\",\"approver\":\"a\",\"expires\":\"2027-06-30\"}," +
                "{\"accessKeyId\":\"AKIAAAAAAAAAAAAAAAA1\",\"reason\":\"key-level, expired\",\"approver\":\"b\",\"expires\":\"2026-01-01\"}," +
                "{\"userArn\":\"arn:aws:iam::111122223333:user/alice\",\"reason\":\"user-level\",\"approver\":\"c\",\"expires\":\"2027-01-31\"}]";
            var verdict = Judge(Key(TimeSpan.FromDays(95)), PolicyFromJson("{}", file));

            Assert.Equal(KeyStage.Exempt, verdict.Stage);
            Assert.Equal("user-level", verdict.Exemption!.Reason);
            // After the user-level one ends, the account-level one still holds: the next change is when that ends.
            Assert.Equal(KeyStage.Disable, verdict.NextStage);
            Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero), verdict.NextStageDate);
        }

        [Fact]
        public void A_healthy_exempt_key_expects_Exempt_when_it_reaches_its_warn_age()
        {
            var key = Key(TimeSpan.FromDays(70));
            var verdict = Judge(key, PolicyFromJson("{}", KeyExemption));
            Assert.Equal(KeyStage.Exempt, verdict.NextStage);
            Assert.Equal(key.CreateDate + TimeSpan.FromDays(80), verdict.NextStageDate);
        }

        [Fact]
        public void A_date_time_expiry_is_an_exact_instant()
        {
            Assert.True(ExemptionTag.TryParse("expires=2026-12-31T18:00:00+09:00 reason=x", "arn", "k", out var e, out _));
            Assert.Equal(new DateTimeOffset(2026, 12, 31, 9, 0, 0, TimeSpan.Zero), e!.Expires);
        }
    }
}
