using System;
using System.Globalization;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Notices.Templates
{
    /// <summary>Dates in a message: in the recipient's time zone (UTC when none), written the way the language writes
    /// them, with the zone's offset so nobody has to guess. Month and day names are the module's own, not the machine
    /// culture's (a runbook sandbox may have none).</summary>
    public sealed class NoticeDates
    {
        private static readonly string[] EnglishMonths = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        private static readonly string[] EnglishDays = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
        private static readonly string[] JapaneseDays = { "日", "月", "火", "水", "木", "金", "土" };
        private readonly string _language;
        private readonly TimeZoneInfo _zone;

        public NoticeDates(string language, string? timeZone)
        {
            _language = language;
            _zone = OwnerPreferences.FindTimeZone(timeZone) ?? TimeZoneInfo.Utc;
            ZoneName = _zone == TimeZoneInfo.Utc ? "UTC" : timeZone!.Trim();
        }

        /// <summary>"UTC" or the IANA id.</summary>
        public string ZoneName { get; }

        /// <summary>"Sun 27 Dec 2026" / "2026年12月27日(日)".</summary>
        public string Day(DateTimeOffset instant)
        {
            var local = TimeZoneInfo.ConvertTime(instant, _zone);
            return _language == "ja"
                ? $"{local.Year}年{local.Month}月{local.Day}日({JapaneseDays[(int)local.DayOfWeek]})"
                : $"{EnglishDays[(int)local.DayOfWeek]} {local.Day} {EnglishMonths[local.Month - 1]} {local.Year}";
        }

        /// <summary>"Sun 27 Dec 2026 09:00 UTC+9" / "2026年12月27日(日) 09:00 (UTC+9)".</summary>
        public string Time(DateTimeOffset instant)
        {
            var local = TimeZoneInfo.ConvertTime(instant, _zone);
            var clock = local.ToString("HH:mm", CultureInfo.InvariantCulture);
            var offset = Offset(local.Offset);
            return _language == "ja" ? $"{Day(instant)} {clock} ({offset})" : $"{Day(instant)} {clock} {offset}";
        }

        private static string Offset(TimeSpan offset)
        {
            if (offset == TimeSpan.Zero) return "UTC";
            var sign = offset < TimeSpan.Zero ? "-" : "+";
            var whole = offset.Duration();
            return whole.Minutes == 0
                ? $"UTC{sign}{whole.Hours}"
                : $"UTC{sign}{whole.Hours}:{whole.Minutes.ToString("00", CultureInfo.InvariantCulture)}";
        }
    }
}
