using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>
    /// One row per finding, keys nearest their next stage first, under a header of <see cref="Columns"/> (a stable
    /// order: new columns only ever go last). RFC 4180: comma-separated, CRLF, a field quoted when it holds a comma,
    /// quote or line break. Times ISO-8601 UTC to the second; lists joined with ';'. A field that starts with = + - @
    /// (user names may) gets a leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
    /// </summary>
    internal static class CsvReport
    {
        public static readonly IReadOnlyList<string> Columns = new[]
        {
            "AccountId", "AccountName", "UserName", "UserPath", "AccessKeyId", "Status", "Stage", "ExemptFromStage", "Reasons",
            "AgeDays", "DaysSinceLastUse", "CreateDate", "LastUsedDate", "NextStage", "NextStageDate", "Owner", "Urgency",
            "FailedControls", "EvaluatedAt",
        };

        public static string Render(IEnumerable<KeyFinding> findings)
        {
            var text = new StringBuilder();
            Row(text, Columns);
            foreach (var finding in ReportFacts.NearestNextStageFirst(findings))
                Row(text, Fields(finding));
            return text.ToString();
        }

        private static IEnumerable<string> Fields(KeyFinding f) => new[]
        {
            f.AccountId, f.AccountName, f.UserName, f.UserPath, f.AccessKeyId, f.Status, f.Stage, f.ExemptFromStage ?? "",
            string.Join(";", f.Reasons), Number(f.AgeDays), Number(f.DaysSinceLastUse), Time(f.CreateDate), Time(f.LastUsedDate),
            f.NextStage ?? "", Time(f.NextStageDate), ReportFacts.OwnerText(f), f.Urgency.ToString(CultureInfo.InvariantCulture),
            string.Join(";", SecurityHubControl.All.Where(c => !f.IsPreview && c.Fails(f)).Select(c => c.Id)), Time(f.EvaluatedAt),
        };

        private static void Row(StringBuilder text, IEnumerable<string> fields)
        {
            text.Append(string.Join(",", fields.Select(Field)));
            text.Append("\r\n");
        }

        private static string Field(string value)
        {
            if (value.Length > 0 && "=+-@".IndexOf(value[0]) >= 0)
                value = "'" + value;
            return value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        }

        private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

        private static string Time(DateTimeOffset? value)
            => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
    }
}
