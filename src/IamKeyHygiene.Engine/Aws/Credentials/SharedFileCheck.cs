using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// Checks a shared credentials or config file before AWSSDK.Core's parser reads it. That parser is laxer than
    /// botocore: of two sections with one name it reads the first, a section that sets a key twice it skips, and a
    /// line it cannot read ends up quoted in its exception. Two answers for one profile could mean acting as the
    /// wrong account, so such a file is refused here, as the AWS CLI refuses it, with its path and line number and
    /// never the line's text (it may hold a secret).
    /// </summary>
    internal static class SharedFileCheck
    {
        private static readonly string[] SectionPrefixes = { "profile", "sso-session", "services" };

        public static void Validate(string path, string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var sections = new HashSet<string>(StringComparer.Ordinal);
            HashSet<string>? keys = null;
            var lastKeyWasParent = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var raw = lines[i];
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                    continue;

                if (line[0] == '[')
                {
                    var close = line.IndexOf(']');
                    if (close < 0)
                        throw Error(path, i, "a section header has no closing ']'.");
                    var name = NormalizeSectionName(line.Substring(1, close - 1));
                    if (!sections.Add(name))
                        throw Error(path, i, $"the section [{name}] appears twice.");
                    keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    lastKeyWasParent = false;
                    continue;
                }

                var indented = char.IsWhiteSpace(raw[0]);
                if (indented && keys != null && lastKeyWasParent)
                    continue; // a sub-setting of a nested block such as "s3 =" or a services section's "sts ="
                var equals = line.IndexOf('=');
                if (keys == null || equals <= 0)
                    throw Error(path, i, "expected 'key = value' inside a [section].");
                if (!keys.Add(line.Substring(0, equals).Trim()))
                    throw Error(path, i, "a key set earlier in this section is set again.");
                lastKeyWasParent = line.Substring(equals + 1).Trim().Length == 0;
            }
        }

        private static AwsConfigurationException Error(string path, int index, string what)
            => new AwsConfigurationException($"{path} line {index + 1}: {what}");

        /// <summary>"profile   dev" → "profile dev" (botocore splits these headers on whitespace).</summary>
        private static string NormalizeSectionName(string raw)
        {
            var name = raw.Trim();
            foreach (var prefix in SectionPrefixes)
            {
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsWhiteSpace(name[prefix.Length]))
                    return prefix + " " + name.Substring(prefix.Length).Trim();
            }
            return name;
        }
    }
}
