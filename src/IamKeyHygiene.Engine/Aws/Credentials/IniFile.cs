using System;
using System.Collections.Generic;
using System.IO;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// The INI dialect of ~/.aws/credentials and ~/.aws/config: [section] headers, key = value lines,
    /// whole-line comments (# or ;), indented sub-settings (e.g. "s3 =" then "  max_concurrent_requests = 10")
    /// kept apart from top-level keys. Keys are case-insensitive (as botocore lowercases them); section names
    /// are not. A section or key given twice is an error, as in botocore (which refuses the whole file):
    /// two answers for one profile could mean acting as the wrong account. Values keep inline '#', as
    /// botocore does. "[profile   name]" is read as "[profile name]".
    /// </summary>
    internal sealed class IniFile
    {
        private readonly Dictionary<string, Dictionary<string, string>> _sections =
            new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

        public string Path { get; }

        private IniFile(string path) { Path = path; }

        public IEnumerable<string> SectionNames => _sections.Keys;

        public bool TryGetSection(string name, out IReadOnlyDictionary<string, string> settings)
        {
            if (_sections.TryGetValue(name, out var found))
            {
                settings = found;
                return true;
            }
            settings = null!;
            return false;
        }

        /// <summary>Reads a file; a missing file is an empty one (the SDKs treat it so).</summary>
        public static IniFile Load(string path)
        {
            var file = new IniFile(path);
            if (!File.Exists(path))
                return file;
            file.Parse(File.ReadAllLines(path));
            return file;
        }

        public static IniFile Parse(string path, string text)
        {
            var file = new IniFile(path);
            file.Parse(text.Replace("\r\n", "\n").Split('\n'));
            return file;
        }

        private void Parse(string[] lines)
        {
            Dictionary<string, string>? current = null;
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
                        throw new AwsConfigurationException($"{Path} line {i + 1}: a section header has no closing ']'.");
                    var name = NormalizeSectionName(line.Substring(1, close - 1));
                    if (_sections.ContainsKey(name))
                        throw new AwsConfigurationException($"{Path} line {i + 1}: the section [{name}] appears twice.");
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    _sections.Add(name, current);
                    lastKeyWasParent = false;
                    continue;
                }

                var equals = line.IndexOf('=');
                var indented = char.IsWhiteSpace(raw[0]);
                if (current == null || equals <= 0)
                {
                    // Lines outside any section, or without '=', carry nothing we can use; a value with no
                    // key would be ambiguous, so say where it is (never what it holds: it may be a secret).
                    if (indented && current != null && lastKeyWasParent)
                        continue;
                    throw new AwsConfigurationException($"{Path} line {i + 1}: expected 'key = value' inside a [section].");
                }

                var key = line.Substring(0, equals).Trim();
                var value = line.Substring(equals + 1).Trim();
                if (indented && lastKeyWasParent)
                    continue; // a sub-setting of a nested block such as "s3 ="; none of ours live there
                if (current.ContainsKey(key))
                    throw new AwsConfigurationException($"{Path} line {i + 1}: a key set earlier in this section is set again.");
                current[key] = value;
                lastKeyWasParent = value.Length == 0;
            }
        }

        /// <summary>"profile   dev" → "profile dev" (botocore splits these headers on whitespace).</summary>
        private static string NormalizeSectionName(string raw)
        {
            var name = raw.Trim();
            foreach (var prefix in new[] { "profile", "sso-session", "services" })
            {
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsWhiteSpace(name[prefix.Length]))
                    return prefix + " " + name.Substring(prefix.Length).Trim();
            }
            return name;
        }
    }
}
