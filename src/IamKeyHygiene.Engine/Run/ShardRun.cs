using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>
    /// A run scaled out past one machine. Each shard execution (the accounts directly under the root, or one top-level
    /// OU with -Recurse) reads and judges only, and leaves its findings in <see cref="ShardFindingStore"/>. One merge
    /// execution then enumerates the organization (for the account sessions it acts through, not to read them again),
    /// takes every account's findings from the one shard that read it, and goes on as a single run would: the
    /// organization-wide circuit breaker over all shards' findings, the actions (each key re-read and re-judged live, as
    /// always), one notice per owner across every shard, one history line.
    /// </summary>
    internal static class ShardRun
    {
        /// <summary>The shard's half: write what the scan produced; nothing is acted on or sent.</summary>
        public static async Task<string> WriteAsync(HygieneRunRequest request, RunSink sink, AwsConnection connection, DateTimeOffset start,
            CancellationToken cancellationToken)
        {
            var errorOf = sink.Errors.Where(e => e.Entry.TargetKind == ErrorTargetKind.AccountId && e.Target != null)
                .GroupBy(e => e.Target!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var totals = sink.ScanTotals;
            var shard = new ShardFindings
            {
                RunId = request.RunId,
                PolicyHash = request.Policy.Hash,
                Start = start,
                End = request.Clock.UtcNow,
                Scope = Describe(request.Selection),
                Accounts = sink.Accounts.Select(a => a.Account).GroupBy(a => a.AccountId, StringComparer.Ordinal).Select(g => new ShardAccount
                {
                    AccountId = g.Key,
                    AccountName = g.First().Name,
                    Error = errorOf.TryGetValue(g.Key, out var error) ? new RunHistoryError { ErrorId = error.ErrorId, AccountId = g.Key, Message = error.Message } : null,
                }).OrderBy(a => a.AccountId, StringComparer.Ordinal).ToList(),
                Findings = sink.Findings.ToList(),
                KeysRead = totals?.KeysRead ?? 0,
                ActiveKeysRead = totals?.ActiveKeysRead ?? 0,
                ExemptionsUnused = totals?.ExemptionsUnused ?? 0,
                ExemptionsNotChecked = totals?.ExemptionsNotChecked ?? 0,
            };
            var written = await ShardFindingStore.WriteAsync(request.ShardFindingsPath!, shard, new AuditLogConnection(connection, sink), cancellationToken)
                .ConfigureAwait(false);
            sink.Verbose($"Shard {request.RunId} ({shard.Scope}): {shard.Accounts.Count} account(s), {shard.Findings.Count} finding(s) written to {written}.");
            return written;
        }

        /// <summary>The merge's first phase, in place of the scan: the organization's accounts (with sessions) and every
        /// shard's findings of the day, each account taken from exactly one shard.</summary>
        public static async Task LoadAsync(HygieneRunRequest request, RunSink sink, AwsConnection connection, CancellationToken cancellationToken)
        {
            var day = request.ShardDate ?? request.Clock.UtcNow;
            var shards = await ShardFindingStore.ReadDayAsync(request.MergeFindingsPath!, day, request.Policy.Hash, new AuditLogConnection(connection, sink),
                cancellationToken).ConfigureAwait(false);

            await HygieneRunService.EnumerateAsync(request, sink, connection, cancellationToken).ConfigureAwait(false);
            var enumerated = new HashSet<string>(sink.Accounts.Select(a => a.Account.AccountId), StringComparer.Ordinal);

            // An account read by two shards (a shard run again after a failure) is taken from the later one.
            var readBy = new Dictionary<string, (ShardFindings Shard, ShardAccount Account)>(StringComparer.Ordinal);
            foreach (var shard in shards.OrderBy(s => s.End))
            {
                foreach (var account in shard.Accounts)
                {
                    if (readBy.TryGetValue(account.AccountId, out var earlier))
                        sink.Warning($"Account {account.AccountId} is in two shards' findings ({earlier.Shard.Source} and {shard.Source}); the later one is used.");
                    readBy[account.AccountId] = (shard, account);
                }
            }

            foreach (var stray in readBy.Keys.Where(id => !enumerated.Contains(id)).OrderBy(id => id, StringComparer.Ordinal))
                sink.Warning($"Account {stray} is in the shard findings ({readBy[stray].Shard.Source}) but not among the accounts this run selected now; its findings are left out.");

            var findingsByShard = shards.ToDictionary(s => s, s => s.Findings.ToLookup(f => f.AccountId, StringComparer.Ordinal));
            foreach (var accountId in enumerated.OrderBy(id => id, StringComparer.Ordinal))
            {
                if (!readBy.TryGetValue(accountId, out var read))
                {
                    sink.WriteError(new EngineException(ErrorCatalog.ShardAccountMissing, accountId,
                        $"Account {accountId} is in no shard's findings of {day.UtcDateTime:yyyy-MM-dd}: a shard failed or was not run. It is counted failed; nothing is done to its keys."));
                    continue;
                }

                if (read.Account.Error is RunHistoryError error)
                {
                    var entry = ErrorCatalog.All.FirstOrDefault(e => e.Id == error.ErrorId && !e.Terminating) ?? ErrorCatalog.AccountScanFailed;
                    sink.WriteError(new EngineException(entry, accountId, $"{error.Message} (shard {read.Shard.RunId})"));
                }

                foreach (var finding in findingsByShard[read.Shard][accountId]) sink.WriteResult(finding);
            }

            var used = readBy.Where(p => enumerated.Contains(p.Key)).Select(p => p.Value).ToList();
            var usedShards = used.Select(u => u.Shard).Distinct().ToList();
            var merged = sink.Findings;
            sink.Information(new ScanTotals(
                used.Count(u => u.Account.Error == null),
                used.Where(u => u.Account.Error != null).Select(u => u.Account.AccountId).Concat(enumerated.Where(id => !readBy.ContainsKey(id))).OrderBy(id => id, StringComparer.Ordinal).ToList(),
                usedShards.Sum(s => s.KeysRead),
                merged.GroupBy(f => f.Stage, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                usedShards.Sum(s => s.ExemptionsUnused),
                usedShards.Sum(s => s.ExemptionsNotChecked),
                TimeSpan.Zero)
            {
                ActiveKeysRead = usedShards.Sum(s => s.ActiveKeysRead),
            }, new[] { "KeyHygiene", "ScanSummary" });
            sink.Verbose($"Merge: {shards.Count} shard(s) of {day.UtcDateTime:yyyy-MM-dd}, {used.Count} of {enumerated.Count} account(s) covered, {merged.Count} finding(s).");
        }

        private static string Describe(AccountSelection? selection)
        {
            if (selection == null) return "the caller's account";
            var parts = new List<string>();
            if (selection.OrganizationalUnitId != null) parts.Add(selection.OrganizationalUnitId + (selection.Recurse ? " -Recurse" : ""));
            if (selection.AccountIds != null && selection.AccountIds.Count > 0) parts.Add("accounts " + string.Join(",", selection.AccountIds));
            if (selection.ExcludeAccountIds != null && selection.ExcludeAccountIds.Count > 0) parts.Add("excluding " + string.Join(",", selection.ExcludeAccountIds));
            return parts.Count == 0 ? "the whole organization" : string.Join(", ", parts);
        }
    }
}
