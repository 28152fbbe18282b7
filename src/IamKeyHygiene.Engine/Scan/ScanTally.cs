using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// Counts what one scan read and wrote, from the accounts' outcomes, the findings as they are emitted and
    /// what the scanner reads, and reports it at the end (<see cref="Report"/>): the summary on the Information
    /// stream and in -Verbose, a warning when nothing was read, and a warning per exemption that matched no key
    /// although its account was read in full. Also warns, as tags are read, about an exemption tag that has
    /// already ended. Thread-safe: accounts are read in parallel.
    /// </summary>
    internal sealed class ScanTally
    {
        /// <summary>The tags of the summary's Information record.</summary>
        public static readonly string[] SummaryTags = { "IamKeyHygiene", "Summary" };

        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly ExemptionUse _exemptions;
        private readonly string _exemptionTagKey;
        private readonly DateTimeOffset _clockNow;
        private readonly IEngineLog _log;
        private readonly ConcurrentDictionary<string, int> _findingsByStage = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _accountsRead = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _accountsFailed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _accountsWithReadErrors = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private long _keysRead;
        private long _activeKeysRead;

        /// <param name="policy">The scan's policy (its exemptions and exemption tag key).</param>
        /// <param name="clockNow">The module clock when the scan started: exemptions ended by then are "ended".</param>
        /// <param name="log">Where the tag warnings go.</param>
        public ScanTally(HygienePolicy policy, DateTimeOffset clockNow, IEngineLog log)
        {
            _exemptions = new ExemptionUse(policy.Exemptions, clockNow);
            _exemptionTagKey = policy.ExemptionTagKey;
            _clockNow = clockNow;
            _log = log;
        }

        /// <summary>A tally that reports nothing (scanners made outside a scan, in tests).</summary>
        public static ScanTally Silent() => new ScanTally(HygienePolicy.Default(), DateTimeOffset.MinValue, NullEngineLog.Instance);

        public void Finding(KeyFinding finding)
        {
            _findingsByStage.AddOrUpdate(finding.Stage, 1, (_, count) => count + 1);
            if (finding.Stage == nameof(KeyStage.ReadError))
            {
                _accountsWithReadErrors.TryAdd(finding.AccountId, true);
            }
        }

        public void AccountRead(string accountId) => _accountsRead.TryAdd(accountId, true);

        public void AccountFailed(string accountId) => _accountsFailed.TryAdd(accountId, true);

        /// <summary>A user's row of an account read from its credential report (root keys are counted as judged; a
        /// user created again since the report is counted when read live instead).</summary>
        public void ReportRow(string accountId, CredentialReportRow row)
            => UserKeys(accountId, row.Arn, row.Slots.Count(s => s.HasKey || s.Active), row.Slots.Count(s => s.Active));

        /// <summary>A user read live (with whatever keys could be listed).</summary>
        public void UserListed(string accountId, UserInventory user) => UserKeys(accountId, user.User.Arn, user.Keys.Count, user.Keys.Count(k => k.IsActive));

        public void RootKeyRead() => Interlocked.Increment(ref _keysRead);

        /// <summary>A user judged with its keys listed (both paths): its key ids, and the exemption tag the judge read
        /// (on any of its verdicts) when it has ended.</summary>
        public void UserJudged(string accountId, UserInventory user, IReadOnlyList<KeyVerdict> verdicts)
        {
            _exemptions.KeyIds(user.Keys);
            var tagged = verdicts.Select(v => v.TagExemption).FirstOrDefault(e => e != null);
            if (tagged != null && tagged.IsExpiredAt(_clockNow))
            {
                _log.Warning(ExemptionWarnings.EndedInTag(accountId, user.User.UserName, _exemptionTagKey, tagged));
            }
        }

        /// <summary>The end of the scan: the summary to the host, and the warnings it calls for.</summary>
        public void Report(IEngineHost host)
        {
            var (unused, notChecked) = _exemptions.Outcome(IsReadInFull);
            foreach (var exemption in unused)
            {
                host.Warning(ExemptionWarnings.MatchedNoKey(exemption));
            }

            var summary = new ScanTotals(_accountsRead.Count, _accountsFailed.Keys.OrderBy(id => id, StringComparer.Ordinal).ToList(),
                Interlocked.Read(ref _keysRead), FindingsByStage(), unused.Count, notChecked, _watch.Elapsed)
            {
                ActiveKeysRead = Interlocked.Read(ref _activeKeysRead),
            };
            if (summary.AccountsScanned == 0)
            {
                host.Warning("The scan read no account: none was given, or every one failed. Nothing was judged; this is not a clean result.");
            }
            else if (summary.KeysRead == 0)
            {
                host.Warning($"The scan read {summary.AccountsScanned} account(s) and found no access key in them: nothing was judged. "
                    + "If keys were expected, check the accounts given and the role's permissions; a credential report is as of "
                    + "its generation time (ReportGeneratedAt), so keys created since show with -IncludeHealthy or -Source Live.");
            }

            host.Information(summary, SummaryTags);
            host.Verbose(summary.ToString());
        }

        private void UserKeys(string accountId, string userArn, int keyCount, int activeCount)
        {
            Interlocked.Add(ref _keysRead, keyCount);
            Interlocked.Add(ref _activeKeysRead, activeCount);
            _exemptions.UserKeys(accountId, userArn, keyCount);
        }

        private bool IsReadInFull(string accountId) => _accountsRead.ContainsKey(accountId) && !_accountsWithReadErrors.ContainsKey(accountId);

        private IReadOnlyDictionary<string, int> FindingsByStage()
        {
            var ordered = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var pair in _findingsByStage.OrderByDescending(p => Urgency(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                ordered[pair.Key] = pair.Value;
            }

            return ordered;
        }

        private static int Urgency(string stage) => Enum.TryParse<KeyStage>(stage, out var known) ? KeyStages.Urgency(known) : -1;
    }
}
