using System;

namespace IamKeyHygiene.Engine
{
    /// <summary>
    /// The one whole-day rule (DESIGN.md, docs/policy.md): whole days are the floor of elapsed 24 h periods, and a
    /// threshold of N days is reached when the count is ≥ N, i.e. at the instant <c>from + N × 24 h</c>. Every
    /// age, idle count, next-stage date, recovery window and exemption expiry in the engine comes from here.
    /// </summary>
    internal static class DayCount
    {
        /// <summary>Whole days from <paramref name="from"/> to <paramref name="now"/>; a start after now counts as now (0).</summary>
        public static int Between(DateTimeOffset from, DateTimeOffset now)
        {
            var ticks = (now - EngineClock.NotAfter(from, now)).Ticks;
            return (int)Math.Min(int.MaxValue, ticks / TimeSpan.TicksPerDay);
        }

        /// <summary>The instant a threshold of <paramref name="days"/> counted from <paramref name="from"/> is reached.</summary>
        public static DateTimeOffset ReachedAt(DateTimeOffset from, int days) => from + TimeSpan.FromTicks(days * TimeSpan.TicksPerDay);
    }
}
