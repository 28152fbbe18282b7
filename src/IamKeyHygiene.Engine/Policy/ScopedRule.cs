using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// An override for part of the organization. Every criterion given must match (AND); the policy uses the
    /// first rule that matches a key, in file order.
    /// </summary>
    public sealed class ScopedRule
    {
        internal ScopedRule(string name, RuleMatch match, PolicyOverrides overrides)
        {
            Name = name;
            Match = match;
            Overrides = overrides;
        }

        /// <summary>The rule's name (from the file, or "rules[i]").</summary>
        public string Name { get; }
        public RuleMatch Match { get; }
        public PolicyOverrides Overrides { get; }
    }

    /// <summary>Which keys a rule applies to.</summary>
    public sealed class RuleMatch
    {
        /// <summary>An OU id (ou-…) or root id (r-…): matches accounts in that OU or any OU below it.</summary>
        public string? OrganizationalUnitId { get; internal set; }

        /// <summary>A 12-digit account id.</summary>
        public string? AccountId { get; internal set; }

        /// <summary>An IAM path prefix such as <c>/service/</c> (case-sensitive, as IAM paths are).</summary>
        public string? UserPathPrefix { get; internal set; }

        /// <summary>A user tag key (case-insensitive, as IAM treats tag keys).</summary>
        public string? UserTagKey { get; internal set; }

        /// <summary>The tag value to match exactly, or null for "the tag is present with any value".</summary>
        public string? UserTagValue { get; internal set; }

        public bool UsesUserTags => UserTagKey != null;

        public bool Matches(KeyObservation key)
        {
            if (OrganizationalUnitId != null
                && !key.OrganizationalUnitIds.Any(id => string.Equals(id, OrganizationalUnitId, StringComparison.OrdinalIgnoreCase)))
                return false;
            if (AccountId != null && !string.Equals(AccountId, key.AccountId, StringComparison.Ordinal))
                return false;
            if (UserPathPrefix != null && !(key.UserPath ?? "/").StartsWith(UserPathPrefix, StringComparison.Ordinal))
                return false;
            if (UserTagKey != null)
            {
                if (key.UserTags is null) return false;
                var tag = key.UserTags.FirstOrDefault(t => string.Equals(t.Key, UserTagKey, StringComparison.OrdinalIgnoreCase));
                if (tag.Key is null) return false;
                if (UserTagValue != null && !string.Equals(tag.Value, UserTagValue, StringComparison.Ordinal)) return false;
            }
            return true;
        }

        internal IEnumerable<KeyValuePair<string, string?>> Criteria()
        {
            yield return new KeyValuePair<string, string?>("organizationalUnitId", OrganizationalUnitId);
            yield return new KeyValuePair<string, string?>("accountId", AccountId);
            yield return new KeyValuePair<string, string?>("userPathPrefix", UserPathPrefix);
            yield return new KeyValuePair<string, string?>("userTag.key", UserTagKey);
            yield return new KeyValuePair<string, string?>("userTag.value", UserTagValue);
        }

        public override string ToString()
            => string.Join(" and ", Criteria().Where(c => c.Value != null).Select(c => $"{c.Key}={c.Value}"));
    }
}
