using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Notices.Templates
{
    /// <summary>
    /// One template file, parsed and checked: <c>[section]</c> lines open sections, <c>##</c> lines are comments,
    /// <c>{name}</c> is a placeholder and <c>{{</c> a literal brace. An unknown section or placeholder, text outside a
    /// section, or a missing section is an InvalidTemplate error naming the file, line and name, found when the file is
    /// read, before anything is sent.
    /// </summary>
    public sealed class NoticeTemplate
    {
        private static readonly Regex SectionLine = new Regex(@"^\[([A-Za-z.]+)\]\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex PlaceholderName = new Regex(@"\G\{([A-Za-z][A-Za-z0-9]*)\}", RegexOptions.CultureInvariant);
        private readonly Dictionary<string, string> _sections;

        private NoticeTemplate(string path, TemplateKind kind, Dictionary<string, string> sections)
        {
            Path = path;
            Kind = kind;
            _sections = sections;
        }

        public string Path { get; }
        public TemplateKind Kind { get; }

        public static NoticeTemplate Parse(string text, string path, TemplateKind kind)
        {
            var sections = new Dictionary<string, string>(StringComparer.Ordinal);
            string? current = null;
            var body = new List<string>();
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var lineNumber = i + 1;
                if (line.StartsWith("##", StringComparison.Ordinal)) continue;
                var header = SectionLine.Match(line);
                if (header.Success)
                {
                    Close(sections, current, body);
                    current = header.Groups[1].Value;
                    if (!kind.Sections.Contains(current, StringComparer.Ordinal))
                        throw Invalid(path, lineNumber, $"unknown section [{current}]; a {kind.Name} template has {Names(kind.Sections, "[", "]")}.");
                    if (sections.ContainsKey(current))
                        throw Invalid(path, lineNumber, $"section [{current}] is given twice.");
                    continue;
                }

                if (current == null)
                {
                    if (line.Trim().Length == 0) continue;
                    throw Invalid(path, lineNumber, "text before the first [section].");
                }

                Check(line, path, lineNumber, current, kind);
                body.Add(line);
            }

            Close(sections, current, body);
            var missing = kind.Sections.Where(s => !sections.ContainsKey(s)).ToList();
            if (missing.Count > 0)
                throw Invalid(path, lines.Length, $"section {Names(missing, "[", "]")} is missing (a {kind.Name} template needs every one, even empty).");
            return new NoticeTemplate(path, kind, sections);
        }

        /// <summary>The section filled in: placeholders from <paramref name="values"/>, a missing value as empty text.</summary>
        public string Render(string section, IReadOnlyDictionary<string, string?> values)
        {
            var text = _sections[section];
            var output = new StringBuilder(text.Length + 64);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
                {
                    output.Append(c);
                    i++;
                    continue;
                }

                var placeholder = c == '{' ? PlaceholderName.Match(text, i) : Match.Empty;
                if (placeholder.Success)
                {
                    values.TryGetValue(placeholder.Groups[1].Value, out var value);
                    output.Append(value ?? "");
                    i += placeholder.Length - 1;
                    continue;
                }

                output.Append(c);
            }

            return output.ToString();
        }

        /// <summary>True when the section has any text (an empty heading adds no line).</summary>
        public bool HasText(string section) => _sections[section].Length > 0;

        private static void Close(Dictionary<string, string> sections, string? current, List<string> body)
        {
            if (current != null) sections[current] = string.Join("\n", body);
            body.Clear();
        }

        private static void Check(string line, string path, int lineNumber, string section, TemplateKind kind)
        {
            var allowed = kind.PlaceholdersOf(section);
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] != '{') continue;
                if (i + 1 < line.Length && line[i + 1] == '{')
                {
                    i++;
                    continue;
                }

                var placeholder = PlaceholderName.Match(line, i);
                if (!placeholder.Success)
                    throw Invalid(path, lineNumber, $"a '{{' that opens no placeholder in section [{section}] (write {{{{ for a brace).");
                var name = placeholder.Groups[1].Value;
                if (!allowed.Contains(name))
                    throw Invalid(path, lineNumber, $"unknown placeholder {{{name}}} in section [{section}]; it may use {Names(allowed.OrderBy(n => n, StringComparer.Ordinal), "{", "}")}.");
                i += placeholder.Length - 1;
            }
        }

        private static string Names(IEnumerable<string> names, string open, string close) => string.Join(", ", names.Select(n => open + n + close));

        private static EngineException Invalid(string path, int line, string problem)
            => new EngineException(ErrorCatalog.InvalidTemplate, path, $"{path}, line {line}: {problem}");
    }
}
