using IamKeyHygiene.Engine;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    public class EngineClockTests
    {
        [Theory]
        [InlineData("30", 30 * 24.0)]
        [InlineData("-1.5", -36.0)]
        [InlineData(" 0.25 ", 6.0)]
        [InlineData("+2", 48.0)]
        public void The_offset_is_days_in_invariant_culture(string value, double hours)
        {
            var clock = EngineClock.FromEnvironment(name => name == "IAMKEYHYGIENE_CLOCK_OFFSET" ? value : null);
            Assert.Equal(TimeSpan.FromHours(hours), clock.Offset);
            var expected = DateTimeOffset.UtcNow + TimeSpan.FromHours(hours);
            Assert.InRange(clock.UtcNow, expected - TimeSpan.FromMinutes(5), expected + TimeSpan.FromMinutes(5));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void Unset_is_the_wall_clock(string? value)
        {
            Assert.Equal(TimeSpan.Zero, EngineClock.FromEnvironment(_ => value).Offset);
        }

        [Theory]
        [InlineData("1,5")]
        [InlineData("ten")]
        [InlineData("1e3")]
        [InlineData("99999")]
        [InlineData("NaN")]
        public void A_malformed_offset_is_a_clear_error(string value)
        {
            var e = Assert.Throws<ArgumentException>(() => EngineClock.FromEnvironment(_ => value));
            Assert.Contains("IAMKEYHYGIENE_CLOCK_OFFSET", e.Message);
            Assert.Contains($"'{value}'", e.Message);
        }

        [Fact]
        public void A_fixed_clock_never_moves_and_future_AWS_times_count_as_now()
        {
            var instant = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(9));
            var clock = EngineClock.Fixed(instant);
            Assert.Equal(instant, clock.UtcNow);
            Assert.Equal(TimeSpan.Zero, clock.UtcNow.Offset);
            Assert.Equal(clock.UtcNow, EngineClock.NotAfter(instant.AddSeconds(5), clock.UtcNow));
            Assert.Equal(instant.AddSeconds(-5), EngineClock.NotAfter(instant.AddSeconds(-5), clock.UtcNow));
        }
    }
}
