using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>What one scan did, written at its end (the Information stream and -Verbose): so a clean scan and a
    /// scan that read nothing look different.</summary>
    public sealed class ScanTotals
    {
        internal ScanTotals(int accountsScanned, IReadOnlyList<string> failedAccountIds, long keysRead,
            IReadOnlyDictionary<string, int> findingsByStage, int exemptionsUnused, int exemptionsNotChecked, TimeSpan duration)
        {
            AccountsScanned = accountsScanned;
            FailedAccountIds = failedAccountIds;
            KeysRead = keysRead;
            FindingsByStage = findingsByStage;
            ExemptionsUnused = exemptionsUnused;
            ExemptionsNotChecked = exemptionsNotChecked;
            Duration = duration;
        }

        /// <summary>Accounts read to the end (some users may be ReadError findings).</summary>
        public int AccountsScanned { get; }

        /// <summary>Accounts that could not be read (each was a non-terminating error).</summary>
        public IReadOnlyList<string> FailedAccountIds { get; }

        /// <summary>Access keys seen: in credential report rows, or listed live; root user keys included.</summary>
        public long KeysRead { get; }

        /// <summary>Active access keys of IAM users seen (root keys not counted): Invoke-KeyHygiene's circuit breaker
        /// counts its percent rule against them.</summary>
        public long ActiveKeysRead { get; internal set; }

        /// <summary>Findings written, per stage, most urgent first.</summary>
        public IReadOnlyDictionary<string, int> FindingsByStage { get; }

        /// <summary>Exemptions-file entries in force that matched no key although their account was read in full (each warned).</summary>
        public int ExemptionsUnused { get; }

        /// <summary>Entries in force that matched no key but could not be checked: their account was outside this
        /// scan or not read in full, or they name an access key id (which names no account).</summary>
        public int ExemptionsNotChecked { get; }

        public TimeSpan Duration { get; }

        /// <summary>At most this many failed account ids are named in the text (all are in <see cref="FailedAccountIds"/>).</summary>
        private const int FailedNamed = 10;

        public override string ToString()
        {
            var findings = FindingsByStage.Count == 0 ? "none" : string.Join(", ", FindingsByStage.Select(p => $"{p.Key} {p.Value}"));
            return string.Format(CultureInfo.InvariantCulture,
                "Scan summary: {0} account(s) scanned, {1} failed{2}; {3} key(s) read; findings: {4}; exemptions: {5} unused, {6} not checked; {7:0.0} s.",
                AccountsScanned, FailedAccountIds.Count, FailedAccountIds.Count == 0 ? "" : $" ({FailedList()})",
                KeysRead, findings, ExemptionsUnused, ExemptionsNotChecked, Duration.TotalSeconds);
        }

        private string FailedList() => string.Join(", ", FailedAccountIds.Take(FailedNamed))
            + (FailedAccountIds.Count > FailedNamed ? $" and {FailedAccountIds.Count - FailedNamed} more" : "");
    }
}
