using System;
using System.Linq;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene
{
    /// <summary>
    /// One judged access key (or a user whose keys could not be read), as Get-StaleAccessKey writes it and the
    /// action cmdlets take it. Holds no secret: access key ids only.
    /// </summary>
    public sealed class AccessKeyFinding
    {
        internal AccessKeyFinding(KeyFinding finding)
        {
            Engine = finding;
            AccountId = finding.AccountId;
            AccountName = finding.AccountName;
            AccountEmail = finding.AccountEmail;
            UserName = finding.UserName;
            UserArn = finding.UserArn;
            UserPath = finding.UserPath;
            AccessKeyId = finding.AccessKeyId;
            Status = finding.Status;
            CreateDate = finding.CreateDate;
            AgeDays = finding.AgeDays;
            LastUsedDate = finding.LastUsedDate;
            LastUsedService = finding.LastUsedService;
            LastUsedRegion = finding.LastUsedRegion;
            DaysSinceLastUse = finding.DaysSinceLastUse;
            Stage = finding.Stage;
            Reasons = finding.Reasons.ToArray();
            NextStage = finding.NextStage;
            NextStageDate = finding.NextStageDate;
            Owner = finding.Owner == null ? null : new KeyOwner(finding.Owner);
            Exemption = finding.Exemption == null ? null : new KeyExemption(finding.Exemption);
            ExemptFromStage = finding.ExemptFromStage;
            Source = finding.Source;
            ReportGeneratedAt = finding.ReportGeneratedAt;
            EvaluatedAt = finding.EvaluatedAt;
            Notes = finding.Notes;
            Urgency = finding.Urgency;
            PolicyHash = finding.PolicyHash;
            IsPreview = finding.IsPreview;
            CreationEvent = finding.CreationEvent == null ? null : new AccessKeyCreationEvent(finding.CreationEvent);
        }

        public string AccountId { get; }
        public string AccountName { get; }
        public string AccountEmail { get; }
        public string UserName { get; }
        public string UserArn { get; }
        public string UserPath { get; }

        /// <summary>Empty for a root key (the credential report has no id) or a user whose keys could not be listed.</summary>
        public string AccessKeyId { get; }

        /// <summary>Active or Inactive.</summary>
        public string Status { get; }

        /// <summary>UTC.</summary>
        public DateTimeOffset? CreateDate { get; }

        /// <summary>Whole days (floor) from CreateDate to EvaluatedAt.</summary>
        public int? AgeDays { get; }

        /// <summary>UTC; null when never used.</summary>
        public DateTimeOffset? LastUsedDate { get; }
        public string? LastUsedService { get; }
        public string? LastUsedRegion { get; }

        /// <summary>Whole days from LastUsedDate (or CreateDate for a key never used) to EvaluatedAt.</summary>
        public int? DaysSinceLastUse { get; }

        /// <summary>Healthy, Warn, Disable, Delete, Rotate, Exempt, RootAccessKey, ReadError (a string: sort by <see cref="Urgency"/>).</summary>
        public string Stage { get; }

        /// <summary>TooOld, Unused, NeverUsed, SecondActiveKey, ExemptionExpired…</summary>
        public string[] Reasons { get; }
        public string? NextStage { get; }

        /// <summary>UTC instant the next threshold is reached.</summary>
        public DateTimeOffset? NextStageDate { get; }
        public KeyOwner? Owner { get; }
        public KeyExemption? Exemption { get; }

        /// <summary>On an Exempt finding, the stage the key would have had.</summary>
        public string? ExemptFromStage { get; }

        /// <summary>CredentialReport or Live: where the key's last use was read.</summary>
        public string Source { get; }

        /// <summary>UTC generation time of the credential report the finding came from.</summary>
        public DateTimeOffset? ReportGeneratedAt { get; }

        /// <summary>The instant the key was judged at (the module clock, or -AsOf).</summary>
        public DateTimeOffset EvaluatedAt { get; }

        /// <summary>For people: what could not be read (on ReadError), why a tag was ignored.</summary>
        public string? Notes { get; }

        /// <summary>How soon the key needs a person, most urgent highest: <c>Sort-Object Urgency -Descending</c> puts
        /// what needs action first (docs/policy.md, "Urgency", gives the order). Last, so earlier CSV columns keep their place.</summary>
        public int Urgency { get; }

        /// <summary>The hash of the policy the key was judged under: Disable-StaleAccessKey and Remove-StaleAccessKey skip a
        /// finding of another policy (PolicyChanged).</summary>
        public string PolicyHash { get; }

        /// <summary>True for a finding of an -AsOf preview, which no action cmdlet acts on (PreviewFinding).</summary>
        public bool IsPreview { get; }

        /// <summary>On a NewKey finding (ConvertFrom-AccessKeyEvent): who created the key, when and from where.</summary>
        public AccessKeyCreationEvent? CreationEvent { get; }

        /// <summary>The engine's finding this one shows (Export-KeyHygieneReport reads it whole); not public, so never in output.</summary>
        internal KeyFinding Engine { get; }

        public override string ToString() => $"{AccountId} {UserName} {AccessKeyId} {Stage}";
    }

    /// <summary>Who answers for a key.</summary>
    public sealed class KeyOwner
    {
        internal KeyOwner(FindingOwner owner)
        {
            Email = owner.Email;
            SlackId = owner.SlackId;
            Name = owner.Name;
            Source = owner.Source;
            Language = owner.Language;
            TimeZone = owner.TimeZone;
        }

        public string? Email { get; }
        public string? SlackId { get; }
        public string? Name { get; }

        /// <summary>Where the owner came from: a user tag, the user name, or the owners file.</summary>
        public string Source { get; }

        /// <summary>The language notices to this owner use ("en", "ja"); null for Send-KeyOwnerNotice's -Language.</summary>
        public string? Language { get; }

        /// <summary>The IANA time zone dates in notices are shown in; null for UTC.</summary>
        public string? TimeZone { get; }

        public override string ToString() => Email ?? SlackId ?? Name ?? "";
    }

    /// <summary>The exemption that applies to a key (or applied: an expired one is kept for ExemptionExpired).</summary>
    public sealed class KeyExemption
    {
        internal KeyExemption(FindingExemption exemption)
        {
            Reason = exemption.Reason;
            Approver = exemption.Approver;
            Expires = exemption.Expires;
            Source = exemption.Source;
            _endText = exemption.EndText;
        }

        // The end as the file or tag wrote it ("2027-12-31, end of day UTC"); not a property, so JSON and CSV keep Expires alone.
        private readonly string _endText;

        public string Reason { get; }
        public string? Approver { get; }

        /// <summary>UTC.</summary>
        public DateTimeOffset? Expires { get; }
        public string Source { get; }

        /// <summary>Reason, approver and end as the file or tag wrote it, e.g. "Vendor contract; approved by
        /// cfo@example.com; until 2027-12-31, end of day UTC" (the text Export-Csv and Format-List show).</summary>
        public override string ToString()
        {
            var text = Approver == null ? Reason : $"{Reason}; approved by {Approver}";
            return Expires.HasValue ? $"{text}; until {_endText}" : text;
        }
    }

    /// <summary>Who created a key, when and from where (CloudTrail's CreateAccessKey event).</summary>
    public sealed class AccessKeyCreationEvent
    {
        internal AccessKeyCreationEvent(KeyCreationEvent creation)
        {
            EventId = creation.EventId;
            EventTime = creation.EventTime;
            CreatedBy = creation.CreatedBy;
            CreatedByType = creation.CreatedByType;
            RoleSessionName = creation.RoleSessionName;
            SourceIpAddress = creation.SourceIpAddress;
            UserAgent = creation.UserAgent;
            Region = creation.Region;
        }

        public string EventId { get; }

        /// <summary>UTC.</summary>
        public DateTimeOffset EventTime { get; }

        /// <summary>The caller's ARN.</summary>
        public string CreatedBy { get; }

        /// <summary>IAMUser, AssumedRole, Root…</summary>
        public string CreatedByType { get; }
        public string? RoleSessionName { get; }
        public string? SourceIpAddress { get; }
        public string? UserAgent { get; }
        public string? Region { get; }

        public override string ToString() => $"{CreatedBy} from {SourceIpAddress}";
    }
}
