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

        private static IReadOnlyList<CredentialReportRow> Parse(params string[] rows)
            => CredentialReportParser.Parse(Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", rows) + "\n"));

        private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso).ToUniversalTime();

        [Fact]
        public void The_AWS_example_report_parses_into_typed_rows()
        {
            var rows = CredentialReportParser.Parse(File.ReadAllBytes(ReferenceFile("credential-report-example.csv")));

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

            var parsed = CredentialReportParser.Parse(bytes).Single();

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

            var row = CredentialReportParser.Parse(string.Join(",", reordered) + "\n" + line).Single();

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
        [InlineData("alice,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00,true", null, "expected 22 fields")]
        [InlineData("alice,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00,true,N/A,N/A,N/A,true,yes,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", "access_key_1_active", "expected true or false")]
        [InlineData("alice,arn:aws:iam::123456789012:user/alice,03/02/2021,true,N/A,N/A,N/A,true,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", "user_creation_time", "ISO 8601")]
        [InlineData("\"alice,arn:aws:iam::123456789012:user/alice,2021-02-03T10:11:12+00:00", null, "never closed")]
        public void A_bad_row_names_its_line_and_column(string row, string? column, string problem)
        {
            var e = Assert.Throws<CredentialReportFormatException>(() => Parse(row));
            Assert.Equal(2, e.Line);
            Assert.Equal(column, e.Column);
            Assert.Contains(problem, e.Message);
        }

        [Fact]
        public void An_empty_report_is_an_error_and_a_header_only_report_has_no_rows()
        {
            Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(Array.Empty<byte>()));
            Assert.Empty(CredentialReportParser.Parse(Header));
        }
    }
}
