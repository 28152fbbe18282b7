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

        public KeyFinding Judged(IamUserFacts user, AccessKeyFacts key, KeyJudgement judgement, string? source = null)
        {
            var finding = ForUser(user, source);
            FillKey(finding, key);
            finding.Stage = judgement.Stage;
            finding.Reasons = judgement.Reasons;
            finding.NextStage = judgement.NextStage;
            finding.NextStageDate = judgement.NextStageDate;
            finding.Owner = judgement.Owner;
            finding.Exemption = judgement.Exemption;
            finding.ExemptFromStage = judgement.ExemptFromStage;
            return finding;
        }

        /// <summary>ReadError findings for a user whose data is partial: one per key (the key that failed says
        /// why), or one with no key id when the keys could not be listed. No other verdict for that user.</summary>
        public IEnumerable<KeyFinding> ReadErrors(UserInventory inventory, string? userLevelError, FindingOwner? owner)
        {
            var userError = userLevelError ?? inventory.ReadError;
            if (inventory.Keys.Count == 0)
            {
                var finding = ForUser(inventory.User, null);
                finding.Stage = ScanStages.ReadError;
                finding.Reasons = new[] { "ReadError" };
                finding.ReadErrorDetail = userError ?? "The user's keys could not be read.";
                finding.Owner = owner;
                yield return finding;
                yield break;
            }

            var firstKeyError = inventory.Keys.Select(k => k.ReadError).FirstOrDefault(e => e != null);
            foreach (var key in inventory.Keys)
            {
                var finding = ForUser(inventory.User, null);
                FillKey(finding, key);
                finding.Stage = ScanStages.ReadError;
                finding.Reasons = new[] { "ReadError" };
                finding.ReadErrorDetail = key.ReadError ?? userError
                    ?? $"Another key of this user could not be read ({firstKeyError}); the user is not judged on partial data.";
                finding.Owner = owner;
                yield return finding;
            }
        }

        /// <summary>A root user access key seen in the credential report (Security Hub IAM.4).</summary>
        public KeyFinding RootKey(string rootArn, int slot, bool active, DateTimeOffset? created, DateTimeOffset? lastUsed,
            string? service, string? region, DateTimeOffset? reportGeneratedAt)
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
                Reasons = new[] { slot == 1 ? "RootAccessKey1" : "RootAccessKey2" },
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
            finding.AgeDays = WholeDays(key.CreateDate);
            if (key.ReadError == null)
            {
                finding.DaysSinceLastUse = WholeDays(key.LastUsedDate ?? key.CreateDate);
            }
        }

        /// <summary>Whole days elapsed (floor), a time ahead of the clock counting as now.</summary>
        private int WholeDays(DateTimeOffset since)
        {
            var elapsed = _now - (since > _now ? _now : since);
            return (int)Math.Floor(elapsed.TotalDays);
        }
    }
}
