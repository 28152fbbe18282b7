using System.Collections.Generic;
using System.Text;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>One non-blank line of a CSV text, split into fields, or the reason it could not be.</summary>
    internal sealed class CsvLine
    {
        public CsvLine(int line, string text, List<string>? fields, string? problem)
        {
            Line = line;
            Text = text;
            Fields = fields;
            Problem = problem;
        }

        /// <summary>1-based line number.</summary>
        public int Line { get; }

        /// <summary>The line as written (without its line end).</summary>
        public string Text { get; }

        /// <summary>The fields, unquoted; null when the line's quoting is broken (then <see cref="Problem"/> says how).</summary>
        public List<string>? Fields { get; }

        public string? Problem { get; }
    }

    /// <summary>
    /// RFC 4180 fields ("quoted", "" for a quote), read leniently and one line at a time: a quote inside an unquoted
    /// field is kept as text (IAM paths may hold '"', and the report may leave them unquoted), and a line whose quoting
    /// is broken costs only that line. A record never spans lines: no value of a credential report can hold a line
    /// break (IAM names, paths and the fixed-format columns cannot).
    /// </summary>
    internal static class CsvReader
    {
        /// <summary>Each non-blank line (LF or CRLF ends) with its 1-based number.</summary>
        public static IEnumerable<CsvLine> Lines(string text)
        {
            var number = 0;
            foreach (var raw in text.Split('\n'))
            {
                number++;
                var line = raw.EndsWith("\r", System.StringComparison.Ordinal) ? raw.Substring(0, raw.Length - 1) : raw;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var fields = Split(line, out var problem);
                yield return new CsvLine(number, line, fields, problem);
            }
        }

        private static List<string>? Split(string line, out string? problem)
        {
            var fields = new List<string>();
            StringBuilder? field = null; // only quoted fields need one; most fields are cut straight from the line
            var i = 0;
            while (true)
            {
                string value;
                if (i < line.Length && line[i] == '"')
                {
                    field = field?.Clear() ?? new StringBuilder();
                    i++;
                    while (true)
                    {
                        if (i >= line.Length)
                        {
                            problem = "a quoted field is never closed.";
                            return null;
                        }

                        if (line[i] == '"')
                        {
                            if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                            i++;
                            break;
                        }

                        field.Append(line[i++]);
                    }

                    if (i < line.Length && line[i] != ',')
                    {
                        problem = "text after a closing quote.";
                        return null;
                    }

                    value = field.ToString();
                }
                else
                {
                    var start = i;
                    while (i < line.Length && line[i] != ',') i++;
                    value = line.Substring(start, i - start);
                }

                fields.Add(value);
                if (i >= line.Length) break;
                i++; // the comma: another field follows, even an empty last one
            }

            problem = null;
            return fields;
        }
    }
}
