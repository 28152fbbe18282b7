using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// One profile's section of a shared credentials file, read and rewritten as text: only the values of
    /// aws_access_key_id and aws_secret_access_key in that section change; other profiles, comments, blank lines,
    /// key order, spacing and line endings stay as they were. No secret is ever part of a message.
    /// </summary>
    internal sealed class CredentialsFileProfile
    {
        private const string KeyIdName = "aws_access_key_id";
        private const string SecretName = "aws_secret_access_key";

        private CredentialsFileProfile(string profileName, string? accessKeyId, bool hasSecret, IReadOnlyList<string> otherSettings)
        {
            ProfileName = profileName;
            AccessKeyId = accessKeyId;
            HasSecret = hasSecret;
            OtherSettings = otherSettings;
        }

        public string ProfileName { get; }

        /// <summary>The section's aws_access_key_id, or null when the section (or the setting) is absent.</summary>
        public string? AccessKeyId { get; }

        public bool HasSecret { get; }

        /// <summary>The names of the section's other settings (aws_session_token, role_arn…), lower-case.</summary>
        public IReadOnlyList<string> OtherSettings { get; }

        public static CredentialsFileProfile Read(string text, string profileName)
        {
            string? keyId = null;
            var hasSecret = false;
            var others = new List<string>();
            foreach (var (name, value, _) in Settings(SplitLines(text), profileName))
            {
                if (name == KeyIdName) keyId = value;
                else if (name == SecretName) hasSecret = value.Length > 0;
                else others.Add(name);
            }
            return new CredentialsFileProfile(profileName, keyId, hasSecret, others);
        }

        /// <summary>The file's text with the profile's key id and secret replaced; throws when the section lacks either line.</summary>
        public static string Rewrite(string text, string profileName, string accessKeyId, string secretAccessKey)
        {
            var lines = SplitLines(text);
            var replaced = 0;
            foreach (var (name, _, index) in Settings(lines, profileName).ToList())
            {
                if (name != KeyIdName && name != SecretName) continue;
                var line = lines[index];
                var eq = line.Text.IndexOf('=');
                var after = line.Text.Substring(eq + 1);
                var spacing = after.Substring(0, after.Length - after.TrimStart().Length);
                lines[index] = (line.Text.Substring(0, eq + 1) + spacing + (name == KeyIdName ? accessKeyId : secretAccessKey), line.Ending);
                replaced++;
            }
            if (replaced != 2)
                throw new InvalidOperationException($"profile [{profileName}] does not have exactly one {KeyIdName} and one {SecretName} line to replace.");
            return string.Concat(lines.Select(l => l.Text + l.Ending));
        }

        /// <summary>name = value lines of the section [profileName] (names lower-case, values trimmed) with their line index.</summary>
        private static IEnumerable<(string Name, string Value, int Index)> Settings(List<(string Text, string Ending)> lines, string profileName)
        {
            var inside = false;
            for (var i = 0; i < lines.Count; i++)
            {
                var trimmed = lines[i].Text.Trim();
                if (trimmed.StartsWith("[", StringComparison.Ordinal))
                {
                    var close = trimmed.IndexOf(']');
                    inside = close > 0 && trimmed.Substring(1, close - 1).Trim() == profileName;
                    continue;
                }
                if (!inside || trimmed.Length == 0 || trimmed[0] == '#' || trimmed[0] == ';') continue;
                var eq = trimmed.IndexOf('=');
                if (eq <= 0) continue;
                yield return (trimmed.Substring(0, eq).Trim().ToLowerInvariant(), trimmed.Substring(eq + 1).Trim(), i);
            }
        }

        /// <summary>Lines with their own ending ("\r\n", "\n" or "" for a last line without one).</summary>
        private static List<(string Text, string Ending)> SplitLines(string text)
        {
            var lines = new List<(string, string)>();
            var start = 0;
            while (start < text.Length)
            {
                var nl = text.IndexOf('\n', start);
                if (nl < 0) { lines.Add((text.Substring(start), "")); break; }
                var cr = nl > start && text[nl - 1] == '\r';
                lines.Add((text.Substring(start, nl - start - (cr ? 1 : 0)), cr ? "\r\n" : "\n"));
                start = nl + 1;
            }
            return lines;
        }
    }
}
