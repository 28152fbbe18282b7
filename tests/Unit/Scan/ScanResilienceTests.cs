using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Engine.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>How the scan holds up: session expiry mid-scan, concurrent first use, slow and stale reports,
/// a report that cannot be made.</summary>
public sealed class ScanResilienceTests
{
    private const string Member = "222222222201";

    [Fact]
    public async Task A_session_that_expires_mid_scan_is_renewed_and_the_scan_completes()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));
        var at = DateTimeOffset.UtcNow;
        var calm = await kit.ScanAsync(await kit.AccountsAsync(new() { AccountIds = new[] { Member } }), new ScanSettings(), at);

        var target = (await kit.AccountsAsync(new() { AccountIds = new[] { Member } })).Single();
        kit.SetFaults(new FaultConfig { Hold = new HoldFault { Operation = "iam:ListAccessKeys" } });
        var scan = kit.Start(new[] { target }, new ScanSettings(), at);
        await WaitUntil(() => kit.Runtime.Faults.Waiting > 0);
        kit.Runtime.Clock.Advance(2.0 / 24); // the one-hour role session is now expired on the data clock
        kit.Runtime.Faults.Release();
        var outcome = await ScanTestKit.Collect(scan);

        Assert.Empty(outcome.Failures);
        Assert.Equal(calm.Verdicts(), outcome.Verdicts());
        Assert.Equal(2, target.Session.AssumeCount);
    }

    [Fact]
    public async Task Concurrent_first_uses_of_a_session_assume_the_role_once()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));
        var target = (await kit.AccountsAsync(new() { AccountIds = new[] { Member } })).Single();
        var iam = new SessionIam(target.Session);
        kit.Runtime.Calls.Clear();

        var lists = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => iam.ListUsersAsync(CancellationToken.None))));

        Assert.All(lists, users => Assert.Equal(lists[0].Count, users.Count));
        Assert.Equal(1, target.Session.AssumeCount);
        Assert.Equal(1, kit.Host.CallsIn(ScanTestKit.ManagementAccount).GetValueOrDefault("sts:AssumeRole"));
    }

    [Fact]
    public async Task A_report_still_being_generated_is_polled_until_complete()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")), reportGenerationTime: TimeSpan.FromSeconds(1.5));
        var targets = await kit.AccountsAsync(new() { AccountIds = new[] { Member } });
        kit.Runtime.Calls.Clear();

        var outcome = await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.CredentialReport }, DateTimeOffset.UtcNow);

        Assert.Empty(outcome.Failures);
        Assert.Contains(outcome.Findings, f => f.Stage == "Disable");
        Assert.All(outcome.Findings, f => Assert.Equal("CredentialReport", f.Source));
        Assert.True(kit.Host.CallsIn(Member)["iam:GenerateCredentialReport"] >= 2, "polled through STARTED/INPROGRESS");
    }

    [Fact]
    public async Task Auto_reads_live_an_account_whose_report_is_older_than_the_maximum_age()
    {
        var account = Mixed(Member, "member");
        account.CredentialReportAgeHours = 3;
        account.RootAccessKeys.Add(Key(300, 10));
        await using var kit = await ScanTestKit.StartAsync(Organization(account));
        var targets = await kit.AccountsAsync(new() { AccountIds = new[] { Member } });

        var fresh = await kit.ScanAsync(targets, new ScanSettings(), DateTimeOffset.UtcNow);
        var stale = await kit.ScanAsync(targets, new ScanSettings { ReportMaxAge = TimeSpan.FromHours(1) }, DateTimeOffset.UtcNow);

        Assert.All(fresh.Findings, f => Assert.Equal("CredentialReport", f.Source));
        Assert.True(DateTimeOffset.UtcNow - fresh.Findings[0].ReportGeneratedAt > TimeSpan.FromHours(2.9));
        Assert.All(stale.Findings.Where(f => f.Stage != "RootAccessKey"), f => Assert.Equal("Live", f.Source));
        Assert.Single(stale.Findings, f => f.Stage == "RootAccessKey");
        Assert.Single(fresh.Findings, f => f.Stage == "RootAccessKey");
    }

    [Fact]
    public async Task Auto_reads_live_when_the_report_cannot_be_made_and_CredentialReport_fails_the_account()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));
        var targets = await kit.AccountsAsync(new() { AccountIds = new[] { Member } });
        var at = DateTimeOffset.UtcNow;
        var calm = await kit.ScanAsync(targets, new ScanSettings(), at);
        kit.SetFaults(new FaultConfig { Rules = { new FaultRule { Operation = "iam:GenerateCredentialReport", ServerErrorProbability = 1 } } });

        var auto = await kit.ScanAsync(targets, new ScanSettings(), at);
        var reportOnly = await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.CredentialReport }, at);

        Assert.Empty(auto.Failures);
        Assert.All(auto.Findings, f => Assert.Equal("Live", f.Source));
        Assert.Equal(calm.Verdicts(), auto.Verdicts());
        Assert.Contains(kit.Log.WarningLines, l => l.Contains(Member) && l.Contains("live"));
        var failure = Assert.Single(reportOnly.Failures);
        Assert.Equal("AccountScanFailed", failure.ErrorId);
        Assert.Empty(reportOnly.Findings);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
