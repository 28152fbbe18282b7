using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Tests.Unit.Policy;
using Xunit;


namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>Issue 9: every scan ends with a summary on the host's Information stream and in its verbose log; a scan
/// that read nothing warns; an exemption that matched no key although its account was read in full warns, one for an
/// account outside the scan is only counted.</summary>
public sealed class ScanSummaryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private const string Full = "222222222201";
    private const string Other = "222222222202";
    private const string Denied = "222222222203";

    private readonly TempFolder _folder = new();
    private readonly string _exemptions;
    private readonly InMemoryAccount _full;
    private readonly InMemoryAccount _other;

    public ScanSummaryTests()
    {
        _exemptions = _folder.Write("exemptions.json", "[\n"
            + $"  {{ \"userArn\": \"arn:aws:iam::{Full}:user/alice\", \"reason\": \"r\", \"approver\": \"a\", \"expires\": \"2099-12-31\" }},\n"
            + $"  {{ \"userArn\": \"arn:aws:iam::{Full}:user/healthy-bob\", \"reason\": \"r\", \"approver\": \"a\", \"expires\": \"2099-12-31\" }},\n"
            + $"  {{ \"userArn\": \"arn:aws:iam::{Full}:user/gone\", \"reason\": \"r\", \"approver\": \"a\", \"expires\": \"2099-12-31\" }},\n"
            + $"  {{ \"userArn\": \"arn:aws:iam::{Other}:user/ghost\", \"reason\": \"r\", \"approver\": \"a\", \"expires\": \"2099-12-31\" }},\n"
            + $"  {{ \"accountId\": \"{Denied}\", \"reason\": \"r\", \"approver\": \"a\", \"expires\": \"2099-12-31\" }},\n"
            + "  { \"accessKeyId\": \"AKIANOSUCHKEY0000001\", \"reason\": \"r\", \"approver\": \"a\", \"expires\": \"2099-12-31\" },\n"
            + $"  {{ \"userArn\": \"arn:aws:iam::{Full}:user/alice\", \"reason\": \"old\", \"approver\": \"a\", \"expires\": \"2020-01-31\" }}\n"
            + "]");
        _full = new InMemoryAccount(Full, Now - TimeSpan.FromHours(1))
            .WithUser("alice", Key("AKIAALICE00000000001", 95))
            .WithUser("healthy-bob", Key("AKIABOB0000000000001", 10))
            .WithUser("dave", Key("AKIADAVE000000000001", 95)).WithTag("keyhygiene:exempt", "expires=2026-10-31 reason=old waiver")
            .WithUser("nobody");
        _other = new InMemoryAccount(Other, Now - TimeSpan.FromHours(1))
            .WithUser("carol", Key("AKIACAROL00000000001", 95), Key("AKIACAROL00000000002", 5));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_full_scan_counts_what_it_read_and_warns_about_exemptions_that_matched_no_key()
    {
        var host = await ScanAsync(_full, _other, Unreachable(Denied));

        var summary = Summary(host);
        Assert.Equal(2, summary.AccountsScanned);
        Assert.Equal(new[] { Denied }, summary.FailedAccountIds);
        Assert.Equal(5, summary.KeysRead);
        Assert.Equal(new Dictionary<string, int> { ["Disable"] = 2, ["Exempt"] = 1 }, summary.FindingsByStage);
        Assert.Equal(2, summary.ExemptionsUnused);        // gone, ghost
        Assert.Equal(2, summary.ExemptionsNotChecked);    // the denied account's, the key id's
        Assert.Contains(host.Log.Lines, line => line == "VERBOSE: " + summary);

        var unused = host.Log.WarningLines.Where(w => w.Contains("matched no access key")).ToList();
        Assert.Equal(2, unused.Count);
        Assert.Contains(unused, w => w.StartsWith($"{_exemptions}, line 4: ", StringComparison.Ordinal) && w.Contains($"account {Full}"));
        Assert.Contains(unused, w => w.StartsWith($"{_exemptions}, line 5: ", StringComparison.Ordinal) && w.Contains($"account {Other}"));
    }

    [Fact]
    public async Task A_partial_scan_only_counts_exemptions_for_accounts_it_did_not_read()
    {
        var host = await ScanAsync(_full);

        var summary = Summary(host);
        Assert.Equal((1, 1, 3), (summary.AccountsScanned, summary.ExemptionsUnused, summary.ExemptionsNotChecked));
        var unused = Assert.Single(host.Log.WarningLines, w => w.Contains("matched no access key"));
        Assert.Contains("user/gone", unused);
    }

    [Fact]
    public async Task An_account_with_a_read_error_is_not_read_in_full()
    {
        _full.LastUseUnreadable.Add("AKIABOB0000000000001");
        var host = await ScanAsync(new ScanSettings { Source = KeySource.Live }, _full);

        Assert.Equal((0, 4), (Summary(host).ExemptionsUnused, Summary(host).ExemptionsNotChecked));
        Assert.DoesNotContain(host.Log.WarningLines, w => w.Contains("matched no access key"));
    }

    [Fact]
    public async Task Ended_exemptions_are_warned_when_the_scan_starts_and_an_ended_tag_when_read()
    {
        var host = await ScanAsync(_full);

        Assert.Contains($"{_exemptions}, line 8: the exemption for arn:aws:iam::{Full}:user/alice ended 2020-01-31, end of day UTC; it exempts nothing. Renew it or remove it.",
            host.Log.WarningLines);
        Assert.Contains($"Account {Full}, user dave: the keyhygiene:exempt tag's exemption ended 2026-10-31, end of day UTC; it exempts nothing. Renew the tag or remove it.",
            host.Log.WarningLines);
    }

    [Fact]
    public void An_ended_tag_is_warned_from_the_judge_s_verdicts_not_parsed_again()
    {
        // The user's tags are not on the inventory: only the verdicts say the tag has ended.
        var log = new MemoryLog();
        var tally = new ScanTally(HygienePolicy.Default(), Now, log);
        var user = new UserInventory(new IamUserFacts("erin", $"arn:aws:iam::{Full}:user/erin", "/", null), Array.Empty<AccessKeyFacts>());
        Assert.True(ExemptionTag.TryParse("expires=2026-10-31 reason=old waiver", user.User.Arn, "keyhygiene:exempt", out var ended, out _));

        tally.UserJudged(Full, user, new[] { new KeyVerdict(), new KeyVerdict { TagExemption = ended } });

        Assert.Equal(new[] { $"Account {Full}, user erin: the keyhygiene:exempt tag's exemption ended 2026-10-31, end of day UTC; it exempts nothing. Renew the tag or remove it." },
            log.WarningLines);
    }

    [Fact]
    public async Task The_same_verdicts_live_count_the_same_keys()
    {
        var report = Summary(await ScanAsync(_full, _other));
        var live = Summary(await ScanAsync(new ScanSettings { Source = KeySource.Live }, _full, _other));

        Assert.Equal((report.KeysRead, report.ExemptionsUnused, report.ExemptionsNotChecked), (live.KeysRead, live.ExemptionsUnused, live.ExemptionsNotChecked));
        Assert.Equal(report.FindingsByStage, live.FindingsByStage);
    }

    [Fact]
    public async Task A_scan_of_no_account_warns_that_it_read_nothing()
    {
        var host = await ScanAsync();

        Assert.Equal((0, 0L), (Summary(host).AccountsScanned, Summary(host).KeysRead));
        Assert.Contains(host.Log.WarningLines, w => w.StartsWith("The scan read no account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scan_of_accounts_without_keys_warns_that_it_judged_nothing()
    {
        var host = await ScanAsync(new InMemoryAccount(Other, Now - TimeSpan.FromHours(1)).WithUser("nobody"));

        Assert.Equal((1, 0L), (Summary(host).AccountsScanned, Summary(host).KeysRead));
        Assert.Contains(host.Log.WarningLines, w => w.StartsWith("The scan read 1 account(s) and found no access key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_clean_scan_does_not_warn()
    {
        File.WriteAllText(_exemptions, "[]");
        var host = await ScanAsync(new InMemoryAccount(Other, Now - TimeSpan.FromHours(1)).WithUser("fresh", Key("AKIAFRESH00000000001", 3)));

        Assert.Empty(host.Log.WarningLines);
        Assert.Equal((1, 1L, 0), (Summary(host).AccountsScanned, Summary(host).KeysRead, Summary(host).FindingsByStage.Count));
    }

    private static MemoryKey Key(string id, double ageDays) => new(id, true, Now - TimeSpan.FromDays(ageDays), Now - TimeSpan.FromDays(1));

    private static InMemoryAccount Unreachable(string accountId) => new(accountId, Now);

    private Task<TestHost> ScanAsync(params InMemoryAccount[] accounts) => ScanAsync(new ScanSettings(), accounts);

    private async Task<TestHost> ScanAsync(ScanSettings settings, params InMemoryAccount[] accounts)
    {
        var policy = PolicyService.FromFile(_folder.Write("policy.json", "{}"), _exemptions, null);
        var host = new TestHost();
        IAccountIam IamOf(AccountTarget target) => accounts.Single(a => a.Account.AccountId == target.Account.AccountId) is var account
            && account.Account.AccountId != Denied
                ? account
                : throw new AccountAccessException(ErrorCatalog.AssumeRoleFailed, target.Account.AccountId, "role denied");
        using var scan = new ScanService(host).Start(policy, settings, EngineClock.Fixed(Now), null, new ReportFetcher(), IamOf, CancellationToken.None);
        foreach (var account in accounts)
        {
            scan.Add(HostedScanTests.Target(account.Account));
        }

        scan.CompleteAdding();
        await scan.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        return host;
    }

    private static ScanTotals Summary(TestHost host)
    {
        var record = Assert.Single(host.Information);
        Assert.Equal(new[] { "IamKeyHygiene", "Summary" }, record.Tags);
        return Assert.IsType<ScanTotals>(record.Data);
    }
}
