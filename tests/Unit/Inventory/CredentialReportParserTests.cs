using System.Text;
using IamKeyHygiene.Engine.Inventory;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Inventory
{
    public class CredentialReportParserTests
    {
        /// <summary>A credential report file of the reference data (samples/iam).</summary>
        internal static string ReferenceFile(string name) => AwsReference.Path("samples", "iam", name);

        private static readonly string Header = File.ReadAllText(ReferenceFile("credential-report-header.csv")).Trim();

        private static ParsedCredentialReport Parse(params string[] rows) => ParseWith(Header, rows);

        private static ParsedCredentialReport ParseWith(string header, params string[] rows)
            => CredentialReportParser.Parse(Encoding.UTF8.GetBytes(header + "\n" + string.Join("\n", rows) + "\n"));

        /// <summary>A row as AWS writes it, user and ARN as given (quoted or not), one active key of 2025-01-01.</summary>
        private static string Row(string user, string arn, string trailing = "")
            => $"{user},{arn},2024-01-10T09:00:00+00:00,false,N/A,N/A,N/A,false," +
               "true,2025-01-01T00:00:00+00:00,2025-02-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A" + trailing;

        private const string Arn = "arn:aws:iam::123456789012:user";

        private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso).ToUniversalTime();

        [Fact]
        public void The_AWS_example_report_parses_into_typed_rows()
        {
            var rows = CredentialReportParser.Parse(File.ReadAllBytes(ReferenceFile("credential-report-example.csv"))).Rows;

            Assert.Equal(new[] { "<root_account>", "alice", "bob", "carol", "svc-deploy", "dave" }, rows.Select(r => r.User));
            var root = rows[0];
            Assert.True(root.IsRoot);
            Assert.Equal("arn:aws:iam::123456789012:root", root.Arn);
            Assert.False(root.AccessKey1.HasKey);
            Assert.False(root.AccessKey2.Active);

            var alice = rows.Single(r => r.User == "alice");
            Assert.Equal(Utc("2021-02-03T10:11:12Z"), alice.UserCreationTime);
            Assert.True(alice.AccessKey1.Active);
            Assert.Equal(Utc("2026-08-08T09:30:00Z"), alice.AccessKey1.LastRotated);
            Assert.Equal(Utc("2026-10-31T22:14:00Z"), alice.AccessKey1.LastUsedDate);
            Assert.Equal("us-east-1", alice.AccessKey1.LastUsedRegion);
            Assert.Equal("ec2", alice.AccessKey1.LastUsedService);
            Assert.False(alice.AccessKey2.HasKey);

            var bob = rows.Single(r => r.User == "bob");
            Assert.Equal("/engineering/", bob.UserPath);
            Assert.Null(bob.AccessKey1.LastUsedRegion); // N/A
            Assert.Equal("s3", bob.AccessKey1.LastUsedService);
            Assert.False(bob.AccessKey2.Active);        // an Inactive key still occupies the slot
            Assert.True(bob.AccessKey2.HasKey);
            Assert.Null(bob.AccessKey2.LastUsedDate);

            var svc = rows.Single(r => r.User == "svc-deploy");
            Assert.True(svc.AccessKey1.Active);
            Assert.Null(svc.AccessKey1.LastUsedDate);   // never used
            Assert.Equal(2, rows.Single(r => r.User == "dave").Slots.Count(s => s.Active));
        }

        [Fact]
        public void Special_values_booleans_offsets_quotes_CRLF_and_a_BOM_are_read()
        {
            var row = "\"team, \"\"core\"\"\",arn:aws:iam::123456789012:user/x,2024-01-10T09:00:00+09:00,not_supported,no_information,not_supported,N/A,TRUE," +
                      "TRUE,2025-01-01T00:00:00Z,N/A,N/A,N/A,False,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Header + "\r\n" + row)).ToArray();

            var parsed = CredentialReportParser.Parse(bytes).Rows.Single();

            Assert.Equal("team, \"core\"", parsed.User);
            Assert.Equal(Utc("2024-01-10T00:00:00Z"), parsed.UserCreationTime);
            Assert.Equal(TimeSpan.Zero, parsed.UserCreationTime!.Value.Offset);
            Assert.True(parsed.AccessKey1.Active);
            Assert.Equal(Utc("2025-01-01T00:00:00Z"), parsed.AccessKey1.LastRotated);
            Assert.Null(parsed.AccessKey1.LastUsedDate);
            Assert.False(parsed.AccessKey2.Active);
        }

        [Fact]
        public void Columns_are_found_by_name_not_position()
        {
            var names = Header.Split(',');
            var reordered = new[] { names[1], names[0] }.Concat(names.Skip(2)).Append("some_future_column");
            var line = "arn:aws:iam::123456789012:user/eve,eve,2024-01-10T00:00:00+00:00,false,N/A,N/A,N/A,false," +
                       "true,2025-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A,whatever";

            var row = CredentialReportParser.Parse(string.Join(",", reordered) + "\n" + line).Rows.Single();

            Assert.Equal("eve", row.User);
            Assert.Equal("arn:aws:iam::123456789012:user/eve", row.Arn);
        }

        [Fact]
        public void A_different_header_fails_and_names_the_missing_columns()
        {
            var e = Assert.Throws<CredentialReportFormatException>(() =>
                CredentialReportParser.Parse("user,arn,user_creation_time,access_key_active\nalice,arn,N/A,true\n"));
            Assert.Equal(1, e.Line);
            Assert.Contains("not an IAM credential report header", e.Message);
            Assert.Contains("access_key_1_last_rotated", e.Message);
        }

        [Theory]
        [InlineData("alice,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00,true", null, "expected 22 fields", "alice")]
        [InlineData("alice,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00,true,N/A,N/A,N/A,true,yes,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", "access_key_1_active", "expected true or false", "alice")]
        [InlineData("alice,arn:aws:iam::123456789012:user/alice,03/02/2021,true,N/A,N/A,N/A,true,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", "user_creation_time", "ISO 8601", "alice")]
        [InlineData("\"alice,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00", null, "never closed", null)]
        [InlineData("alice,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00,N/A,true,N/A,N/A,N/A,true,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", null, "cannot be told to belong", "alice")]
        [InlineData("\"a,b\"x,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00", null, "text after a closing quote", null)]
        public void A_row_beyond_repair_is_set_aside_naming_its_line_column_and_user_and_the_others_are_read(string row, string? column, string problem, string? user)
        {
            var report = Parse(Row("before", $"{Arn}/before"), row, Row("after", $"{Arn}/after"));

            Assert.Equal(new[] { "before", "after" }, report.Rows.Select(r => r.User));
            var unreadable = Assert.Single(report.UnreadableRows);
            Assert.Equal(3, unreadable.Line);
            Assert.Equal(user, unreadable.UserName);
            Assert.Contains(problem, unreadable.Problem);
            Assert.Contains("line 3", unreadable.Problem);
            if (column != null) Assert.Contains($"column '{column}'", unreadable.Problem);
        }

        [Theory]
        [InlineData("\"a=b,c_d-e\"", "\"" + Arn + "/a=b,c_d-e\"")]   // RFC 4180 quoting
        [InlineData("a=b,c_d-e", Arn + "/a=b,c_d-e")]                    // no quoting: the row is two fields longer than the header
        [InlineData("\"a=b,c_d-e\"", Arn + "/a=b,c_d-e")]               // the name quoted, the ARN not
        public void A_user_name_with_a_comma_is_read_quoted_or_not(string user, string arn)
        {
            var report = Parse(Row("before", $"{Arn}/before"), Row(user, arn), Row("after", $"{Arn}/after"));

            Assert.Empty(report.UnreadableRows);
            var row = report.Rows[1];
            Assert.Equal("a=b,c_d-e", row.User);
            Assert.Equal($"{Arn}/a=b,c_d-e", row.Arn);
            Assert.Equal("/", row.UserPath);
            Assert.True(row.AccessKey1.Active);
            Assert.Equal(Utc("2025-02-01T00:00:00Z"), row.AccessKey1.LastUsedDate);
            Assert.Equal("s3", row.AccessKey1.LastUsedService);
            Assert.Equal(new[] { "before", "a=b,c_d-e", "after" }, report.Rows.Select(r => r.User));
        }

        [Theory]
        [InlineData("eve", Arn + "/team,a/eve", "/team,a/")]
        [InlineData("x+y,z@w.e", Arn + "/a,b/c\"d/x+y,z@w.e", "/a,b/c\"d/")]   // commas in both, and a quote left unquoted in the path
        [InlineData("u,v", "\"" + Arn + "/p,q/u,v\"", "/p,q/")]
        public void Commas_in_the_path_are_read_in_the_ARN(string user, string arn, string path)
        {
            var row = Parse(Row(user, arn)).Rows.Single();

            Assert.Equal(user.Trim('"'), row.User);
            Assert.Equal(path, row.UserPath);
            Assert.Equal(Utc("2025-01-01T00:00:00Z"), row.AccessKey1.LastRotated);
        }

        [Fact]
        public void Columns_appended_after_the_known_ones_are_ignored_also_in_a_repaired_row()
        {
            var header = Header + ",password_last_rotated_by,some_future_column";

            var report = ParseWith(header, Row("alice", $"{Arn}/alice", ",N/A,x"), Row("a=b,c_d-e", $"{Arn}/p,q/a=b,c_d-e", ",2026-01-01T00:00:00+00:00,not_supported"));

            Assert.Empty(report.UnreadableRows);
            Assert.Equal(new[] { "alice", "a=b,c_d-e" }, report.Rows.Select(r => r.User));
            Assert.Equal("/p,q/", report.Rows[1].UserPath);
            Assert.True(report.Rows[1].AccessKey1.Active);
        }

        [Fact]
        public void Free_columns_in_another_order_are_repaired_too()
        {
            var names = Header.Split(',');
            var reordered = string.Join(",", new[] { names[1], names[0] }.Concat(names.Skip(2)));
            var line = Row("x", "y").Replace("x,y,", $"{Arn}/a,b/c,d,c,d,", StringComparison.Ordinal);

            var row = ParseWith(reordered, line).Rows.Single();

            Assert.Equal("c,d", row.User);
            Assert.Equal($"{Arn}/a,b/c,d", row.Arn);
        }

        [Fact]
        public void An_empty_report_is_an_error_and_a_header_only_report_has_no_rows()
        {
            Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(Array.Empty<byte>()));
            Assert.Empty(CredentialReportParser.Parse(Header).Rows);
        }
    }
}
