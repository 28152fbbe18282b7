using System;
using System.Globalization;

namespace IamKeyHygiene.Engine.Policy.Exemptions
{
    /// <summary>
    /// Reads an exemption's <c>expires</c>: an ISO-8601 date (valid through the end of that UTC day) or an
    /// ISO-8601 date-time (with Z or an offset; without one it is taken as UTC).
    /// </summary>
    internal static class ExpiryParser
    {
        private static readonly string[] DateTimeFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
            "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
        };

        public static bool TryParse(string? text, out DateTimeOffset expires) => TryParse(text, out expires, out _);

        /// <param name="text">The <c>expires</c> value.</param>
        /// <param name="expires">The first instant it no longer applies.</param>
        /// <param name="dateOnly">True for a date-only value: <paramref name="expires"/> is then the next midnight UTC,
        /// while people are shown the date they wrote.</param>
        public static bool TryParse(string? text, out DateTimeOffset expires, out bool dateOnly)
        {
            expires = default;
            dateOnly = false;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var value = text!.Trim();
            if (DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                if (date.Date == DateTime.MaxValue.Date) return false;
                expires = DayCount.ReachedAt(new DateTimeOffset(date.Date, TimeSpan.Zero), 1); // the end of that UTC day
                dateOnly = true;
                return true;
            }
            if (DateTimeOffset.TryParseExact(value, DateTimeFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
            {
                expires = instant;
                return true;
            }
            return false;
        }

        public const string Expected = "an ISO-8601 date such as 2026-12-31 (valid through that UTC day) or a date-time such as 2026-12-31T18:00:00Z";
    }
}
