using System;
using System.Globalization;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>Timestamp text as the protocols send it: ISO 8601 (awsQuery/XML default), epoch seconds
    /// (awsJson default, fractional allowed) and RFC 822 (HTTP dates).</summary>
    internal static class Timestamps
    {
        public const string Iso8601 = "iso8601";
        public const string UnixTimestamp = "unixTimestamp";
        public const string Rfc822 = "rfc822";

        public static DateTimeOffset ParseEpochSeconds(double seconds) =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000d, MidpointRounding.AwayFromZero));

        /// <summary>Reads any of the three text forms; a bare number is epoch seconds.</summary>
        public static DateTimeOffset Parse(string text)
        {
            var trimmed = text.Trim();
            if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return ParseEpochSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed.ToUniversalTime();
            }

            throw new FormatException($"'{text}' is not a timestamp.");
        }

        public static string FormatIso8601(DateTimeOffset value)
        {
            var utc = value.ToUniversalTime();
            return utc.Millisecond == 0
                ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        public static string FormatRfc822(DateTimeOffset value) =>
            value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

        /// <summary>Epoch seconds, whole when the instant has no milliseconds (as botocore writes them).</summary>
        public static double ToEpochSeconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000d;

        public static string Format(DateTimeOffset value, string? format, string protocolDefault)
        {
            switch (format ?? protocolDefault)
            {
                case UnixTimestamp:
                    return ToEpochSeconds(value).ToString("0.###", CultureInfo.InvariantCulture);
                case Rfc822:
                    return FormatRfc822(value);
                default:
                    return FormatIso8601(value);
            }
        }

        /// <summary>The value the parsers hand on: ISO 8601 with milliseconds, UTC, which System.Text.Json reads
        /// into DateTimeOffset.</summary>
        public static string ToCanonical(DateTimeOffset value) =>
            value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    }
}
