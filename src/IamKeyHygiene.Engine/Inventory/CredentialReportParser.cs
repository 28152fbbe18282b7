using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>
    /// Parses GetCredentialReport's CSV (already Base64-decoded) per its 22-column spec. Columns are found by
    /// header name, never by position; every one of the 22 names must be present (a different header is an
    /// error naming what is missing); columns AWS might add later are ignored. N/A, no_information and
    /// not_supported read as "no value"; true/false compare case-insensitively; timestamps are ISO 8601 with
    /// an offset (or Z). Rows are not assumed to be in any order; the root user is the &lt;root_account&gt; row.
    /// </summary>
    internal static class CredentialReportParser
    {
        public static readonly IReadOnlyList<string> Columns = new[]
        {
            "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
            "password_next_rotation", "mfa_active",
            "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
            "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
            "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
        };

        private static readonly string[] NoValue = { "N/A", "no_information", "not_supported" };

        private static readonly string[] TimestampFormats =
        {
            "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        };

        public static IReadOnlyList<CredentialReportRow> Parse(byte[] content)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            var text = new UTF8Encoding(false, true).GetString(content);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            return Parse(text);
        }

        public static IReadOnlyList<CredentialReportRow> Parse(string text)
        {
            using var records = CsvReader.Records(text).GetEnumerator();
            if (!records.MoveNext()) throw new CredentialReportFormatException(1, null, "the report is empty; expected the header line.");
            var index = HeaderIndex(records.Current.Line, records.Current.Fields);
            var width = records.Current.Fields.Count;
            var rows = new List<CredentialReportRow>();
            while (records.MoveNext())
            {
                var (line, fields) = records.Current;
                if (fields.Count != width)
                    throw new CredentialReportFormatException(line, null, $"expected {width} fields like the header, found {fields.Count}.");
                rows.Add(ReadRow(line, new RowReader(line, fields, index)));
            }
            return rows;
        }

        private static Dictionary<string, int> HeaderIndex(int line, List<string> header)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                var name = header[i].Trim();
                if (index.ContainsKey(name)) throw new CredentialReportFormatException(line, name, "the header names this column twice.");
                index[name] = i;
            }
            var missing = Columns.Where(c => !index.ContainsKey(c)).ToList();
            if (missing.Count > 0)
                throw new CredentialReportFormatException(line, null,
                    $"this is not an IAM credential report header: missing {string.Join(", ", missing)} " +
                    $"(expected the 22 columns {string.Join(",", Columns)}).");
            return index;
        }

        private static CredentialReportRow ReadRow(int line, RowReader r)
        {
            var user = r.Text("user") ?? throw new CredentialReportFormatException(line, "user", "is empty.");
            var arn = r.Text("arn") ?? throw new CredentialReportFormatException(line, "arn", "is empty.");
            return new CredentialReportRow(line, user, arn, r.Time("user_creation_time"), Slot(r, 1), Slot(r, 2));
        }

        private static CredentialReportKeySlot Slot(RowReader r, int n)
        {
            var prefix = $"access_key_{n}_";
            return new CredentialReportKeySlot(n,
                r.Bool(prefix + "active") ?? false,
                r.Time(prefix + "last_rotated"),
                r.Time(prefix + "last_used_date"),
                r.Text(prefix + "last_used_region"),
                r.Text(prefix + "last_used_service"));
        }

        /// <summary>Typed access to one row's fields by column name.</summary>
        private sealed class RowReader
        {
            private readonly int _line;
            private readonly List<string> _fields;
            private readonly Dictionary<string, int> _index;

            public RowReader(int line, List<string> fields, Dictionary<string, int> index)
            {
                _line = line;
                _fields = fields;
                _index = index;
            }

            /// <summary>The trimmed value, or null for empty and the special no-value markers.</summary>
            public string? Text(string column)
            {
                var raw = _fields[_index[column]].Trim();
                return raw.Length == 0 || NoValue.Contains(raw, StringComparer.OrdinalIgnoreCase) ? null : raw;
            }

            public bool? Bool(string column)
            {
                var value = Text(column);
                if (value is null) return null;
                if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return true;
                if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return false;
                throw new CredentialReportFormatException(_line, column, $"expected true or false, found '{value}'.");
            }

            public DateTimeOffset? Time(string column)
            {
                var value = Text(column);
                if (value is null) return null;
                if (DateTimeOffset.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                    return time.ToUniversalTime();
                throw new CredentialReportFormatException(_line, column, $"expected an ISO 8601 time with an offset such as 2026-08-08T09:30:00+00:00, found '{value}'.");
            }
        }
    }
}
