using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>
    /// Parses GetCredentialReport's CSV (already Base64-decoded) per its 22-column spec
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html). Columns are found by
    /// header name, never by position; every one of the 22 names must be present (a different header is an
    /// error naming what is missing); columns AWS might add later are ignored. User names and paths may hold
    /// commas, quoted (RFC 4180) or not: see <see cref="Layout"/>. A row that still cannot be read is set aside. N/A, no_information and
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

        public static ParsedCredentialReport Parse(byte[] content)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            var text = new UTF8Encoding(false, true).GetString(content);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            return Parse(text);
        }

        /// <summary>
        /// Reads every row it can. A header that is not a credential report's fails the whole report; a row that
        /// cannot be read is set aside as unreadable, naming its user when that much is clear.
        /// </summary>
        public static ParsedCredentialReport Parse(string text)
        {
            using var lines = CsvReader.Lines(text).GetEnumerator();
            if (!lines.MoveNext()) throw new CredentialReportFormatException(1, null, "the report is empty; expected the header line.");
            var header = lines.Current;
            var layout = new Layout(header.Line, header.Fields ?? throw new CredentialReportFormatException(header.Line, null, header.Problem!));
            var rows = new List<CredentialReportRow>();
            var unreadable = new List<UnreadableReportRow>();
            while (lines.MoveNext())
            {
                var line = lines.Current;
                try
                {
                    rows.Add(ReadRow(line.Line, new RowReader(line.Line, layout.Values(line), layout.Index)));
                }
                catch (CredentialReportFormatException exception)
                {
                    unreadable.Add(new UnreadableReportRow(line.Line, UserNamedIn(line.Text), exception.Message));
                }
            }
            return new ParsedCredentialReport(rows, unreadable);
        }

        /// <summary>
        /// The user of a row that could not be read, when it starts the line as AWS writes it (user, then the ARN):
        /// the text before the first ",arn:" (a user name cannot hold ':'), if it is a legal IAM user name.
        /// </summary>
        private static string? UserNamedIn(string line)
        {
            var arnAt = line.IndexOf(",arn:", StringComparison.Ordinal);
            if (arnAt < 0) arnAt = line.IndexOf(",\"arn:", StringComparison.Ordinal);
            if (arnAt <= 0) return null;
            var user = line.Substring(0, arnAt);
            if (user.Length >= 2 && user[0] == '"' && user[user.Length - 1] == '"') user = user.Substring(1, user.Length - 2).Replace("\"\"", "\"");
            return IsUserName(user) || user == CredentialReportRow.RootUserName ? user : null;
        }

        /// <summary>IAM user names: 1 to 64 of the letters, digits and +=,.@_- (IAM API reference, CreateUser).</summary>
        private static bool IsUserName(string name)
            => name.Length > 0 && name.Length <= 64 && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || "+=,.@_-".IndexOf(c) >= 0));

        /// <summary>
        /// The header's columns by name, and where the two free-text columns (user and arn) sit. Every other column
        /// has a fixed format without commas (ISO times, true/false, N/A, not_supported, no_information, regions and
        /// service names), so a row longer than the header owes its extra commas to an unquoted user name or path.
        /// </summary>
        private sealed class Layout
        {
            public Layout(int line, List<CsvField> header)
            {
                Index = HeaderIndex(line, header);
                Width = header.Count;
                var user = Index["user"];
                var arn = Index["arn"];
                FreeTextStart = Math.Abs(user - arn) == 1 ? Math.Min(user, arn) : -1;
                UserFirst = user < arn;
            }

            public Dictionary<string, int> Index { get; }

            public int Width { get; }

            /// <summary>The first of the adjacent user and arn columns; -1 when they are not adjacent (no repair then).</summary>
            private int FreeTextStart { get; }

            private bool UserFirst { get; }

            /// <summary>The row's values, one per header column.</summary>
            public List<CsvField> Values(CsvLine line)
            {
                var fields = line.Fields ?? throw new CredentialReportFormatException(line.Line, null, line.Problem!);
                if (fields.Count == Width) return fields;
                if (fields.Count < Width || FreeTextStart < 0)
                    throw new CredentialReportFormatException(line.Line, null, $"expected {Width} fields like the header, found {fields.Count}.");
                return Rejoined(line.Line, fields);
            }

            /// <summary>
            /// Puts the extra commas back into the user and arn fields: the columns before them are read from the left,
            /// those after them from the right, and the fragments between are split where the user name and the ARN
            /// agree (the ARN ends with "/" and the name). More than one such split, or none, and the row is unreadable.
            /// </summary>
            private List<CsvField> Rejoined(int line, List<CsvField> fields)
            {
                var fragments = fields.Skip(FreeTextStart).Take(2 + fields.Count - Width).Select(f => f.ToString()).ToList();
                var splits = Enumerable.Range(1, fragments.Count - 1)
                    .Select(k => (First: string.Join(",", fragments.Take(k)), Second: string.Join(",", fragments.Skip(k))))
                    .Where(s => UserFirst ? Agree(s.First, s.Second) : Agree(s.Second, s.First))
                    .ToList();
                if (splits.Count != 1)
                    throw new CredentialReportFormatException(line, null,
                        $"expected {Width} fields like the header, found {fields.Count}, and the extra commas cannot be told to belong to the user name or the ARN.");
                var values = fields.Take(FreeTextStart).ToList();
                values.Add(new CsvField(splits[0].First));
                values.Add(new CsvField(splits[0].Second));
                values.AddRange(fields.Skip(FreeTextStart + fragments.Count));
                return values;
            }

            private static bool Agree(string user, string arn)
                => arn.StartsWith("arn:", StringComparison.Ordinal)
                   && (user == CredentialReportRow.RootUserName
                       ? arn.EndsWith(":root", StringComparison.Ordinal)
                       : IsUserName(user) && arn.Contains(":user/") && arn.EndsWith("/" + user, StringComparison.Ordinal));
        }

        private static Dictionary<string, int> HeaderIndex(int line, List<CsvField> header)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                var name = header[i].Trim().ToString();
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
            if (!arn.StartsWith("arn:", StringComparison.Ordinal)) throw new CredentialReportFormatException(line, "arn", $"expected an ARN, found '{arn}'.");
            return new CredentialReportRow(line, user, arn, r.Time("user_creation_time"), Slot(r, 1), Slot(r, 2));
        }

        /// <summary>The five columns of each access key slot, by slot (1 and 2).</summary>
        private static readonly string[][] SlotColumns =
        {
            Array.Empty<string>(),
            SlotColumnsOf(1),
            SlotColumnsOf(2),
        };

        private static string[] SlotColumnsOf(int n)
        {
            var prefix = $"access_key_{n}_";
            return new[] { prefix + "active", prefix + "last_rotated", prefix + "last_used_date", prefix + "last_used_region", prefix + "last_used_service" };
        }

        private static CredentialReportKeySlot Slot(RowReader r, int n)
        {
            var columns = SlotColumns[n];
            return new CredentialReportKeySlot(n,
                r.Bool(columns[0]) ?? false,
                r.Time(columns[1]),
                r.Time(columns[2]),
                r.Text(columns[3]),
                r.Text(columns[4]));
        }

        /// <summary>Typed access to one row's fields by column name; only the text columns make strings.</summary>
        private sealed class RowReader
        {
            private readonly int _line;
            private readonly List<CsvField> _fields;
            private readonly Dictionary<string, int> _index;

            public RowReader(int line, List<CsvField> fields, Dictionary<string, int> index)
            {
                _line = line;
                _fields = fields;
                _index = index;
            }

            /// <summary>The trimmed value, or null for empty and the special no-value markers.</summary>
            public string? Text(string column)
            {
                var value = Value(column);
                return value.HasValue ? value.Value.ToString() : null;
            }

            public bool? Bool(string column)
            {
                var value = Value(column);
                if (!value.HasValue) return null;
                if (value.Value.EqualsIgnoreCase("true")) return true;
                if (value.Value.EqualsIgnoreCase("false")) return false;
                throw new CredentialReportFormatException(_line, column, $"expected true or false, found '{value.Value}'.");
            }

            public DateTimeOffset? Time(string column)
            {
                var value = Value(column);
                if (!value.HasValue) return null;
                var time = IsoTimestamp.TryParse(value.Value);
                if (time.HasValue) return time;
                if (DateTimeOffset.TryParseExact(value.Value.ToString(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                    return parsed.ToUniversalTime();
                throw new CredentialReportFormatException(_line, column, $"expected an ISO 8601 time with an offset such as 2026-08-08T09:30:00+00:00, found '{value.Value}'.");
            }

            /// <summary>The trimmed field, or null for empty and the no-value markers.</summary>
            private CsvField? Value(string column)
            {
                var raw = _fields[_index[column]].Trim();
                if (raw.Length == 0) return null;
                foreach (var marker in NoValue)
                {
                    if (raw.EqualsIgnoreCase(marker)) return null;
                }

                return raw;
            }
        }
    }
}
