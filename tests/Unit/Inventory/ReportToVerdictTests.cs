using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Inventory
{
    /// <summary>The report path end to end on the AWS example: parse → triage → match → observe → judge.</summary>
    public class ReportToVerdictTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

        /// <summary>What ListAccessKeys would answer for each user of the example (ids made up, times from the report).</summary>
        private static IReadOnlyList<ListedAccessKey> Listed(CredentialReportRow row)
            => row.Slots.Where(s => s.HasKey)
                .Select(s => new ListedAccessKey($"AKIA{row.User.ToUpperInvariant().Replace("-", "").PadRight(15, 'X').Substring(0, 15)}{s.Slot}",
                    s.Active ? KeyStatus.Active : KeyStatus.Inactive, s.LastRotated!.Value))
                .Reverse() // ListAccessKeys order is not slot order
                .ToList();

        [Fact]
        public void The_example_report_gives_the_expected_verdicts_for_the_users_triage_selects()
        {
            var rows = CredentialReportParser.Parse(File.ReadAllBytes(CredentialReportParserTests.ReferenceFile("credential-report-example.csv"))).Rows;
            var policy = HygienePolicy.Default();
            var triage = new CredentialReportTriage(policy);
            var judge = new KeyJudge(policy);

            var selected = rows.Where(r => triage.NeedsKeyDetail(r, Now)).Select(r => r.User).ToList();
            var verdicts = new Dictionary<string, KeyVerdict>();
            foreach (var row in rows.Where(r => triage.NeedsKeyDetail(r, Now)))
            {
                var listed = Listed(row);
                var active = listed.Where(k => k.Status == KeyStatus.Active).Select(k => k.AccessKeyId).ToList();
                foreach (var match in CredentialReportMatcher.Match(row, listed))
                {
                    var observation = match.ApplyTo(new KeyObservation
                    {
                        AccountId = "123456789012",
                        UserName = row.User,
                        UserArn = row.Arn,
                        UserPath = row.UserPath,
                        UserTags = new List<KeyValuePair<string, string>>(),
                        IsRootKey = row.IsRoot,
                        OtherActiveKeyIds = active.Where(id => id != match.Key.AccessKeyId).ToList(),
                    });
                    verdicts[$"{row.User}#{match.Slot!.Slot}"] = judge.Judge(observation, Now);
                }
            }

            // carol has no keys; the root row has none either.
            Assert.Equal(new[] { "alice", "bob", "svc-deploy", "dave" }, selected);
            Assert.Equal(KeyStage.Warn, verdicts["alice#1"].Stage);                // 85 d old, used yesterday
            Assert.Equal(new[] { KeyReason.TooOld }, verdicts["alice#1"].Reasons);
            Assert.Equal(KeyStage.Disable, verdicts["bob#1"].Stage);            // 400 d old, used 17 d ago
            Assert.Equal(KeyStage.Healthy, verdicts["bob#2"].Stage);            // Inactive, 12 d old
            Assert.Equal(KeyStage.Disable, verdicts["svc-deploy#1"].Stage);     // never used since 2024
            Assert.Equal(new[] { KeyReason.TooOld, KeyReason.Unused, KeyReason.NeverUsed }, verdicts["svc-deploy#1"].Reasons);
            Assert.Equal(KeyStage.Disable, verdicts["dave#1"].Stage);           // 123 d old; the user has two active keys
            Assert.Equal(new[] { KeyReason.TooOld, KeyReason.SecondActiveKey }, verdicts["dave#1"].Reasons);
            Assert.Equal(KeyStage.Healthy, verdicts["dave#2"].Stage);
            Assert.Equal(new[] { KeyReason.SecondActiveKey }, verdicts["dave#2"].Reasons);
            Assert.Equal(new DateTimeOffset(2026, 10, 29, 12, 0, 0, TimeSpan.Zero), verdicts["dave#2"].NextStageDate!.Value.AddDays(-45));
        }

        [Fact]
        public void An_unmatched_key_becomes_ReadError_never_unused()
        {
            var row = new CredentialReportRow(3, "erin", "arn:aws:iam::123456789012:user/erin", Now.AddYears(-1),
                new CredentialReportKeySlot(1, true, Now.AddDays(-200), Now.AddDays(-1), "us-east-1", "s3"),
                new CredentialReportKeySlot(2, false, null, null, null, null));
            var listed = new[] { new ListedAccessKey("AKIAERINERINERINERI1", KeyStatus.Active, Now.AddDays(-2)) };

            var observation = CredentialReportMatcher.Match(row, listed).Single().ApplyTo(new KeyObservation
            {
                AccountId = "123456789012", UserName = "erin", UserArn = row.Arn, UserTags = new List<KeyValuePair<string, string>>(),
            });
            var verdict = new KeyJudge(HygienePolicy.Default()).Judge(observation, Now);

            Assert.Equal(KeyStage.ReadError, verdict.Stage);
            Assert.Contains("no slot", verdict.Notes.Single());
        }
    }
}
