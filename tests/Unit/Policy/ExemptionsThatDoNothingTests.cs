using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Policy.Owners;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Policy.PolicyTestData;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>Issue 9: an exemption that has ended when it is loaded, a repeated owners match, and an exemption's
    /// end shown as the file gives it.</summary>
    public class ExemptionsThatDoNothingTests
    {
        private const string TwoExemptions = "[\n"
            + "  { \"userArn\": \"arn:aws:iam::111122223333:user/alice\", \"reason\": \"migration\", \"approver\": \"cto\", \"expires\": \"2027-12-31\" },\n"
            + "  { \"accountId\": \"111122223333\", \"reason\": \"old waiver\",\n"
            + "    \"approver\": \"cto\", \"expires\": \"2026-11-01\" }\n"
            + "]";

        [Fact]
        public void An_exemption_ended_at_the_module_clock_is_a_warning_naming_its_file_and_line()
        {
            using var dir = new TempFolder();
            var exemptions = dir.Write("exemptions.json", TwoExemptions);
            var policy = PolicyService.FromFile(dir.Write("policy.json", "{}"), exemptions, null);

            var warnings = PolicyService.EndedExemptionWarnings(policy, EngineClock.Fixed(Now));

            var warning = Assert.Single(warnings);
            Assert.StartsWith(exemptions + ", line 3: ", warning);
            Assert.Contains("111122223333", warning);
            Assert.Contains("ended 2026-11-01, end of day UTC", warning);
            Assert.Contains("exempts nothing", warning);
        }

        [Fact]
        public void An_exemption_ending_later_today_or_after_is_no_warning()
        {
            using var dir = new TempFolder();
            var exemptions = dir.Write("exemptions.json", TwoExemptions);
            var policy = PolicyService.FromFile(dir.Write("policy.json", "{}"), exemptions, null);

            // 2026-11-01 lasts through that UTC day: its last second is no warning, the next midnight is.
            Assert.Empty(PolicyService.EndedExemptionWarnings(policy, EngineClock.Fixed(new DateTimeOffset(2026, 11, 1, 23, 59, 59, TimeSpan.Zero))));
            Assert.Single(PolicyService.EndedExemptionWarnings(policy, EngineClock.Fixed(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero))));
        }

        [Fact]
        public void The_same_match_twice_in_the_owners_file_is_an_error_naming_the_file_both_lines_and_the_match()
        {
            using var dir = new TempFolder();
            var owners = dir.Write("owners.json", "[\n"
                + "  { \"match\": \"/service/\", \"owner\": { \"email\": \"platform@example.com\" } },\n"
                + "  { \"match\": \"111122223333\", \"owner\": { \"email\": \"acct@example.com\" } },\n"
                + "  { \"match\": \"/service/\", \"owner\": { \"email\": \"other@example.com\" } }\n"
                + "]");

            var e = Assert.Throws<PolicyValidationException>(() => PolicyService.FromFile(dir.Write("policy.json", "{}"), null, owners));

            Assert.Equal(owners, e.SourcePath);
            Assert.Equal(4, e.Line);
            Assert.Equal("[2].match", e.FieldPath);
            Assert.Contains("'/service/'", e.Message);
            Assert.Contains("line 2", e.Message);
            Assert.StartsWith(owners + ", line 4", e.Message);
            Assert.Equal("InvalidPolicy", e.Entry.Id);
        }

        [Fact]
        public void A_user_ARN_repeated_in_another_case_is_the_same_match()
        {
            var e = Assert.Throws<PolicyValidationException>(() => OwnersFileReader.Parse(System.Text.Encoding.UTF8.GetBytes("[\n"
                + "  { \"match\": \"arn:aws:iam::111122223333:user/Alice\", \"owner\": { \"email\": \"a@example.com\" } },\n"
                + "  { \"match\": \"arn:aws:iam::111122223333:user/alice\", \"owner\": { \"email\": \"b@example.com\" } }\n"
                + "]"), "owners.json"));
            Assert.Equal(3, e.Line);
            Assert.Contains("line 2", e.Message);
        }

        [Fact]
        public void Different_matches_load()
        {
            var owners = OwnersFileReader.Parse(System.Text.Encoding.UTF8.GetBytes(
                "[ { \"match\": \"/service/\", \"owner\": { \"email\": \"a@example.com\" } }, { \"match\": \"/service/batch/\", \"owner\": { \"email\": \"b@example.com\" } } ]"),
                "owners.json");
            Assert.Equal(2, owners.Count);
        }

        [Theory]
        [InlineData("2027-12-31", "2027-12-31, end of day UTC", "2028-01-01T00:00:00Z")]
        [InlineData("2027-06-30T18:00:00+09:00", "2027-06-30T09:00:00Z", "2027-06-30T09:00:00Z")]
        [InlineData("2027-06-30T18:30:00Z", "2027-06-30T18:30:00Z", "2027-06-30T18:30:00Z")]
        public void The_end_is_shown_as_the_file_gives_it_while_Expires_stays_the_instant_it_ends(string expires, string shown, string instant)
        {
            var policy = PolicyFromJson("{}", "[{\"accessKeyId\":\"AKIAAAAAAAAAAAAAAAA1\",\"reason\":\"vendor\",\"approver\":\"sec\",\"expires\":\"" + expires + "\"}]");
            var exemption = Assert.Single(policy.Exemptions.Entries);

            Assert.Equal(shown, exemption.EndText);
            Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), exemption.Expires);
            Assert.Contains("until " + shown, exemption.ToString());
        }

        [Fact]
        public void A_tag_s_date_is_shown_as_written_too()
        {
            var verdict = Judge(Key(TimeSpan.FromDays(95)).WithTags(("keyhygiene:exempt", "expires=2027-12-31 reason=vendor")));
            Assert.Equal("2027-12-31, end of day UTC", verdict.Exemption!.EndText);
        }
    }
}
