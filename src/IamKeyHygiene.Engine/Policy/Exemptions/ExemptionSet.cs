using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Policy.Exemptions
{
    /// <summary>The exemptions that concern one key at one instant.</summary>
    public sealed class ExemptionMatch
    {
        internal ExemptionMatch(Exemption? applied, Exemption? expired, string? tagProblem, IReadOnlyList<Exemption> all, Exemption? fromTag = null)
        {
            FromTag = fromTag;
            Applied = applied;
            Expired = expired;
            TagProblem = tagProblem;
            All = all;
        }

        /// <summary>The most specific exemption in force (key &gt; user ARN &gt; user tag &gt; account), or null.</summary>
        public Exemption? Applied { get; }

        /// <summary>When none is in force: the most specific one that matched but has expired.</summary>
        public Exemption? Expired { get; }

        /// <summary>Why the user's exemption tag was ignored, when it was malformed.</summary>
        public string? TagProblem { get; }

        /// <summary>The user's exemption tag, read and well formed, in force or not.</summary>
        public Exemption? FromTag { get; }

        /// <summary>Every exemption that names this key, in force or not.</summary>
        public IReadOnlyList<Exemption> All { get; }
    }

    /// <summary>The exemptions file's entries, indexed for lookup by key, user and account.</summary>
    public sealed class ExemptionSet
    {
        public static readonly ExemptionSet Empty = new ExemptionSet(Array.Empty<Exemption>(), null);

        public ExemptionSet(IReadOnlyList<Exemption> entries, string? sourcePath)
        {
            Entries = entries;
            SourcePath = sourcePath;
        }

        public IReadOnlyList<Exemption> Entries { get; }
        public string? SourcePath { get; }

        public ExemptionMatch Find(KeyObservation key, string exemptionTagKey, DateTimeOffset at)
        {
            var matching = new List<Exemption>();
            matching.AddRange(Entries.Where(e => e.Scope == ExemptionScope.AccessKey && e.Covers(key.AccountId, key.UserArn, key.AccessKeyId)));
            matching.AddRange(Entries.Where(e => e.Scope == ExemptionScope.User && e.Covers(key.AccountId, key.UserArn, key.AccessKeyId)));

            string? tagProblem = null;
            Exemption? fromTag = null;
            var tagValue = ExemptionTag.FindValue(key.UserTags, exemptionTagKey);
            if (tagValue != null)
            {
                if (ExemptionTag.TryParse(tagValue, key.UserArn, exemptionTagKey, out fromTag, out var problem))
                    matching.Add(fromTag!);
                else
                    tagProblem = $"tag {exemptionTagKey} ignored: {problem}";
            }

            matching.AddRange(Entries.Where(e => e.Scope == ExemptionScope.Account && e.Covers(key.AccountId, key.UserArn, key.AccessKeyId)));

            // Within one level the exemption that lasts longest wins; levels go from most to least specific.
            var applied = matching.Where(e => !e.IsExpiredAt(at)).OrderBy(Specificity).ThenByDescending(e => e.Expires).FirstOrDefault();
            var expired = applied is null ? matching.OrderBy(Specificity).ThenByDescending(e => e.Expires).FirstOrDefault() : null;
            return new ExemptionMatch(applied, expired, tagProblem, matching, fromTag);
        }

        private static int Specificity(Exemption e) => e.Scope switch
        {
            ExemptionScope.AccessKey => 0,
            ExemptionScope.User => e.Source.StartsWith("tag:", StringComparison.Ordinal) ? 2 : 1,
            _ => 3,
        };
    }
}
