using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    public class ModuleKeyTagTests
    {
        [Fact]
        public void Values_round_trip_in_characters_IAM_allows()
        {
            var at = new DateTimeOffset(2026, 11, 27, 10, 0, 0, 123, TimeSpan.Zero);
            var rotating = ModuleKeyTag.Rotating("AKIAAAAAAAAAAAAAAAA9", at).ToString();
            Assert.Equal("rotating-to=AKIAAAAAAAAAAAAAAAA9 since=2026-11-27T10:00:00Z", rotating);
            Assert.Equal("disabled=2026-11-27T10:00:00Z", ModuleKeyTag.Disabled(at).ToString());
            Assert.Matches(@"^[\p{L}\p{N} _.:/=+\-@]{1,256}$", rotating);

            Assert.True(ModuleKeyTag.TryParse(rotating, out var parsed, out _));
            Assert.Equal("AKIAAAAAAAAAAAAAAAA9", parsed!.RotatingTo);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), parsed.RotatingSince);
        }

        [Theory]
        [InlineData("disabled=2026-11-27T10:00:00Z seen-inactive=2026-11-20T00:00:00Z", "2026-11-20T00:00:00Z")]
        [InlineData("seen-inactive=2026-11-20T00:00:00Z future=ignored", "2026-11-20T00:00:00Z")]
        public void The_recovery_window_starts_at_the_earliest_mark(string value, string since)
        {
            Assert.True(ModuleKeyTag.TryParse(value, out var tag, out _));
            Assert.Equal(DateTimeOffset.Parse(since), tag!.InactiveSince);
        }

        [Theory]
        [InlineData("disabled=2026-11-27")]
        [InlineData("disabled")]
        [InlineData("note=hello")]
        [InlineData("rotating-to=")]
        public void Malformed_values_are_reported_not_thrown(string value)
        {
            Assert.False(ModuleKeyTag.TryParse(value, out var tag, out var problem));
            Assert.Null(tag);
            Assert.False(string.IsNullOrEmpty(problem));
        }
    }
}
