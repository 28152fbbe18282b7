using System;

namespace IamKeyHygiene.Engine.Policy.Judging
{
    /// <summary>DESIGN.md's boundary rule: whole days are the floor of elapsed 24 h periods; a threshold N is reached when days ≥ N.</summary>
    internal static class DayCount
    {
        /// <summary>Whole days from <paramref name="from"/> to <paramref name="now"/> (a start after now counts as now: 0).</summary>
        public static int Between(DateTimeOffset from, DateTimeOffset now)
        {
            var ticks = (now - EngineClock.NotAfter(from, now)).Ticks;
            return (int)Math.Min(int.MaxValue, ticks / TimeSpan.TicksPerDay);
        }

        /// <summary>The instant a threshold of <paramref name="days"/> counted from <paramref name="from"/> is reached.</summary>
        public static DateTimeOffset ReachedAt(DateTimeOffset from, int days) => from + TimeSpan.FromTicks(days * TimeSpan.TicksPerDay);

        /// <summary>Ordering of the acting stages (higher is further along); -1 for stages outside that ladder.</summary>
        public static int Rank(KeyStage stage) => stage switch
        {
            KeyStage.Healthy => 0,
            KeyStage.Warn => 1,
            KeyStage.Rotate => 2,
            KeyStage.Disable => 3,
            KeyStage.Delete => 4,
            _ => -1,
        };

        public static KeyStage Max(KeyStage a, KeyStage b) => Rank(b) > Rank(a) ? b : a;
    }
}
