using System;
using System.Collections.Generic;
using System.Text;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>One field of a CSV line: a stretch of its source text, so reading a field by position, trimming it or
    /// comparing it makes no string; <see cref="ToString"/> makes one. A quoted field's source is its unquoted text.</summary>
    internal readonly struct CsvField
    {
        public CsvField(string source, int start, int length)
        {
            Source = source;
            Start = start;
            Length = length;
        }

        public CsvField(string value) : this(value, 0, value.Length)
        {
        }

        public string Source { get; }
        public int Start { get; }
        public int Length { get; }

        public char this[int index] => Source[Start + index];

        /// <summary>The field without leading and trailing white space (as string.Trim would cut it).</summary>
        public CsvField Trim()
        {
            var start = Start;
            var end = Start + Length;
            while (start < end && char.IsWhiteSpace(Source[start])) start++;
            while (end > start && char.IsWhiteSpace(Source[end - 1])) end--;
            return new CsvField(Source, start, end - start);
        }

        public bool EqualsIgnoreCase(string text) =>
            Length == text.Length && string.Compare(Source, Start, text, 0, Length, StringComparison.OrdinalIgnoreCase) == 0;

        public override string ToString() => Start == 0 && Length == Source.Length ? Source : Source.Substring(Start, Length);
    }

    /// <summary>One non-blank line of a CSV text, split into fields, or the reason it could not be.</summary>
    internal sealed class CsvLine
    {
        public CsvLine(int line, string text, List<CsvField>? fields, string? problem)
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
        public List<CsvField>? Fields { get; }

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
            var start = 0;
            while (start <= text.Length)
            {
                var end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                number++;
                var length = end - start;
                if (length > 0 && text[end - 1] == '\r') length--;
                if (!IsBlank(text, start, length))
                {
                    var line = text.Substring(start, length);
                    var fields = Split(line, out var problem);
                    yield return new CsvLine(number, line, fields, problem);
                }

                start = end + 1;
            }
        }

        private static bool IsBlank(string text, int start, int length)
        {
            for (var i = start; i < start + length; i++)
            {
                if (!char.IsWhiteSpace(text[i])) return false;
            }

            return true;
        }

        private static List<CsvField>? Split(string line, out string? problem)
        {
            var fields = new List<CsvField>(24);
            StringBuilder? field = null; // only quoted fields need one; the others are stretches of the line
            var i = 0;
            while (true)
            {
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

                    fields.Add(new CsvField(field.ToString()));
                }
                else
                {
                    var start = i;
                    var comma = line.IndexOf(',', i);
                    i = comma < 0 ? line.Length : comma;
                    fields.Add(new CsvField(line, start, i - start));
                }

                if (i >= line.Length) break;
                i++; // the comma: another field follows, even an empty last one
            }

            problem = null;
            return fields;
        }
    }
}
