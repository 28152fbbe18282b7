using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Policy.Owners
{
    /// <summary>
    /// Finds a key's owner: the user's tags (the configured keys, in order) → the user name when it is an
    /// e-mail address → the owners file (access key id &gt; user ARN &gt; longest path prefix &gt; account) →
    /// unowned (null; the account e-mail stays on the finding for escalation).
    /// </summary>
    internal sealed class OwnerResolver
    {
        private static readonly Regex SlackMemberId = new Regex(@"^[UW][A-Z0-9]{6,}$", RegexOptions.CultureInvariant);
        private readonly IReadOnlyList<string> _tagKeys;
        private readonly IReadOnlyList<OwnerMapping> _mappings;

        public OwnerResolver(IReadOnlyList<string> tagKeys, IReadOnlyList<OwnerMapping> mappings)
        {
            _tagKeys = tagKeys;
            _mappings = mappings;
        }

        /// <summary>The owner, with the language and time zone of the user's tags where the owner gives none (a tag
        /// value without templates or an unknown zone is ignored: a tag cannot stop a scan).</summary>
        public Owner? Resolve(KeyObservation key)
        {
            var language = OwnerPreferences.KnownLanguage(TagValue(key.UserTags, OwnerPreferences.LanguageTagKey));
            var timeZone = TagValue(key.UserTags, OwnerPreferences.TimeZoneTagKey)?.Trim();
            return ResolveContact(key)?.WithPreferences(language, OwnerPreferences.FindTimeZone(timeZone) == null ? null : timeZone);
        }

        /// <summary>The owner of a key known only by its names (a finding from a CSV or an event): no tags.</summary>
        public Owner? Resolve(string accountId, string userName, string userArn, string userPath, string accessKeyId)
            => Resolve(new KeyObservation
            {
                AccountId = accountId,
                UserName = userName,
                UserArn = userArn,
                UserPath = userPath.Length > 0 ? userPath : "/",
                AccessKeyId = accessKeyId,
            });

        private static string? TagValue(IReadOnlyList<KeyValuePair<string, string>>? tags, string tagKey)
            => tags?.FirstOrDefault(t => string.Equals(t.Key, tagKey, StringComparison.OrdinalIgnoreCase)).Value;

        private Owner? ResolveContact(KeyObservation key)
        {
            var fromTags = FromTags(key.UserTags);
            if (fromTags != null && fromTags.IsContactable) return fromTags;
            if (IamIdentifiers.IsEmail(key.UserName)) return new Owner(key.UserName, null, fromTags?.Name, "userName");
            var mapping = _mappings.Where(m => m.Matches(key))
                .OrderBy(m => (int)m.Kind)
                .ThenByDescending(m => m.Match.Length) // the longest path prefix is the most specific
                .FirstOrDefault();
            if (mapping != null) return mapping.Owner;
            return fromTags; // a tag that only names someone is better than nothing
        }

        /// <summary>
        /// Reads the configured tag keys in order. A value that looks like an e-mail is the Email; a key naming
        /// Slack, or a Slack member id (U…/W…), is the SlackId; another value is the Name. The first tag that gives
        /// a contact is the Source.
        /// </summary>
        private Owner? FromTags(IReadOnlyList<KeyValuePair<string, string>>? tags)
        {
            if (tags is null) return null;
            string? email = null, slackId = null, name = null, source = null;
            foreach (var tagKey in _tagKeys)
            {
                var tag = tags.FirstOrDefault(t => string.Equals(t.Key, tagKey, StringComparison.OrdinalIgnoreCase));
                var value = tag.Value?.Trim();
                if (tag.Key is null || string.IsNullOrEmpty(value)) continue;
                var isContact = false;
                if (IamIdentifiers.IsEmail(value)) { if (email is null) { email = value; isContact = true; } }
                else if (tagKey.IndexOf("slack", StringComparison.OrdinalIgnoreCase) >= 0 || SlackMemberId.IsMatch(value!))
                { if (slackId is null) { slackId = value; isContact = true; } }
                else if (name is null) name = value;
                if (isContact && source is null) source = "tag:" + tagKey;
            }
            if (email is null && slackId is null && name is null) return null;
            return new Owner(email, slackId, name, source ?? "tag:" + _tagKeys.First(k => tags.Any(t => string.Equals(t.Key, k, StringComparison.OrdinalIgnoreCase))));
        }
    }
}
