using System;
using System.Globalization;

namespace IamKeyHygiene.Engine
{
    /// <summary>
    /// The engine's one clock. Evaluation and every date the module writes read it; request signing never does.
    /// A cmdlet makes one at start (<see cref="FromEnvironment"/>) and hands it down; tests use <see cref="Fixed"/>.
    /// </summary>
    public abstract class EngineClock
    {
        /// <summary>The environment variable that moves the module's clock by a number of days (fractional allowed).</summary>
        public const string OffsetVariable = "IAMKEYHYGIENE_CLOCK_OFFSET";

        /// <summary>The current instant as the engine sees it (UTC).</summary>
        public abstract DateTimeOffset UtcNow { get; }

        /// <summary>How far this clock is from wall time: the configured offset (zero for <see cref="Wall"/>); for a fixed clock, its distance from wall time at the moment of asking.</summary>
        public abstract TimeSpan Offset { get; }

        /// <summary>The wall clock, unmoved.</summary>
        public static EngineClock Wall { get; } = new OffsetClock(TimeSpan.Zero);

        /// <summary>A clock that always answers the same instant (tests, -AsOf previews).</summary>
        public static EngineClock Fixed(DateTimeOffset instant) => new FixedClock(instant.ToUniversalTime());

        /// <summary>Wall time moved by a fixed offset.</summary>
        public static EngineClock WithOffset(TimeSpan offset) => new OffsetClock(offset);

        /// <summary>
        /// Reads <see cref="OffsetVariable"/> once through <paramref name="environment"/> (a name → value lookup,
        /// usually Environment.GetEnvironmentVariable). Unset or blank: the wall clock. A value that is not a
        /// number of days in invariant culture is an <see cref="ArgumentException"/> naming the variable and value.
        /// </summary>
        public static EngineClock FromEnvironment(Func<string, string?> environment)
        {
            if (environment is null) throw new ArgumentNullException(nameof(environment));
            var raw = environment(OffsetVariable);
            if (string.IsNullOrWhiteSpace(raw)) return Wall;
            return WithOffset(ParseOffsetDays(raw!));
        }

        /// <summary>Parses a day count such as "30", "-1.5" or "0.25" (invariant culture) into a TimeSpan.</summary>
        public static TimeSpan ParseOffsetDays(string raw)
        {
            var text = (raw ?? "").Trim();
            if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture, out var days)
                || double.IsNaN(days) || double.IsInfinity(days) || Math.Abs(days) > 36500)
            {
                throw new ArgumentException(
                    $"{OffsetVariable} must be a number of days between -36500 and 36500 such as 30 or -1.5 " +
                    $"(invariant culture, '.' as decimal point); got '{raw}'.");
            }
            return TimeSpan.FromTicks((long)Math.Round(days * TimeSpan.TicksPerDay));
        }

        /// <summary>
        /// Times read from AWS that lie ahead of the clock (skew between AWS and this machine or a moved
        /// clock) count as now: an instant after <paramref name="now"/> becomes <paramref name="now"/>.
        /// </summary>
        public static DateTimeOffset NotAfter(DateTimeOffset awsTime, DateTimeOffset now)
            => awsTime > now ? now : awsTime;

        private sealed class FixedClock : EngineClock
        {
            private readonly DateTimeOffset _instant;
            public FixedClock(DateTimeOffset instant) { _instant = instant; }
            public override DateTimeOffset UtcNow => _instant;
            public override TimeSpan Offset => _instant - DateTimeOffset.UtcNow;
        }

        private sealed class OffsetClock : EngineClock
        {
            private readonly TimeSpan _offset;
            public OffsetClock(TimeSpan offset) { _offset = offset; }
            public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow + _offset;
            public override TimeSpan Offset => _offset;
        }
    }
}
