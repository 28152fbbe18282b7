using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>The run's history line from what its phases produced: counts per stage and outcome, over the run and per
    /// account, each account's first error, every error, the notices per outcome and the breaker.</summary>
    internal static class RunLedger
    {
        public static RunHistoryRecord History(HygieneRunRequest request, RunSink sink, BreakerCheck? breaker, bool stopped,
            DateTimeOffset start, DateTimeOffset end)
        {
            var findings = sink.Findings;
            var actions = sink.Actions;
            var accountOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var finding in findings.Where(f => f.AccessKeyId.Length > 0)) accountOfKey[finding.AccessKeyId] = finding.AccountId;
            var errors = sink.Errors.Select(e => new RunHistoryError { ErrorId = e.ErrorId, AccountId = AccountOf(e, accountOfKey), Message = e.Message }).ToList();

            var accountIds = sink.Accounts.Select(a => a.Account.AccountId)
                .Concat(findings.Select(f => f.AccountId))
                .Concat(errors.Select(e => e.AccountId).Where(id => id != null).Select(id => id!))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(id => id, StringComparer.Ordinal);
            var stagesOf = findings.ToLookup(f => f.AccountId, StringComparer.Ordinal);
            var outcomesOf = actions.ToLookup(a => a.AccountId, StringComparer.Ordinal);
            var errorOf = errors.Where(e => e.AccountId != null).ToLookup(e => e.AccountId!, StringComparer.Ordinal);

            var notices = sink.Notices;
            return new RunHistoryRecord
            {
                RunId = request.RunId,
                Start = start,
                End = end,
                Mode = request.Mode.ToString(),
                Stages = Count(findings.Select(f => f.Stage)),
                Outcomes = Count(actions.Select(a => a.Outcome.ToString())),
                Errors = errors,
                Accounts = accountIds.Select(id => new RunHistoryAccount
                {
                    AccountId = id,
                    Stages = Count(stagesOf[id].Select(f => f.Stage)),
                    Outcomes = Count(outcomesOf[id].Select(a => a.Outcome.ToString())),
                    Error = errorOf[id].FirstOrDefault(),
                }).ToList(),
                Notices = notices.Count == 0 ? null : Count(notices.Select(n => n.Outcome.ToString())),
                Breaker = breaker == null || !breaker.Trips ? null : new RunHistoryBreaker
                {
                    WouldDisable = breaker.WouldDisable,
                    MaxDisable = breaker.MaxDisable,
                    WouldDelete = breaker.WouldDelete,
                    MaxDelete = breaker.MaxDelete,
                    ActiveKeys = breaker.ActiveKeys,
                    MaxDisableByPercent = breaker.MaxDisableByPercent,
                    Enforced = stopped,
                    Message = breaker.Text,
                },
            };
        }

        /// <summary>The account an error is about: its target when that is an account id, the key's account for a key id.</summary>
        private static string? AccountOf(EngineException error, IReadOnlyDictionary<string, string> accountOfKey)
        {
            if (error.Entry.TargetKind == ErrorTargetKind.AccountId) return error.Target;
            return error.Entry.TargetKind == ErrorTargetKind.AccessKeyId && error.Target != null && accountOfKey.TryGetValue(error.Target, out var account)
                ? account
                : null;
        }

        private static Dictionary<string, int> Count(IEnumerable<string> names)
            => names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}
