using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Inventory
{
    public class CredentialReportMatcherTests
    {
        private static readonly DateTimeOffset Older = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset Newer = new DateTimeOffset(2026, 10, 20, 8, 0, 0, TimeSpan.Zero);

        private static CredentialReportRow Row(CredentialReportKeySlot one, CredentialReportKeySlot two)
            => new CredentialReportRow(2, "dave", "arn:aws:iam::123456789012:user/dave", Older.AddYears(-1), one, two);

        private static CredentialReportKeySlot Slot(int n, bool active, DateTimeOffset? created, string? service)
            => new CredentialReportKeySlot(n, active, created, created?.AddDays(3), "us-east-1", service);

        [Fact]
        public void Keys_match_the_slot_with_their_creation_time()
        {
            var row = Row(Slot(1, true, Older, "s3"), Slot(2, true, Newer, "sts"));
            var keys = new[]
            {
                new ListedAccessKey("AKIAOLDOLDOLDOLDOLD1", KeyStatus.Active, Older),
                new ListedAccessKey("AKIANEWNEWNEWNEWNEW2", KeyStatus.Active, Newer.AddMilliseconds(400)),
            };

            var matches = CredentialReportMatcher.Match(row, keys);

            Assert.Equal(1, matches[0].Slot!.Slot);
            Assert.Equal("s3", matches[0].Slot!.LastUsedService);
            Assert.Equal(2, matches[1].Slot!.Slot);
        }

        [Fact]
        public void A_swapped_slot_order_is_followed_by_time_not_position()
        {
            // After the first key was deleted and a new one made, AWS may list the newer key in slot 1.
            var row = Row(Slot(1, true, Newer, "sts"), Slot(2, false, Older, "s3"));
            var keys = new[]
            {
                new ListedAccessKey("AKIAOLDOLDOLDOLDOLD1", KeyStatus.Inactive, Older),
                new ListedAccessKey("AKIANEWNEWNEWNEWNEW2", KeyStatus.Active, Newer),
            };

            var matches = CredentialReportMatcher.Match(row, keys).ToDictionary(m => m.Key.AccessKeyId);

            Assert.Equal(2, matches["AKIAOLDOLDOLDOLDOLD1"].Slot!.Slot);
            Assert.Equal("s3", matches["AKIAOLDOLDOLDOLDOLD1"].Slot!.LastUsedService);
            Assert.Equal(1, matches["AKIANEWNEWNEWNEWNEW2"].Slot!.Slot);
        }

        [Fact]
        public void A_key_made_after_the_report_is_unmatched_with_the_reason()
        {
            var row = Row(Slot(1, true, Older, "s3"), Slot(2, false, null, null));
            var keys = new[]
            {
                new ListedAccessKey("AKIAOLDOLDOLDOLDOLD1", KeyStatus.Active, Older),
                new ListedAccessKey("AKIANEWNEWNEWNEWNEW2", KeyStatus.Active, Newer),
            };

            var matches = CredentialReportMatcher.Match(row, keys);

            Assert.True(matches[0].IsMatched);
            Assert.False(matches[1].IsMatched);
            Assert.Null(matches[1].Slot);
            Assert.Contains("AKIANEWNEWNEWNEWNEW2", matches[1].Problem);
            Assert.Contains("creation time", matches[1].Problem);
        }

        [Fact]
        public void Two_keys_made_in_the_same_second_are_told_apart_by_status_or_left_unmatched()
        {
            var row = Row(Slot(1, true, Older, "s3"), Slot(2, false, Older, "ec2"));
            var byStatus = CredentialReportMatcher.Match(row, new[]
            {
                new ListedAccessKey("AKIAAAAAAAAAAAAAAAA1", KeyStatus.Inactive, Older),
                new ListedAccessKey("AKIAAAAAAAAAAAAAAAA2", KeyStatus.Active, Older),
            });
            Assert.Equal(2, byStatus[0].Slot!.Slot);
            Assert.Equal(1, byStatus[1].Slot!.Slot);

            var bothActive = Row(Slot(1, true, Older, "s3"), Slot(2, true, Older, "ec2"));
            var ambiguous = CredentialReportMatcher.Match(bothActive, new[]
            {
                new ListedAccessKey("AKIAAAAAAAAAAAAAAAA1", KeyStatus.Active, Older),
                new ListedAccessKey("AKIAAAAAAAAAAAAAAAA2", KeyStatus.Active, Older),
            });
            Assert.All(ambiguous, m => Assert.False(m.IsMatched));
            Assert.All(ambiguous, m => Assert.Contains("same second", m.Problem));
        }
    }
}
