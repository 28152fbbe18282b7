using System.Collections.Generic;
using System.Text;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>RFC 4180 records: comma-separated, "quoted" fields with "" for a quote, CRLF or LF line ends, newlines inside quotes.</summary>
    internal static class CsvReader
    {
        /// <summary>Each record with the 1-based line it starts on. Blank lines are skipped.</summary>
        public static IEnumerable<(int Line, List<string> Fields)> Records(string text)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var line = 1;
            var recordLine = 1;
            var inQuotes = false;
            var fieldWasQuoted = false;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        inQuotes = false;
                        i++;
                        continue;
                    }
                    if (c == '\n') line++;
                    field.Append(c);
                    i++;
                    continue;
                }
                switch (c)
                {
                    case '"' when field.Length == 0 && !fieldWasQuoted:
                        inQuotes = true;
                        fieldWasQuoted = true;
                        i++;
                        break;
                    case '"':
                        throw new CredentialReportFormatException(line, null, "a quote inside an unquoted field (RFC 4180 needs the whole field quoted).");
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        fieldWasQuoted = false;
                        i++;
                        break;
                    case '\r':
                    case '\n':
                        if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                        i++;
                        if (fields.Count > 0 || field.Length > 0 || fieldWasQuoted)
                        {
                            fields.Add(field.ToString());
                            yield return (recordLine, fields);
                        }
                        fields = new List<string>();
                        field.Clear();
                        fieldWasQuoted = false;
                        line++;
                        recordLine = line;
                        break;
                    default:
                        if (fieldWasQuoted) throw new CredentialReportFormatException(line, null, "text after a closing quote.");
                        field.Append(c);
                        i++;
                        break;
                }
            }
            if (inQuotes) throw new CredentialReportFormatException(recordLine, null, "a quoted field is never closed.");
            if (fields.Count > 0 || field.Length > 0 || fieldWasQuoted)
            {
                fields.Add(field.ToString());
                yield return (recordLine, fields);
            }
        }
    }
}
