using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Policy.Exemptions
{
    /// <summary>
    /// The user tag exemption: value <c>expires=2026-12-31 reason=&lt;words&gt;</c>, optionally with
    /// <c>approver=&lt;who&gt;</c>, in any order; the reason runs over the following words up to the next
    /// <c>expires=</c> or <c>approver=</c>. A malformed tag exempts nothing and says why; it never throws.
    /// </summary>
    internal static class ExemptionTag
    {
        public static bool TryParse(string? value, string userArn, string tagKey, out Exemption? exemption, out string? problem)
        {
            exemption = null;
            problem = null;
            string? expiresText = null, approver = null;
            var reason = new List<string>();
            string? current = null;
            foreach (var token in (value ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (StartsWith(token, "expires=")) { current = "expires"; expiresText = token.Substring(8); continue; }
                if (StartsWith(token, "approver=")) { current = "approver"; approver = token.Substring(9); continue; }
                if (StartsWith(token, "reason=")) { current = "reason"; AddWord(reason, token.Substring(7)); continue; }
                if (current == "reason") { reason.Add(token); continue; }
                problem = $"unexpected '{token}' (expected expires=, reason= and optionally approver=)";
                return false;
            }
            if (expiresText is null) { problem = "no expires="; return false; }
            if (!ExpiryParser.TryParse(expiresText, out var expires, out var dateOnly)) { problem = $"expires='{expiresText}' is not {ExpiryParser.Expected}"; return false; }
            if (reason.Count == 0) { problem = "no reason="; return false; }
            if (approver != null && approver.Length == 0) approver = null;
            exemption = new Exemption(ExemptionScope.User, userArn, string.Join(" ", reason), approver, expires, "tag:" + tagKey, dateOnly);
            return true;
        }

        /// <summary>The exemption tag's value among the user's tags (tag keys compare case-insensitively), or null.</summary>
        public static string? FindValue(IEnumerable<KeyValuePair<string, string>>? tags, string tagKey)
        {
            var found = (tags ?? Enumerable.Empty<KeyValuePair<string, string>>())
                .FirstOrDefault(t => string.Equals(t.Key, tagKey, StringComparison.OrdinalIgnoreCase));
            return found.Key is null ? null : found.Value ?? "";
        }

        private static bool StartsWith(string token, string prefix) => token.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

        private static void AddWord(List<string> words, string word)
        {
            if (word.Length > 0) words.Add(word);
        }
    }
}
