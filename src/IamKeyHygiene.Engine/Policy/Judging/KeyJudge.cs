using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Policy.Judging
{
    /// <summary>
    /// The one place that decides a key's stage. Judges a <see cref="KeyObservation"/> at an instant
    /// (the clock's now, or -AsOf) under a <see cref="HygienePolicy"/>. Thread-safe; no I/O.
    /// </summary>
    internal sealed class KeyJudge
    {
        private readonly HygienePolicy _policy;
        private readonly OwnerResolver _owners;

        public KeyJudge(HygienePolicy policy)
        {
            _policy = policy ?? throw new ArgumentNullException(nameof(policy));
            _owners = new OwnerResolver(policy.OwnerTagKeys, policy.Owners);
        }

        public HygienePolicy Policy => _policy;

        /// <summary>
        /// Judges every key of one user together, in their order. A user is never judged on partial data: one key
        /// that could not be read makes every key of the user a ReadError. Each key learns the user's other Active
        /// keys (SecondActiveKey) and whether the successor its rotation tag names is among them.
        /// </summary>
        public IReadOnlyList<KeyVerdict> JudgeUser(IReadOnlyList<KeyObservation> keys, DateTimeOffset now)
        {
            if (keys is null) throw new ArgumentNullException(nameof(keys));
            var unread = keys.Select(k => k.ReadError).FirstOrDefault(e => e != null);
            var activeIds = keys.Where(k => k.Status == KeyStatus.Active && k.AccessKeyId.Length > 0).Select(k => k.AccessKeyId).ToList();
            var allIds = new HashSet<string>(keys.Select(k => k.AccessKeyId), StringComparer.Ordinal);
            return keys.Select(key =>
            {
                var observed = key.Copy();
                observed.ReadError ??= unread == null ? null : $"another key of this user could not be read ({unread})";
                observed.OtherActiveKeyIds = activeIds.Where(id => id != key.AccessKeyId).ToList();
                var rotatingTo = ModuleKeyTag.FromUserTags(key.UserTags, key.AccessKeyId, out _)?.RotatingTo;
                observed.SuccessorKeyExists = rotatingTo != null && allIds.Contains(rotatingTo);
                return Judge(observed, now);
            }).ToList();
        }

        public KeyVerdict Judge(KeyObservation key, DateTimeOffset now)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            now = now.ToUniversalTime();
            var verdict = new KeyVerdict { EvaluatedAt = now };
            var notes = new List<string>();
            verdict.Notes = notes;
            FillDayCounts(verdict, key, now);

            if (key.ReadError != null || (key.AccessKeyId.Length == 0 && !key.IsRootKey))
            {
                verdict.Owner = key.IsRootKey ? null : _owners.Resolve(key); // so the read error reaches someone
                return AsReadError(verdict, notes, key.ReadError ?? "the access key id is unknown");
            }
            if (key.IsRootKey)
            {
                verdict.Stage = KeyStage.RootAccessKey;
                verdict.Reasons = key.LastUsedDate is null && !key.PresenceOnly ? new[] { KeyReason.NeverUsed } : Array.Empty<KeyReason>();
                notes.Add("delete it and use IAM roles");
                return verdict; // a root key has no owner but the account (its e-mail is on the finding)
            }

            var rule = _policy.RuleFor(key);
            var settings = rule?.Overrides.ApplyTo(_policy.Defaults) ?? _policy.Defaults;
            verdict.RuleName = rule?.Name;
            verdict.Settings = settings;
            verdict.Owner = _owners.Resolve(key);

            var reasons = new List<KeyReason>();
            var tag = ModuleTagOf(key, reasons, notes);
            var stage = StageRules.Evaluate(key, tag, settings, now, reasons);

            if (key.UserTags is null && (stage != KeyStage.Healthy || _policy.HasTagScopedRules))
            {
                // Without the user's tags the judge cannot see an exemption tag, a tag-scoped rule or the module's
                // own tag: deciding anyway could act on an exempt key.
                return AsReadError(verdict, notes, "the user's tags were not read; they are needed for exemptions, owners and tag-scoped rules");
            }

            var exemption = _policy.Exemptions.Find(key, _policy.ExemptionTagKey, now);
            if (exemption.TagProblem != null)
            {
                reasons.Add(KeyReason.ExemptionTagMalformed);
                notes.Add(exemption.TagProblem);
            }
            if (exemption.Applied is null && exemption.Expired != null) reasons.Add(KeyReason.ExemptionExpired);
            verdict.Exemption = exemption.Applied ?? exemption.Expired;
            verdict.TagExemption = exemption.FromTag;
            if (exemption.Applied != null && stage != KeyStage.Healthy)
            {
                verdict.ExemptFromStage = stage;
                stage = KeyStage.Exempt;
            }
            verdict.Stage = stage;
            verdict.Reasons = reasons.Distinct().ToList();

            var (next, at) = NextStageFinder.Find(key, tag, settings, stage, verdict.Reasons, exemption.All, _policy.ExemptionTagKey, now);
            verdict.NextStage = next;
            verdict.NextStageDate = at;
            return verdict;
        }

        /// <summary>
        /// A key just created, as a CloudTrail CreateAccessKey event tells it: stage NewKey, never acted on; its owner as
        /// for any key (a root key's is the account); reason CreatedByKeyHygiene when the module's own rotation made it.
        /// </summary>
        public KeyVerdict JudgeNewKey(KeyObservation key, bool createdByKeyHygiene, DateTimeOffset now)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            now = now.ToUniversalTime();
            var verdict = new KeyVerdict
            {
                EvaluatedAt = now,
                Stage = KeyStage.NewKey,
                Reasons = createdByKeyHygiene ? new[] { KeyReason.CreatedByKeyHygiene } : Array.Empty<KeyReason>(),
                Owner = key.IsRootKey ? null : _owners.Resolve(key),
                Notes = key.IsRootKey ? new[] { "an access key of the root user (Security Hub IAM.4): delete it and use IAM roles" } : Array.Empty<string>(),
            };
            FillDayCounts(verdict, key, now);
            return verdict;
        }

        private static ModuleKeyTag? ModuleTagOf(KeyObservation key, List<KeyReason> reasons, List<string> notes)
        {
            if (key.ModuleTag != null) return key.ModuleTag;
            var tag = ModuleKeyTag.FromUserTags(key.UserTags, key.AccessKeyId, out var problem);
            if (problem != null)
            {
                reasons.Add(KeyReason.ModuleTagMalformed);
                notes.Add($"tag {ModuleKeyTag.TagKeyFor(key.AccessKeyId)} ignored: {problem}");
            }
            return tag;
        }

        private static void FillDayCounts(KeyVerdict verdict, KeyObservation key, DateTimeOffset now)
        {
            if (key.CreateDate == default) return;
            verdict.AgeDays = DayCount.Between(key.CreateDate, now);
            verdict.DaysSinceLastUse = DayCount.Between(key.LastUsedDate ?? key.CreateDate, now);
        }

        private static KeyVerdict AsReadError(KeyVerdict verdict, List<string> notes, string what)
        {
            verdict.Stage = KeyStage.ReadError;
            verdict.Reasons = Array.Empty<KeyReason>();
            verdict.RuleName = null;
            verdict.Settings = null;
            verdict.ExemptFromStage = null;
            verdict.Exemption = null;
            verdict.NextStage = null;
            verdict.NextStageDate = null;
            notes.Add(what);
            return verdict;
        }
    }
}
