using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>A whole scan through the engine's host door, without HTTP: in-memory accounts, the one judge, and the
/// test host sink receiving results, a per-account error, log lines and progress.</summary>
public sealed class HostedScanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private const string Readable = "123456789012";
    private const string Unreachable = "210987654321";

    [Fact]
    public async Task A_scan_writes_findings_an_accounts_error_log_lines_and_progress_to_its_host()
    {
        var account = new InMemoryAccount(Readable, Now - TimeSpan.FromHours(1))
            .WithUser("stale", new MemoryKey("AKIASTALE00000000001", true, Now - TimeSpan.FromDays(95), Now - TimeSpan.FromDays(1)))
            .WithUser("fresh", new MemoryKey("AKIAFRESH00000000001", true, Now - TimeSpan.FromDays(3), Now - TimeSpan.FromDays(1)));
        var host = new TestHost();
        IAccountIam IamOf(AccountTarget target) => target.Account.AccountId == Readable
            ? account
            : throw new AccountAccessException(ErrorCatalog.AssumeRoleFailed, target.Account.AccountId, $"Account {target.Account.AccountId}: role denied.");

        using var scan = new ScanService(host).Start(HygienePolicy.Default(), new ScanSettings(), EngineClock.Fixed(Now), null,
            new ReportFetcher(), IamOf, CancellationToken.None);
        scan.Add(Target(account.Account));
        scan.Add(Target(new OrganizationAccount(Unreachable, "unreachable", "", "ACTIVE", "")));
        scan.CompleteAdding();
        await scan.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        var finding = Assert.IsType<KeyFinding>(Assert.Single(host.Results));
        Assert.Equal(("stale", "Disable"), (finding.UserName, finding.Stage));
        var error = Assert.Single(host.Errors);
        Assert.Equal((ErrorCatalog.AssumeRoleFailed.Id, Unreachable, false), (error.ErrorId, error.Target, error.Entry.Terminating));
        Assert.Contains(host.Log.Lines, line => line.StartsWith("VERBOSE: Judging keys as of 2026-11-27T12:00:00Z", StringComparison.Ordinal));
        Assert.Contains($"Account {Readable} done: 1 finding(s).", host.Log.DebugLines);
        Assert.DoesNotContain(host.Log.DebugLines, line => line.Contains(Unreachable));
        Assert.Equal(new ProgressReport(OrganizationScan.Activity, "Accounts scanned: 2 of 2", 100), host.Progress[^1]);
    }

    [Fact]
    public async Task A_scan_of_no_account_ends_its_progress_at_once()
    {
        var host = new TestHost();
        using var scan = new ScanService(host).Start(HygienePolicy.Default(), new ScanSettings(), EngineClock.Fixed(Now), null, CancellationToken.None);

        scan.CompleteAdding();
        await scan.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(host.Results);
        Assert.Equal(new[] { new ProgressReport(OrganizationScan.Activity, "Accounts scanned: 0 of 0", 100) }, host.Progress);
    }

    internal static AccountTarget Target(OrganizationAccount account) => InMemoryAccount.Target(account);
}
