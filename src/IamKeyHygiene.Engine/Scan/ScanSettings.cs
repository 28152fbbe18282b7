using System;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>How Get-StaleAccessKey reads and what it returns (everything but the policy itself).</summary>
    public sealed class ScanSettings
    {
        public const int DefaultThrottleLimit = 32;

        public KeySource Source { get; set; } = KeySource.Auto;

        /// <summary>Under Auto, an account whose newest report is older than this is read live.</summary>
        public TimeSpan ReportMaxAge { get; set; } = TimeSpan.FromHours(4);

        /// <summary>Accounts read at the same time. Meanwhile at most four times this many calls assume roles and
        /// start credential reports for the accounts to come; waiting for a report takes no place (at most sixteen
        /// times this many accounts are started at once). See OrganizationScan.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>Return Healthy keys too (findings only otherwise).</summary>
        public bool IncludeHealthy { get; set; }
    }
}
