using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Tests.Unit.Policy;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Inventory
{
    public class CredentialReportTriageTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        private static CredentialReportRow Row(string user, params CredentialReportKeySlot[] slots)
            => new CredentialReportRow(2, user, $"arn:aws:iam::123456789012:user/{user}", Now.AddYears(-2),
                slots.ElementAtOrDefault(0) ?? Empty(1), slots.ElementAtOrDefault(1) ?? Empty(2));

        private static CredentialReportKeySlot Empty(int n) => new CredentialReportKeySlot(n, false, null, null, null, null);

        private static CredentialReportKeySlot Active(double ageDays, double? idleDays)
            => new CredentialReportKeySlot(1, true, Now.AddDays(-ageDays), idleDays is null ? null : Now.AddDays(-idleDays.Value), "us-east-1", "s3");

        public static TheoryData<string, CredentialReportRow, bool> Rows => new()
        {
            { "no keys", Row("a"), false },
            { "young, used", Row("b", Active(30, 1)), false },
            { "80 d - 1 h", Row("c", Active(80 - 1 / 24.0, 1)), false },
            { "80 d", Row("d", Active(80, 1)), true },
            { "unused 45 d", Row("e", Active(60, 45)), true },
            { "never used 45 d", Row("f", Active(45, null)), true },
            { "inactive key", Row("g", new CredentialReportKeySlot(1, false, Now.AddDays(-3), null, null, null)), true },
            { "root key", new CredentialReportRow(2, "<root_account>", "arn:aws:iam::123456789012:root", null, Active(3, 1), Empty(2)), true },
            { "root without keys", new CredentialReportRow(2, "<root_account>", "arn:aws:iam::123456789012:root", null, Empty(1), Empty(2)), false },
        };

        [Theory]
        [MemberData(nameof(Rows))]
        public void Rows_that_could_have_a_finding_under_the_default_policy(string name, CredentialReportRow row, bool expected)
        {
            Assert.True(expected == new CredentialReportTriage(HygienePolicy.Default()).NeedsKeyDetail(row, Now), name);
        }

        [Fact]
        public void The_smallest_threshold_of_any_rule_counts()
        {
            var policy = PolicyTestData.PolicyFromJson("{\"rules\":[{\"match\":{\"accountId\":\"123456789012\"},\"warnAgeDays\":20}]}");
            Assert.True(new CredentialReportTriage(policy).NeedsKeyDetail(Row("b", Active(30, 1)), Now));
        }

        [Fact]
        public void A_tag_scoped_rule_makes_every_user_with_an_active_key_a_candidate()
        {
            var policy = PolicyTestData.PolicyFromJson("{\"rules\":[{\"match\":{\"userTag\":{\"key\":\"tier\"}},\"notifyOnly\":true}]}");
            var triage = new CredentialReportTriage(policy);
            Assert.True(triage.NeedsKeyDetail(Row("b", Active(1, 1)), Now));
            Assert.False(triage.NeedsKeyDetail(Row("a"), Now));
        }

        [Fact]
        public void AsOf_in_the_future_widens_the_triage()
        {
            var triage = new CredentialReportTriage(HygienePolicy.Default());
            var row = Row("b", Active(30, 1));
            Assert.False(triage.NeedsKeyDetail(row, Now));
            Assert.True(triage.NeedsKeyDetail(row, Now.AddDays(50)));
        }
    }
}
