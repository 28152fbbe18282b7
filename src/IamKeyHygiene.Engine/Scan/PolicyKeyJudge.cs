using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>The scan's judge: turns what was read into the policy's <see cref="KeyObservation"/>s and the
    /// policy's <see cref="KeyJudge"/> verdicts into judgements. No stage is decided here.</summary>
    internal sealed class PolicyKeyJudge : IKeyJudge
    {
        private readonly KeyJudge _judge;
        private readonly OwnerResolver _owners;

        public PolicyKeyJudge(HygienePolicy policy)
        {
            _judge = new KeyJudge(policy);
            _owners = new OwnerResolver(policy.OwnerTagKeys, policy.Owners);
            NeedsTagsOfEveryUserWithKeys = policy.HasTagScopedRules;
        }

        public bool NeedsTagsOfEveryUserWithKeys { get; }

        public IReadOnlyList<KeyJudgement> Judge(OrganizationAccount account, UserInventory user, DateTimeOffset now)
        {
            var activeIds = user.Keys.Where(k => k.IsActive).Select(k => k.AccessKeyId).ToList();
            var allIds = new HashSet<string>(user.Keys.Select(k => k.AccessKeyId), StringComparer.Ordinal);
            var result = new List<KeyJudgement>(Math.Max(1, user.Keys.Count));
            if (user.Keys.Count == 0 && user.ReadError != null)
            {
                // The keys could not be listed: one ReadError for the user, with no key id.
                var unlisted = Observe(account, user.User);
                unlisted.ReadError = user.ReadError;
                result.Add(ToJudgement(_judge.Judge(unlisted, now), OwnerOf(account, user.User)));
                return result;
            }

            // Never judge a user on partial data: one unread key makes every key of the user a ReadError.
            var otherKeyError = user.Keys.Select(k => k.ReadError).FirstOrDefault(e => e != null);
            foreach (var key in user.Keys)
            {
                var observation = Observe(account, user.User);
                observation.AccessKeyId = key.AccessKeyId;
                observation.Status = key.IsActive ? KeyStatus.Active : KeyStatus.Inactive;
                observation.CreateDate = key.CreateDate;
                observation.LastUsedDate = key.LastUsedDate;
                observation.LastUsedService = key.LastUsedService;
                observation.LastUsedRegion = key.LastUsedRegion;
                observation.ReadError = key.ReadError ?? user.ReadError
                    ?? (otherKeyError == null ? null : $"another key of this user could not be read ({otherKeyError})");
                observation.OtherActiveKeyIds = activeIds.Where(id => id != key.AccessKeyId).ToList();
                var moduleTag = ModuleKeyTag.FromUserTags(observation.UserTags, key.AccessKeyId, out _);
                observation.SuccessorKeyExists = moduleTag?.RotatingTo != null && allIds.Contains(moduleTag.RotatingTo);
                var verdict = _judge.Judge(observation, now);
                result.Add(ToJudgement(verdict, verdict.Stage == KeyStage.ReadError ? ToOwner(_owners.Resolve(observation)) : ToOwner(verdict.Owner)));
            }

            return result;
        }

        public FindingOwner? OwnerOf(OrganizationAccount account, IamUserFacts user)
            => ToOwner(_owners.Resolve(Observe(account, user)));

        private static KeyObservation Observe(OrganizationAccount account, IamUserFacts user) => new KeyObservation
        {
            AccountId = account.AccountId,
            AccountName = account.Name,
            AccountEmail = account.Email,
            OrganizationalUnitIds = account.OrganizationalUnitIds,
            UserName = user.UserName,
            UserArn = user.Arn,
            UserPath = user.Path,
            UserTags = user.Tags?.ToList(),
        };

        /// <summary>A ReadError verdict carries no owner (the judge stops early); the owner is still worth
        /// knowing, from what was read, so the notice reaches someone.</summary>
        private static KeyJudgement ToJudgement(KeyVerdict verdict, FindingOwner? owner) => new KeyJudgement
        {
            Stage = verdict.Stage.ToString(),
            Reasons = verdict.Reasons.Select(r => r.ToString()).ToList(),
            NextStage = verdict.NextStage?.ToString(),
            NextStageDate = verdict.NextStageDate,
            Owner = owner,
            Exemption = verdict.Exemption == null ? null : new FindingExemption
            {
                Reason = verdict.Exemption.Reason,
                Approver = verdict.Exemption.Approver,
                Expires = verdict.Exemption.Expires,
                Source = verdict.Exemption.Source,
            },
            ExemptFromStage = verdict.ExemptFromStage?.ToString(),
            AgeDays = verdict.AgeDays,
            DaysSinceLastUse = verdict.DaysSinceLastUse,
            Notes = verdict.Notes,
        };

        private static FindingOwner? ToOwner(Owner? owner) => owner == null ? null : new FindingOwner
        {
            Email = owner.Email,
            SlackId = owner.SlackId,
            Name = owner.Name,
            Source = owner.Source,
        };
    }
}
