using System;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>Builds findings: the facts from what was read, everything else from the judge's verdict. Nothing
    /// here decides a stage, a reason or a day count.</summary>
    internal sealed class FindingBuilder
    {
        private readonly OrganizationAccount _account;
        private readonly string _source;
        private readonly DateTimeOffset? _reportGeneratedAt;

        public FindingBuilder(OrganizationAccount account, string source, DateTimeOffset? reportGeneratedAt)
        {
            _account = account;
            _source = source;
            _reportGeneratedAt = reportGeneratedAt;
        }

        /// <summary>A judged key; <paramref name="key"/> is null for a user whose keys could not be listed.</summary>
        public KeyFinding Judged(IamUserFacts user, AccessKeyFacts? key, KeyVerdict verdict, string? source = null)
        {
            var finding = InAccount(user.UserName, user.Arn, user.Path, source ?? _source, _reportGeneratedAt);
            if (key != null)
            {
                finding.AccessKeyId = key.AccessKeyId;
                finding.Status = key.Status;
                finding.CreateDate = key.CreateDate;
                finding.LastUsedDate = key.LastUsedDate;
                finding.LastUsedService = key.LastUsedService;
                finding.LastUsedRegion = key.LastUsedRegion;
                finding.AgeDays = verdict.AgeDays;
                finding.DaysSinceLastUse = key.ReadError == null ? verdict.DaysSinceLastUse : (int?)null;
            }

            return WithVerdict(finding, verdict);
        }

        /// <summary>A judged root user access key (Security Hub IAM.4). The credential report carries no key id, so
        /// AccessKeyId is empty; the finding says which of the two slots.</summary>
        public KeyFinding RootKey(CredentialReportRow row, CredentialReportKeySlot slot, KeyVerdict verdict, DateTimeOffset reportGeneratedAt)
        {
            var finding = InAccount(row.User, row.Arn, "", "CredentialReport", reportGeneratedAt);
            finding.Status = slot.Active ? "Active" : "Inactive";
            finding.CreateDate = slot.LastRotated;
            finding.LastUsedDate = slot.LastUsedDate;
            finding.LastUsedService = slot.LastUsedService;
            finding.LastUsedRegion = slot.LastUsedRegion;
            if (slot.LastRotated.HasValue)
            {
                finding.AgeDays = verdict.AgeDays;
                finding.DaysSinceLastUse = verdict.DaysSinceLastUse;
            }

            return WithVerdict(finding, verdict, $"access key {slot.Slot} of the root user");
        }

        /// <summary>The root user's keys as the account summary tells them (a RootAccessKey finding for a key present,
        /// or a ReadError when neither it nor the credential report answered): no key id, status or dates.</summary>
        public KeyFinding RootKeyFromSummary(KeyVerdict verdict)
        {
            var finding = InAccount(CredentialReportRow.RootUserName, Observations.RootArn(_account), "", _source, null);
            return verdict.Stage == KeyStage.RootAccessKey
                ? WithVerdict(finding, verdict, "an access key of the root user (the account summary gives presence only: no key id, status, dates or last use)")
                : WithVerdict(finding, verdict);
        }

        private KeyFinding InAccount(string userName, string userArn, string userPath, string source, DateTimeOffset? reportGeneratedAt) => new KeyFinding
        {
            AccountId = _account.AccountId,
            AccountName = _account.Name,
            AccountEmail = _account.Email,
            UserName = userName,
            UserArn = userArn,
            UserPath = userPath,
            Source = source,
            ReportGeneratedAt = reportGeneratedAt,
        };

        /// <summary>The verdict's part of the finding; <paramref name="what"/> leads the notes when given.</summary>
        internal static KeyFinding WithVerdict(KeyFinding finding, KeyVerdict verdict, string? what = null)
        {
            finding.Stage = verdict.Stage.ToString();
            finding.Urgency = verdict.Urgency;
            finding.Reasons = verdict.Reasons.Select(r => r.ToString()).ToList();
            finding.NextStage = verdict.NextStage?.ToString();
            finding.NextStageDate = verdict.NextStageDate;
            finding.Owner = OwnerOf(verdict.Owner);
            finding.Exemption = ExemptionOf(verdict.Exemption);
            finding.ExemptFromStage = verdict.ExemptFromStage?.ToString();
            finding.EvaluatedAt = verdict.EvaluatedAt;
            var notes = what == null ? verdict.Notes : new[] { what }.Concat(verdict.Notes).ToList();
            finding.Notes = notes.Count > 0 ? string.Join("; ", notes) : null;
            return finding;
        }

        internal static FindingOwner? OwnerOf(Owner? owner) => owner == null ? null : new FindingOwner
        {
            Email = owner.Email,
            SlackId = owner.SlackId,
            Name = owner.Name,
            Language = owner.Language,
            TimeZone = owner.TimeZone,
            Source = owner.Source,
        };

        private static FindingExemption? ExemptionOf(Exemption? exemption) => exemption == null ? null : new FindingExemption
        {
            Reason = exemption.Reason,
            Approver = exemption.Approver,
            Expires = exemption.Expires,
            Source = exemption.Source,
            EndsWithDay = exemption.EndsWithDay,
        };
    }
}
