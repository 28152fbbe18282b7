using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// One judged key (or, for a user whose keys could not be listed, one ReadError with no key id), as the
    /// engine hands it to the cmdlet layer, which maps it to AccessKeyFinding. Never holds a secret.
    /// </summary>
    public sealed class KeyFinding
    {
        public string AccountId { get; set; } = "";
        public string AccountName { get; set; } = "";
        public string AccountEmail { get; set; } = "";
        public string UserName { get; set; } = "";
        public string UserArn { get; set; } = "";
        public string UserPath { get; set; } = "";

        /// <summary>Empty for a root key (the report carries no id) and for a user whose keys could not be listed.</summary>
        public string AccessKeyId { get; set; } = "";

        /// <summary>"Active", "Inactive", or empty when unknown.</summary>
        public string Status { get; set; } = "";
        public DateTimeOffset? CreateDate { get; set; }
        public int? AgeDays { get; set; }
        public DateTimeOffset? LastUsedDate { get; set; }
        public string? LastUsedService { get; set; }
        public string? LastUsedRegion { get; set; }
        public int? DaysSinceLastUse { get; set; }

        public string Stage { get; set; } = "";
        public IReadOnlyList<string> Reasons { get; set; } = Array.Empty<string>();
        public string? NextStage { get; set; }
        public DateTimeOffset? NextStageDate { get; set; }

        /// <summary>Null when unowned.</summary>
        public FindingOwner? Owner { get; set; }

        /// <summary>The exemption that applies (or applied: an expired one stays here with reason ExemptionExpired).</summary>
        public FindingExemption? Exemption { get; set; }

        /// <summary>The stage the key would have had, on an Exempt finding.</summary>
        public string? ExemptFromStage { get; set; }

        /// <summary>"CredentialReport" or "Live": where the key's last use was read; "AccountSummary" for a root key known
        /// only from GetAccountSummary (presence, no dates).</summary>
        public string Source { get; set; } = "";
        public DateTimeOffset? ReportGeneratedAt { get; set; }
        public DateTimeOffset EvaluatedAt { get; set; }

        /// <summary>For people: what could not be read (ReadError), why a tag was ignored.</summary>
        public string? Notes { get; set; }

        /// <summary>How soon the key needs a person, most urgent highest (the judge's KeyStages.Urgency of Stage).
        /// Last, so every column that came before keeps its place in a CSV.</summary>
        public int Urgency { get; set; }

        /// <summary>The hash of the policy the key was judged under (HygienePolicy.Hash): an action cmdlet given another
        /// policy skips the finding (PolicyChanged). After Urgency, so earlier CSV columns keep their place.</summary>
        public string PolicyHash { get; set; } = "";

        /// <summary>True when the scan was an -AsOf preview: no action cmdlet acts on it (PreviewFinding).</summary>
        public bool IsPreview { get; set; }

        /// <summary>On a NewKey finding (ConvertFrom-AccessKeyEvent): who created the key, when and from where; null
        /// otherwise. Last, so earlier CSV columns keep their place.</summary>
        public KeyCreationEvent? CreationEvent { get; set; }

        public override string ToString() => $"{AccountId} {UserName} {AccessKeyId} {Stage}";
    }

    /// <summary>Who answers for a key: from tags, the user name (an e-mail), or the owners file.</summary>
    public sealed class FindingOwner
    {
        public string? Email { get; set; }
        public string? SlackId { get; set; }
        public string? Name { get; set; }

        /// <summary>The language notices to this owner use ("en", "ja"), from the owners file or the owner's tags; null
        /// for the -Language default.</summary>
        public string? Language { get; set; }

        /// <summary>The IANA time zone (e.g. "Asia/Tokyo") dates in notices to this owner are shown in; null for UTC.</summary>
        public string? TimeZone { get; set; }

        /// <summary>"tag", "userName", "ownersFile:PATH"…</summary>
        public string Source { get; set; } = "";
    }

    /// <summary>An exemption from the reviewed file or the keyhygiene:exempt tag.</summary>
    public sealed class FindingExemption
    {
        public string Reason { get; set; } = "";
        public string? Approver { get; set; }
        public DateTimeOffset? Expires { get; set; }
        public string Source { get; set; } = "";

        /// <summary>The file or tag gave a date only: <see cref="Expires"/> is the next midnight UTC, and people
        /// are shown the date written (<see cref="EndText"/>).</summary>
        public bool EndsWithDay { get; set; }

        /// <summary>The end as the file or tag gave it: "2027-12-31, end of day UTC", or a date-time in UTC.</summary>
        public string EndText => Expires.HasValue ? Policy.Exemptions.Exemption.DescribeEnd(Expires.Value, EndsWithDay) : "";
    }
}
