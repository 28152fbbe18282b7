using System;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Policy.Owners
{
    /// <summary>What an owners-file <c>match</c> names, from most to least specific.</summary>
    public enum OwnerMatchKind { AccessKeyId = 0, UserArn = 1, UserPathPrefix = 2, AccountId = 3 }

    /// <summary>One owners-file entry.</summary>
    public sealed class OwnerMapping
    {
        public OwnerMapping(OwnerMatchKind kind, string match, Owner owner, int line)
        {
            Kind = kind;
            Match = match;
            Owner = owner;
            Line = line;
        }

        public OwnerMatchKind Kind { get; }
        public string Match { get; }
        public Owner Owner { get; }
        public int Line { get; }

        /// <summary>
        /// Tells the kinds apart by shape: 12 digits = account; <c>arn:</c> = user ARN; starts with '/' = user path
        /// prefix; AKIA/ASIA + upper-case letters and digits = access key id. Null for anything else.
        /// </summary>
        public static OwnerMatchKind? Classify(string match)
        {
            if (IamIdentifiers.IsAccountId(match)) return OwnerMatchKind.AccountId;
            if (match.StartsWith("arn:", StringComparison.Ordinal)) return IamIdentifiers.IsUserArn(match) ? OwnerMatchKind.UserArn : (OwnerMatchKind?)null;
            if (match.StartsWith("/", StringComparison.Ordinal)) return IamIdentifiers.IsPathPrefix(match) ? OwnerMatchKind.UserPathPrefix : (OwnerMatchKind?)null;
            if (IamIdentifiers.IsAccessKeyId(match)) return OwnerMatchKind.AccessKeyId;
            return null;
        }

        public bool Matches(KeyObservation key) => Kind switch
        {
            OwnerMatchKind.AccessKeyId => key.AccessKeyId.Length > 0 && string.Equals(Match, key.AccessKeyId, StringComparison.Ordinal),
            OwnerMatchKind.UserArn => string.Equals(Match, key.UserArn, StringComparison.OrdinalIgnoreCase),
            OwnerMatchKind.UserPathPrefix => (key.UserPath ?? "/").StartsWith(Match, StringComparison.Ordinal),
            _ => string.Equals(Match, key.AccountId, StringComparison.Ordinal),
        };
    }
}
