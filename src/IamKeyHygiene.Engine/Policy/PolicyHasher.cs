using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// The policy's identity for audit records: SHA-256 of a canonical JSON (fixed field order, every setting
    /// written out with its effective value, no whitespace) of settings, rules, circuit breaker, tag keys,
    /// exemptions and owners. File paths, comments, formatting and field order in the files do not change it.
    /// </summary>
    internal static class PolicyHasher
    {
        public static string Hash(HygienePolicy policy)
        {
            using var sha = SHA256.Create();
            var digest = sha.ComputeHash(CanonicalJson(policy));
            return string.Concat(digest.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        public static byte[] CanonicalJson(HygienePolicy policy)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
            {
                w.WriteStartObject();
                w.WriteString("format", "IamKeyHygiene.Policy/1");
                w.WritePropertyName("defaults");
                WriteSettings(w, policy.Defaults);
                w.WriteStartArray("rules");
                foreach (var rule in policy.Rules)
                {
                    w.WriteStartObject();
                    w.WriteString("name", rule.Name);
                    w.WriteStartObject("match");
                    foreach (var c in rule.Match.Criteria()) if (c.Value != null) w.WriteString(c.Key, c.Value);
                    w.WriteEndObject();
                    if (rule.Overrides.Action.HasValue) w.WriteString("action", rule.Overrides.Action.Value.ToString());
                    if (rule.Overrides.NotifyOnly.HasValue) w.WriteBoolean("notifyOnly", rule.Overrides.NotifyOnly.Value);
                    foreach (var t in rule.Overrides.Thresholds) w.WriteNumber(t.Key.Name, t.Value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                var cb = policy.CircuitBreaker;
                w.WriteNumber("maxDisablePerRun", cb.MaxDisablePerRun);
                w.WriteNumber("maxDeletePerRun", cb.MaxDeletePerRun);
                w.WriteNumber("maxDisablePercent", cb.MaxDisablePercent);
                w.WriteNumber("maxDisablePercentMinKeys", cb.MaxDisablePercentMinKeys);
                w.WriteStartArray("ownerTagKeys");
                foreach (var key in policy.OwnerTagKeys) w.WriteStringValue(key);
                w.WriteEndArray();
                w.WriteString("exemptionTagKey", policy.ExemptionTagKey);
                w.WriteStartArray("exemptions");
                foreach (var e in policy.Exemptions.Entries)
                {
                    w.WriteStartObject();
                    w.WriteString("scope", e.Scope.ToString());
                    w.WriteString("selector", e.Selector);
                    w.WriteString("reason", e.Reason);
                    w.WriteString("approver", e.Approver);
                    w.WriteString("expires", e.Expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("owners");
                foreach (var o in policy.Owners)
                {
                    w.WriteStartObject();
                    w.WriteString("match", o.Match);
                    w.WriteString("email", o.Owner.Email);
                    w.WriteString("slackId", o.Owner.SlackId);
                    w.WriteString("name", o.Owner.Name);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return stream.ToArray();
        }

        private static void WriteSettings(Utf8JsonWriter w, PolicySettings s)
        {
            w.WriteStartObject();
            w.WriteString("action", s.Action.ToString());
            w.WriteBoolean("notifyOnly", s.NotifyOnly);
            foreach (var field in ThresholdField.All) w.WriteNumber(field.Name, field.Get(s));
            w.WriteEndObject();
        }
    }
}
