using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>What every format shows alike: stages in urgency order, counts per stage and per account, and the keys
    /// nearest their next stage first.</summary>
    internal static class ReportFacts
    {
        /// <summary>Every stage name, most urgent first (the judge's order: RootAccessKey, ReadError, Disable…, Healthy).</summary>
        public static readonly IReadOnlyList<string> StagesByUrgency = Enum.GetValues(typeof(KeyStage)).Cast<KeyStage>()
            .OrderByDescending(KeyStages.Urgency).Select(stage => stage.ToString()).ToList();

        /// <summary>Findings per stage, in <see cref="StagesByUrgency"/> order, stages with none left out (an unknown
        /// stage name from an imported CSV comes last).</summary>
        public static IReadOnlyList<KeyValuePair<string, int>> CountByStage(IEnumerable<KeyFinding> findings)
            => findings.GroupBy(f => f.Stage, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
                .OrderBy(pair => StageOrder(pair.Key)).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .ToList();

        /// <summary>One row per account, by account id: its name and its findings per stage.</summary>
        public static IReadOnlyList<AccountRow> Accounts(IEnumerable<KeyFinding> findings)
            => findings.GroupBy(f => f.AccountId, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new AccountRow(g.Key, g.Select(f => f.AccountName).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? "",
                    g.GroupBy(f => f.Stage, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Count(), StringComparer.Ordinal)))
                .ToList();

        /// <summary>Keys nearest their next stage first: by next-stage date (earliest first); keys with none (root keys,
        /// read errors, keys at their last stage) after them, most urgent first; then account, user and key id.</summary>
        public static IReadOnlyList<KeyFinding> NearestNextStageFirst(IEnumerable<KeyFinding> findings)
            => findings
                .OrderBy(f => f.NextStageDate.HasValue ? 0 : 1)
                .ThenBy(f => f.NextStageDate ?? DateTimeOffset.MaxValue)
                .ThenByDescending(f => f.Urgency)
                .ThenBy(f => f.AccountId, StringComparer.Ordinal)
                .ThenBy(f => f.UserName, StringComparer.Ordinal)
                .ThenBy(f => f.AccessKeyId, StringComparer.Ordinal)
                .ToList();

        /// <summary>Who answers for the key, as people read it: e-mail, else Slack id, else name; "" when unowned.</summary>
        public static string OwnerText(KeyFinding finding)
            => finding.Owner?.Email ?? finding.Owner?.SlackId ?? finding.Owner?.Name ?? "";

        private static int StageOrder(string stage)
        {
            for (var i = 0; i < StagesByUrgency.Count; i++)
            {
                if (string.Equals(StagesByUrgency[i], stage, StringComparison.Ordinal))
                    return i;
            }

            return StagesByUrgency.Count;
        }
    }

    /// <summary>One account's line in the report.</summary>
    internal sealed class AccountRow
    {
        public AccountRow(string accountId, string name, IReadOnlyDictionary<string, int> stages)
        {
            AccountId = accountId;
            Name = name;
            Stages = stages;
        }

        public string AccountId { get; }
        public string Name { get; }
        public IReadOnlyDictionary<string, int> Stages { get; }
        public int Total => Stages.Values.Sum();
        public int Count(string stage) => Stages.TryGetValue(stage, out var count) ? count : 0;
    }
}
