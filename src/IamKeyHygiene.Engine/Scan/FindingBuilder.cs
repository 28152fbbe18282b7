using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>Builds findings from what was read: the facts part here, the verdict part from the judge.</summary>
    internal sealed class FindingBuilder
    {
        private readonly OrganizationAccount _account;
        private readonly DateTimeOffset _now;
        private readonly string _source;
        private readonly DateTimeOffset? _reportGeneratedAt;

        public FindingBuilder(OrganizationAccount account, DateTimeOffset now, string source, DateTimeOffset? reportGeneratedAt)
        {
            _account = account;
            _now = now;
            _source = source;
            _reportGeneratedAt = reportGeneratedAt;
        }

        /// <summary>A judged key; <paramref name="key"/> is null for a user whose keys could not be listed.</summary>
        public KeyFinding Judged(IamUserFacts user, AccessKeyFacts? key, KeyJudgement judgement, string? source = null)
        {
            var finding = ForUser(user, source);
            if (key != null)
            {
                FillKey(finding, key);
            }

            finding.Stage = judgement.Stage;
            finding.Reasons = judgement.Reasons;
            finding.NextStage = judgement.NextStage;
            finding.NextStageDate = judgement.NextStageDate;
            finding.Owner = judgement.Owner;
            finding.Exemption = judgement.Exemption;
            finding.ExemptFromStage = judgement.ExemptFromStage;
            if (key != null)
            {
                finding.AgeDays = judgement.AgeDays;
                finding.DaysSinceLastUse = key.ReadError == null ? judgement.DaysSinceLastUse : (int?)null;
            }

            if (judgement.Notes.Count > 0)
            {
                finding.Notes = string.Join("; ", judgement.Notes);
            }

            return finding;
        }

        /// <summary>A root user access key seen in the credential report (Security Hub IAM.4). The report
        /// carries no key id, so AccessKeyId is empty; the finding says which of the two slots.</summary>
        public KeyFinding RootKey(string rootArn, int slot, bool active, DateTimeOffset? created, DateTimeOffset? lastUsed,
            string? service, string? region, DateTimeOffset reportGeneratedAt)
        {
            var finding = new KeyFinding
            {
                AccountId = _account.AccountId,
                AccountName = _account.Name,
                AccountEmail = _account.Email,
                UserName = "<root_account>",
                UserArn = rootArn,
                UserPath = "",
                AccessKeyId = "",
                Status = active ? "Active" : "Inactive",
                CreateDate = created,
                LastUsedDate = lastUsed,
                LastUsedService = service,
                LastUsedRegion = region,
                Stage = ScanStages.RootAccessKey,
                Reasons = lastUsed.HasValue ? new string[0] : new[] { "NeverUsed" },
                Notes = $"access key {slot} of the root user; delete it and use IAM roles",
                Source = "CredentialReport",
                ReportGeneratedAt = reportGeneratedAt,
                EvaluatedAt = _now,
            };
            if (created.HasValue)
            {
                finding.AgeDays = WholeDays(created.Value);
                finding.DaysSinceLastUse = WholeDays(lastUsed ?? created.Value);
            }

            return finding;
        }

        private KeyFinding ForUser(IamUserFacts user, string? source) => new KeyFinding
        {
            AccountId = _account.AccountId,
            AccountName = _account.Name,
            AccountEmail = _account.Email,
            UserName = user.UserName,
            UserArn = user.Arn,
            UserPath = user.Path,
            Source = source ?? _source,
            ReportGeneratedAt = _reportGeneratedAt,
            EvaluatedAt = _now,
        };

        private void FillKey(KeyFinding finding, AccessKeyFacts key)
        {
            finding.AccessKeyId = key.AccessKeyId;
            finding.Status = key.Status;
            finding.CreateDate = key.CreateDate;
            finding.LastUsedDate = key.LastUsedDate;
            finding.LastUsedService = key.LastUsedService;
            finding.LastUsedRegion = key.LastUsedRegion;
        }

        /// <summary>Whole days elapsed (floor), a time ahead of the clock counting as now.</summary>
        private int WholeDays(DateTimeOffset since)
        {
            var elapsed = _now - (since > _now ? _now : since);
            return (int)Math.Floor(elapsed.TotalDays);
        }
    }
}
