using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Policy.Owners
{
    /// <summary>
    /// How an owner wants to be told: the language of the shipped notice templates and an IANA time zone for the dates
    /// in them. Read from the owners file (<c>owner.language</c>, <c>owner.timeZone</c>) or the user's tags
    /// (<see cref="LanguageTagKey"/>, <see cref="TimeZoneTagKey"/>).
    /// </summary>
    public static class OwnerPreferences
    {
        /// <summary>The user tag that gives the owner's notice language.</summary>
        public const string LanguageTagKey = "language";

        /// <summary>The user tag that gives the owner's time zone.</summary>
        public const string TimeZoneTagKey = "time-zone";

        /// <summary>The languages the module ships notice templates in.</summary>
        public static IReadOnlyList<string> Languages { get; } = new[] { "en", "ja" };

        /// <summary>The language as the templates name it ("ja" for "JA"), or null when none ships.</summary>
        public static string? KnownLanguage(string? language)
            => Languages.FirstOrDefault(known => string.Equals(known, language?.Trim(), StringComparison.OrdinalIgnoreCase));

        /// <summary>The time zone, or null when this machine's TimeZoneInfo does not know the id.</summary>
        public static TimeZoneInfo? FindTimeZone(string? id)
        {
            if (string.IsNullOrWhiteSpace(id)) return null;
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id!.Trim());
            }
            catch (TimeZoneNotFoundException)
            {
                return null;
            }
            catch (InvalidTimeZoneException)
            {
                return null;
            }
        }
    }
}
