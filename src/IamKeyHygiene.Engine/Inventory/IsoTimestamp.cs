using System;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>
    /// The two forms a credential report writes its times in, read without making a string:
    /// 2026-08-08T09:30:00+00:00 and 2026-08-08T09:30:00Z. Anything else (fractions, out-of-range parts) gives null,
    /// and the caller falls back to the full format list.
    /// </summary>
    internal static class IsoTimestamp
    {
        public static DateTimeOffset? TryParse(CsvField text)
        {
            if (text.Length != 20 && text.Length != 25) return null;
            if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return null;
            var offsetMinutes = 0;
            if (text.Length == 20)
            {
                if (text[19] != 'Z') return null;
            }
            else
            {
                var sign = text[19];
                if ((sign != '+' && sign != '-') || text[22] != ':') return null;
                var offsetHours = Digits(text, 20, 2);
                var minutes = Digits(text, 23, 2);
                if (offsetHours < 0 || offsetHours > 14 || minutes < 0 || minutes > 59) return null;
                offsetMinutes = (sign == '-' ? -1 : 1) * (offsetHours * 60 + minutes);
            }

            var year = Digits(text, 0, 4);
            var month = Digits(text, 5, 2);
            var day = Digits(text, 8, 2);
            var hour = Digits(text, 11, 2);
            var minute = Digits(text, 14, 2);
            var second = Digits(text, 17, 2);
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
            {
                return null;
            }

            try
            {
                return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes)).ToUniversalTime();
            }
            catch (ArgumentOutOfRangeException)
            {
                return null; // at the very ends of the calendar; the full parser decides
            }
        }

        /// <summary>The number the ASCII digits at [start, start + count) make, or -1 if any is not one.</summary>
        private static int Digits(CsvField text, int start, int count)
        {
            var value = 0;
            for (var i = start; i < start + count; i++)
            {
                var c = text[i];
                if (c < '0' || c > '9') return -1;
                value = value * 10 + (c - '0');
            }

            return value;
        }
    }
}
