using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>
    /// What one shard execution of a scaled-out run read and judged: its header (run id, policy hash, times, scope), every
    /// account it reached with that account's error if it failed, every finding, and its scan totals. Stored as one JSON
    /// Lines object per shard, <c>&lt;prefix&gt;/findings/&lt;yyyy-MM-dd&gt;/&lt;runId&gt;.jsonl</c>, ending with an
    /// <c>end</c> line that counts the others, so a file cut short is refused rather than merged as partial data.
    /// </summary>
    public sealed class ShardFindings
    {
        public string RunId { get; set; } = "";
        public string PolicyHash { get; set; } = "";
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }

        /// <summary>The accounts the shard ran over, as its parameters said (e.g. "ou-ab12-cdef3456 -Recurse").</summary>
        public string Scope { get; set; } = "";

        public List<ShardAccount> Accounts { get; set; } = new List<ShardAccount>();
        public List<KeyFinding> Findings { get; set; } = new List<KeyFinding>();

        public long KeysRead { get; set; }
        public long ActiveKeysRead { get; set; }
        public int ExemptionsUnused { get; set; }
        public int ExemptionsNotChecked { get; set; }

        /// <summary>Where the file was read from (not stored).</summary>
        internal string Source { get; set; } = "";

        /// <summary>The file's lines: header, accounts, findings, end.</summary>
        internal IEnumerable<ShardLine> ToLines()
        {
            yield return new ShardLine
            {
                Kind = ShardLine.Header, RunId = RunId, PolicyHash = PolicyHash, Start = Start, End = End, Scope = Scope,
                KeysRead = KeysRead, ActiveKeysRead = ActiveKeysRead, ExemptionsUnused = ExemptionsUnused, ExemptionsNotChecked = ExemptionsNotChecked,
            };
            foreach (var account in Accounts) yield return new ShardLine { Kind = ShardLine.AccountLine, Account = account };
            foreach (var finding in Findings) yield return new ShardLine { Kind = ShardLine.FindingLine, Finding = finding };
            yield return new ShardLine { Kind = ShardLine.EndLine, AccountCount = Accounts.Count, FindingCount = Findings.Count };
        }

        /// <summary>The shard a file's lines hold, or the reason they do not hold a whole one.</summary>
        internal static ShardFindings FromLines(IReadOnlyList<ShardLine?> lines, string source, out string? problem)
        {
            var shard = new ShardFindings { Source = source };
            problem = null;
            var header = lines.Count > 0 ? lines[0] : null;
            var end = lines.Count > 1 ? lines[lines.Count - 1] : null;
            if (header?.Kind != ShardLine.Header || string.IsNullOrEmpty(header.RunId) || string.IsNullOrEmpty(header.PolicyHash))
            {
                problem = "its first line is not a shard header (runId, policyHash)";
                return shard;
            }

            if (end?.Kind != ShardLine.EndLine)
            {
                problem = "it has no end line: the shard was stopped while writing it, or it was cut short";
                return shard;
            }

            shard.RunId = header.RunId!;
            shard.PolicyHash = header.PolicyHash!;
            shard.Start = header.Start ?? default;
            shard.End = header.End ?? default;
            shard.Scope = header.Scope ?? "";
            shard.KeysRead = header.KeysRead ?? 0;
            shard.ActiveKeysRead = header.ActiveKeysRead ?? 0;
            shard.ExemptionsUnused = header.ExemptionsUnused ?? 0;
            shard.ExemptionsNotChecked = header.ExemptionsNotChecked ?? 0;
            for (var index = 1; index < lines.Count - 1; index++)
            {
                var line = lines[index];
                if (line?.Kind == ShardLine.AccountLine && line.Account != null && line.Account.AccountId.Length > 0) shard.Accounts.Add(line.Account);
                else if (line?.Kind == ShardLine.FindingLine && line.Finding != null && line.Finding.AccountId.Length > 0) shard.Findings.Add(line.Finding);
                else
                {
                    problem = $"line {index + 1} is neither an account nor a finding";
                    return shard;
                }
            }

            if (end.AccountCount != shard.Accounts.Count || end.FindingCount != shard.Findings.Count)
            {
                problem = $"its end line counts {end.AccountCount} account(s) and {end.FindingCount} finding(s), the file holds {shard.Accounts.Count} and {shard.Findings.Count}";
            }
            else if (shard.Findings.FirstOrDefault(f => !shard.Accounts.Any(a => a.AccountId == f.AccountId)) is KeyFinding stray)
            {
                problem = $"it has a finding of account {stray.AccountId}, which it does not list";
            }

            return shard;
        }
    }

    /// <summary>One account a shard reached: its id and name, and its error when it could not be read in full.</summary>
    public sealed class ShardAccount
    {
        public string AccountId { get; set; } = "";
        public string? AccountName { get; set; }
        public RunHistoryError? Error { get; set; }
    }

    /// <summary>One line of a shard file; <see cref="Kind"/> says which members it carries.</summary>
    internal sealed class ShardLine
    {
        public const string Header = "shard";
        public const string AccountLine = "account";
        public const string FindingLine = "finding";
        public const string EndLine = "end";

        public string Kind { get; set; } = "";

        public string? RunId { get; set; }
        public string? PolicyHash { get; set; }
        public DateTimeOffset? Start { get; set; }
        public DateTimeOffset? End { get; set; }
        public string? Scope { get; set; }
        public long? KeysRead { get; set; }
        public long? ActiveKeysRead { get; set; }
        public int? ExemptionsUnused { get; set; }
        public int? ExemptionsNotChecked { get; set; }

        public ShardAccount? Account { get; set; }
        public KeyFinding? Finding { get; set; }

        public int? AccountCount { get; set; }
        public int? FindingCount { get; set; }
    }
}
