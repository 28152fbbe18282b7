using System;
using System.Globalization;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// -AsOf previews a later day: keys are judged at the later of -AsOf and the module's clock. An -AsOf within
    /// 24 hours before the clock (Get-Date, today's date) is simply now; one further back is refused, since the
    /// keys' past (a key not yet created, a use not yet made) cannot be read back.
    /// </summary>
    internal static class AsOfPreview
    {
        /// <summary>How far before the module's clock -AsOf may lie and still mean "now".</summary>
        public static readonly TimeSpan Tolerance = TimeSpan.FromHours(24);

        /// <summary>The instant keys are judged at: the later of <paramref name="asOf"/> and <paramref name="now"/>.</summary>
        public static DateTimeOffset EvaluationTime(DateTimeOffset? asOf, DateTimeOffset now)
            => asOf.HasValue && asOf.Value > now ? asOf.Value.ToUniversalTime() : now.ToUniversalTime();

        /// <summary>Throws InvalidAsOf when <paramref name="asOf"/> lies more than <see cref="Tolerance"/> before the
        /// clock, naming the clock offset when one is set (IAMKEYHYGIENE_CLOCK_OFFSET).</summary>
        public static void Check(DateTimeOffset? asOf, EngineClock clock)
        {
            if (clock == null) throw new ArgumentNullException(nameof(clock));
            if (!asOf.HasValue)
            {
                return;
            }

            var now = clock.UtcNow;
            var given = asOf.Value.ToUniversalTime();
            if (given >= now - Tolerance)
            {
                return;
            }

            var offset = clock.Offset;
            var clockText = offset == TimeSpan.Zero
                ? $"the module's clock ({Iso(now)})"
                : $"the module's clock ({Iso(now)}, moved {offset.TotalDays.ToString("0.###", CultureInfo.InvariantCulture)} days by {EngineClock.OffsetVariable})";
            throw new EngineException(ErrorCatalog.InvalidAsOf, Iso(given),
                $"-AsOf {Iso(given)} is {(now - given).TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days before {clockText}. "
                + "-AsOf previews a later day (keys are judged at the later of -AsOf and the clock); it cannot judge the past. "
                + "Leave it out to judge now.");
        }

        private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
