using System.Text.RegularExpressions;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>
/// The credential report path end to end on the emulator: any legal IAM name and path, quoted or not, and an
/// inventory that covers users deleted, created again or created after a reused report.
/// </summary>
public sealed class ReportInventoryTests
{
    private const string Member = "222222222201";
    private const string Management = ScanTestKit.ManagementAccount;

    [Theory]
    [InlineData(KeySource.Auto, false)]
    [InlineData(KeySource.Auto, true)]
    [InlineData(KeySource.CredentialReport, false)]
    [InlineData(KeySource.CredentialReport, true)]
    public async Task A_user_name_and_path_with_commas_hide_no_key(KeySource source, bool reportQuotesCommas)
    {
        var scenario = Organization(Account(Member, "commas",
            User("a=b,c_d-e", Key(200, 150)),
            User("plain", Key(120, 100)),
            User("x+y,z@w.e", Key(300, 250)).InPath("/team,x/"),
            User("young", Key(5, 1))));
        scenario.Settings.CredentialReportQuotesCommas = reportQuotesCommas;
        await using var kit = await ScanTestKit.StartAsync(scenario);
        var targets = (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Member).ToList();

        var outcome = await kit.ScanAsync(targets, new ScanSettings { Source = source }, DateTimeOffset.UtcNow);

        Assert.Empty(outcome.Failures);
        Assert.Equal(new[] { "a=b,c_d-e", "plain", "x+y,z@w.e" }, outcome.Findings.Select(f => f.UserName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(outcome.Findings, f => Assert.Equal("CredentialReport", f.Source));
        Assert.All(outcome.Findings, f => Assert.StartsWith("AKIA", f.AccessKeyId, StringComparison.Ordinal));
        Assert.Equal("/team,x/", outcome.Findings.Single(f => f.UserName == "x+y,z@w.e").UserPath);
        Assert.Equal($"arn:aws:iam::{Member}:user/a=b,c_d-e", outcome.Findings.Single(f => f.UserName == "a=b,c_d-e").UserArn);
    }

    [Fact]
    public async Task With_IncludeHealthy_a_reused_report_is_completed_by_a_key_created_after_it()
    {
        var (kit, newKeys, outcome) = await ScanAfterChangesAsync(includeHealthy: true);
        await using var owned = kit;

        Assert.Empty(outcome.Failures);
        var newbie = outcome.Findings.Single(f => f.UserName == "newbie");
        Assert.Equal(newKeys["newbie"], newbie.AccessKeyId);
        Assert.Equal("Live", newbie.Source);
        Assert.Equal("Disable", outcome.Findings.Single(f => f.UserName == "dave").Stage);
        Assert.All(outcome.Findings, f => Assert.NotNull(f.ReportGeneratedAt));
        Assert.Equal(1, kit.Host.CallsIn(Management)["iam:ListUsers"]);
    }

    [Fact]
    public async Task A_user_deleted_and_created_again_after_the_report_is_read_live_as_it_is_now()
    {
        var (kit, newKeys, outcome) = await ScanAfterChangesAsync(includeHealthy: true);
        await using var owned = kit;

        Assert.Empty(outcome.Failures);
        var carol = Assert.Single(outcome.Findings, f => f.UserName == "carol");
        Assert.Equal(newKeys["carol"], carol.AccessKeyId);
        Assert.Equal("/contractors/", carol.UserPath);
        Assert.Equal($"arn:aws:iam::{Management}:user/contractors/carol", carol.UserArn);
        Assert.Equal("Live", carol.Source);
        Assert.Contains(kit.Log.Lines, l => l.StartsWith("VERBOSE: ", StringComparison.Ordinal) && l.Contains("user carol was deleted and created again"));
    }

    [Fact]
    public async Task A_user_created_again_counts_its_keys_once_in_the_summary()
    {
        await using var kit = await StartWithReusedReportAsync();
        await RecreateCarolAndAddNewbieAsync(kit);
        var started = kit.Start(await ManagementTargetAsync(kit), new ScanSettings { Source = KeySource.Auto, IncludeHealthy = true }, DateTimeOffset.UtcNow);
        var outcome = await ScanTestKit.Collect(started);

        // With -IncludeHealthy every key read is one finding: carol's old row and her new key are not both counted.
        Assert.Empty(outcome.Failures);
        var summary = Assert.IsType<IamKeyHygiene.Engine.Scan.ScanTotals>(Assert.Single(started.Host.Information).Data);
        Assert.Equal(outcome.Findings.Count, summary.KeysRead);
    }

    [Fact]
    public async Task Without_IncludeHealthy_a_reused_report_lists_no_users_and_still_finds_the_stale_key()
    {
        var (kit, _, outcome) = await ScanAfterChangesAsync(includeHealthy: false);
        await using var owned = kit;

        Assert.Empty(outcome.Failures);
        Assert.Equal("dave", Assert.Single(outcome.Findings).UserName);
        Assert.False(kit.Host.CallsIn(Management).ContainsKey("iam:ListUsers"));
    }

    /// <summary>Changes the management account after its report (<see cref="RecreateCarolAndAddNewbieAsync"/>), then scans it under Auto.</summary>
    private static async Task<(ScanTestKit Kit, Dictionary<string, string> NewKeys, ScanOutcome Outcome)> ScanAfterChangesAsync(bool includeHealthy)
    {
        var kit = await StartWithReusedReportAsync();
        var newKeys = await RecreateCarolAndAddNewbieAsync(kit);
        var target = await ManagementTargetAsync(kit);
        kit.Runtime.Calls.Clear();
        var outcome = await kit.ScanAsync(target, new ScanSettings { Source = KeySource.Auto, IncludeHealthy = includeHealthy }, DateTimeOffset.UtcNow);
        return (kit, newKeys, outcome);
    }

    /// <summary>The management account (the emulator admin's) has carol and dave with stale keys, and a report an hour old.</summary>
    private static async Task<ScanTestKit> StartWithReusedReportAsync()
    {
        var scenario = Organization();
        var management = scenario.Accounts.Single(a => a.Id == Management);
        management.Users.Add(User("carol", new KeySpec { AccessKeyId = "AKIACAROLOLDKEY00001", AgeDays = 200, LastUsedDaysAgo = 150 }));
        management.Users.Add(User("dave", Key(95, 94)));
        management.CredentialReportAgeHours = 1;
        return await ScanTestKit.StartAsync(scenario);
    }

    /// <summary>After the report: carol deleted and created again under /contractors/ with a new key, and newbie created with one.</summary>
    private static async Task<Dictionary<string, string>> RecreateCarolAndAddNewbieAsync(ScanTestKit kit)
    {
        await IamAsync(kit, "Action=DeleteAccessKey&UserName=carol&AccessKeyId=AKIACAROLOLDKEY00001");
        await IamAsync(kit, "Action=DeleteUser&UserName=carol");
        await IamAsync(kit, "Action=CreateUser&UserName=carol&Path=%2Fcontractors%2F");
        await IamAsync(kit, "Action=CreateUser&UserName=newbie");
        var keys = new Dictionary<string, string>();
        foreach (var user in new[] { "carol", "newbie" })
        {
            var created = await IamAsync(kit, $"Action=CreateAccessKey&UserName={user}");
            keys[user] = Regex.Match(created, "<AccessKeyId>(.*)</AccessKeyId>").Groups[1].Value;
        }

        return keys;
    }

    private static async Task<string> IamAsync(ScanTestKit kit, string form)
    {
        var (status, body) = await kit.Host.QueryAsync(kit.Host.Admin(), "iam", form + "&Version=2010-05-08");
        Assert.True(status == 200, $"{form}: {status} {body}");
        return body;
    }

    private static async Task<List<AccountTarget>> ManagementTargetAsync(ScanTestKit kit)
        => (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Management).ToList();
}
