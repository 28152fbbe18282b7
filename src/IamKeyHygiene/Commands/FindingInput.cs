using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// A finding as the action cmdlets take it: an AccessKeyFinding, or any object with its properties by name (an
    /// Import-Csv row, ConvertFrom-Json output), strings as CSV gives them. Only what the rails and results need is read.
    /// </summary>
    internal static class FindingInput
    {
        public static KeyFinding From(PSObject input)
        {
            var finding = new KeyFinding
            {
                AccountId = Text(input, nameof(KeyFinding.AccountId)),
                AccountName = Text(input, nameof(KeyFinding.AccountName)),
                UserName = Text(input, nameof(KeyFinding.UserName)),
                UserArn = Text(input, nameof(KeyFinding.UserArn)),
                UserPath = Text(input, nameof(KeyFinding.UserPath)),
                AccessKeyId = Text(input, nameof(KeyFinding.AccessKeyId)),
                Status = Text(input, nameof(KeyFinding.Status)),
                Stage = Text(input, nameof(KeyFinding.Stage)),
                Reasons = Reasons(Value(input, nameof(KeyFinding.Reasons))),
                NextStage = NullIfEmpty(Text(input, nameof(KeyFinding.NextStage))),
                NextStageDate = Time(input, nameof(KeyFinding.NextStageDate)),
                CreateDate = Time(input, nameof(KeyFinding.CreateDate)),
                AgeDays = Number(Value(input, nameof(KeyFinding.AgeDays))),
                DaysSinceLastUse = Number(Value(input, nameof(KeyFinding.DaysSinceLastUse))),
                LastUsedDate = Time(input, nameof(KeyFinding.LastUsedDate)),
                ExemptFromStage = NullIfEmpty(Text(input, nameof(KeyFinding.ExemptFromStage))),
                Source = Text(input, nameof(KeyFinding.Source)),
                EvaluatedAt = Time(input, nameof(KeyFinding.EvaluatedAt)) ?? default,
                PolicyHash = Text(input, nameof(KeyFinding.PolicyHash)),
                IsPreview = Flag(Value(input, nameof(KeyFinding.IsPreview))),
            };
            if (finding.AccountId.Length == 0 || finding.UserName.Length == 0)
            {
                throw new ArgumentException($"'{input}' is not a finding: it needs at least AccountId and UserName (a finding without AccessKeyId, Stage or PolicyHash is skipped with the reason).");
            }

            return finding;
        }

        internal static object? Value(PSObject input, string name)
        {
            var value = input.Properties[name]?.Value;
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        internal static string Text(PSObject input, string name) => Convert.ToString(Value(input, name), CultureInfo.InvariantCulture) ?? "";

        internal static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

        /// <summary>An array (the object's own), or the CSV's "TooOld;SecondActiveKey".</summary>
        private static string[] Reasons(object? value) => value switch
        {
            null => Array.Empty<string>(),
            string text => text.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim()).ToArray(),
            IEnumerable items => items.Cast<object?>().Select(i => Convert.ToString(i is PSObject w ? w.BaseObject : i, CultureInfo.InvariantCulture) ?? "").ToArray(),
            _ => new[] { value.ToString() ?? "" },
        };

        private static int? Number(object? value) => value switch
        {
            int number => number,
            string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };

        private static bool Flag(object? value) => value switch
        {
            bool flag => flag,
            string text => string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

        internal static DateTimeOffset? Time(PSObject input, string name) => Value(input, name) switch
        {
            DateTimeOffset instant => instant.ToUniversalTime(),
            DateTime time => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => parsed,
            _ => null,
        };
    }
}
