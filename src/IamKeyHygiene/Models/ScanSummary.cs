using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene
{
    /// <summary>
    /// What one Get-StaleAccessKey scan did, written at its end on the Information stream (tags IamKeyHygiene,
    /// Summary; capture it with -InformationVariable) and as a -Verbose line: so a clean scan and a scan that read
    /// nothing look different.
    /// </summary>
    public sealed class ScanSummary
    {
        internal ScanSummary(Engine.Scan.ScanTotals summary)
        {
            AccountsScanned = summary.AccountsScanned;
            AccountsFailed = summary.FailedAccountIds.Count;
            FailedAccountIds = summary.FailedAccountIds.ToArray();
            KeysRead = summary.KeysRead;
            FindingsByStage = new Dictionary<string, int>(summary.FindingsByStage.ToDictionary(p => p.Key, p => p.Value), StringComparer.OrdinalIgnoreCase);
            Findings = summary.FindingsByStage.Values.Sum();
            ExemptionsUnused = summary.ExemptionsUnused;
            ExemptionsNotChecked = summary.ExemptionsNotChecked;
            Duration = summary.Duration;
            _text = summary.ToString();
        }

        private readonly string _text;

        /// <summary>Accounts read to the end (some users may be ReadError findings).</summary>
        public int AccountsScanned { get; }

        /// <summary>Accounts that could not be read (each was a non-terminating error).</summary>
        public int AccountsFailed { get; }
        public string[] FailedAccountIds { get; }

        /// <summary>Access keys seen in the accounts read (credential report rows, or listed live), root keys included.</summary>
        public long KeysRead { get; }

        /// <summary>Findings written.</summary>
        public int Findings { get; }

        /// <summary>Findings written per stage, most urgent first (e.g. <c>$summary.FindingsByStage.Disable</c>).</summary>
        public Dictionary<string, int> FindingsByStage { get; }

        /// <summary>Exemptions-file entries in force that matched no key although their account was read in full (each was a warning).</summary>
        public int ExemptionsUnused { get; }

        /// <summary>Entries in force that matched no key but could not be checked: their account was outside this scan or
        /// not read in full, or they name an access key id.</summary>
        public int ExemptionsNotChecked { get; }

        public TimeSpan Duration { get; }

        public override string ToString() => _text;
    }
}
