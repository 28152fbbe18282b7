using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>
    /// The AWS Security Hub controls a finding is exported under, each failed by the facts the control itself checks,
    /// at the control's own fixed parameter (90 days), whatever thresholds the policy sets: so a policy that disables
    /// at 60 days does not report IAM.3 failing at 60, and a Warn at 80 days is still passing.
    /// - IAM.3 "IAM users' access keys should be rotated every 90 days or less": an Active key aged 90 whole days or more.
    /// - IAM.8 "Unused IAM user credentials should be removed": an Active key unused (or never used since creation) for 90 days or more.
    /// - IAM.4 "IAM root user access key should not exist": a RootAccessKey finding.
    /// Inactive keys fail neither IAM.3 nor IAM.8 (both check active keys). NewKey, ReadError and Healthy findings fail
    /// none; an Exempt key fails what its facts fail (an exemption is the module's decision, not the control's).
    /// docs/reports.md has the table.
    /// </summary>
    internal sealed class SecurityHubControl
    {
        /// <summary>The fixed parameter of IAM.3 (maxAccessKeyAge) and IAM.8 (maxCredentialUsageAge).</summary>
        public const int ControlDays = 90;

        public static readonly SecurityHubControl KeyRotated = new SecurityHubControl("IAM.3", "MEDIUM",
            "IAM users' access keys should be rotated every 90 days or less",
            f => IsActiveKey(f) && f.AgeDays >= ControlDays,
            f => f.CreateDate?.AddDays(ControlDays));

        public static readonly SecurityHubControl UnusedCredentials = new SecurityHubControl("IAM.8", "MEDIUM",
            "Unused IAM user credentials should be removed",
            f => IsActiveKey(f) && f.DaysSinceLastUse >= ControlDays,
            f => (f.LastUsedDate ?? f.CreateDate)?.AddDays(ControlDays));

        public static readonly SecurityHubControl RootAccessKey = new SecurityHubControl("IAM.4", "CRITICAL",
            "IAM root user access key should not exist",
            f => string.Equals(f.Stage, "RootAccessKey", StringComparison.Ordinal),
            f => f.CreateDate);

        public static readonly IReadOnlyList<SecurityHubControl> All = new[] { KeyRotated, UnusedCredentials, RootAccessKey };

        private readonly Func<KeyFinding, bool> _fails;
        private readonly Func<KeyFinding, DateTimeOffset?> _failingSince;

        private SecurityHubControl(string id, string severity, string title, Func<KeyFinding, bool> fails, Func<KeyFinding, DateTimeOffset?> failingSince)
        {
            Id = id;
            Severity = severity;
            Title = title;
            _fails = fails;
            _failingSince = failingSince;
        }

        /// <summary>"IAM.3": the control id, also the last part of the finding id.</summary>
        public string Id { get; }

        /// <summary>The severity Security Hub gives the control.</summary>
        public string Severity { get; }
        public string Title { get; }

        public bool Fails(KeyFinding finding) => _fails(finding);

        /// <summary>When the key started failing (the finding's CreatedAt, the same every run); null when unknown.</summary>
        public DateTimeOffset? FailingSince(KeyFinding finding) => _failingSince(finding);

        /// <summary>The finding id "&lt;account&gt;/&lt;accessKeyId&gt;/&lt;control&gt;", stable across runs; a root key
        /// (the credential report gives it no id) is "&lt;account&gt;/root/IAM.4".</summary>
        public string FindingId(KeyFinding finding)
            => $"{finding.AccountId}/{(finding.AccessKeyId.Length == 0 ? "root" : finding.AccessKeyId)}/{Id}";

        private static bool IsActiveKey(KeyFinding finding)
            => finding.AccessKeyId.Length > 0 && string.Equals(finding.Status, "Active", StringComparison.OrdinalIgnoreCase);
    }
}
