using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>A credential report row that cannot be read costs only its user, who is read live; never the account.
/// Run on an in-memory account (no HTTP).</summary>
public sealed class ReportRowFallbackTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static MemoryKey Stale(string id) => new(id, true, Now - TimeSpan.FromDays(200), Now - TimeSpan.FromDays(150));

    private static InMemoryAccount Account() => new InMemoryAccount("123456789012", Now - TimeSpan.FromHours(1))
        .WithUser("broken", Stale("AKIABROKEN0000000001"))
        .WithUser("plain", Stale("AKIAPLAIN00000000001"))
        .WithUser("healthy", new MemoryKey("AKIAHEALTHY000000001", true, Now - TimeSpan.FromDays(5), Now - TimeSpan.FromDays(1)));

    [Theory]
    [InlineData(KeySource.CredentialReport)]
    [InlineData(KeySource.Auto)]
    public async Task A_row_beyond_repair_sends_only_its_user_live_and_says_so_at_Verbose(KeySource source)
    {
        var account = Account();
        account.RowsBeyondRepair.Add("broken");
        var log = new MemoryLog();

        var findings = await account.ScanAsync(HygienePolicy.Default(), new ScanSettings { Source = source }, Now, log);

        Assert.Equal(new[] { "broken", "plain" }, findings.Select(f => f.UserName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("Live", findings.Single(f => f.UserName == "broken").Source);
        Assert.Equal("CredentialReport", findings.Single(f => f.UserName == "plain").Source);
        Assert.All(findings, f => Assert.NotEqual("ReadError", f.Stage));
        Assert.Contains(log.Lines, l => l.StartsWith("VERBOSE: ", StringComparison.Ordinal) && l.Contains("user broken") && l.Contains("line 3") && l.Contains("live"));
    }

    [Fact]
    public async Task A_row_that_names_no_user_sends_every_user_the_report_does_not_speak_for_live()
    {
        var account = Account();
        account.RowsNamingNoUser.Add("broken");

        var findings = await account.ScanAsync(HygienePolicy.Default(), new ScanSettings { Source = KeySource.CredentialReport }, Now);

        Assert.Equal(1, account.ListUsersCalls);
        Assert.Equal("Live", findings.Single(f => f.UserName == "broken").Source);
        Assert.Equal("CredentialReport", findings.Single(f => f.UserName == "plain").Source);
        Assert.DoesNotContain(findings, f => f.UserName == "healthy");
    }

    [Fact]
    public async Task When_the_user_list_cannot_be_had_either_the_other_findings_stand_and_the_error_names_the_user()
    {
        var account = Account();
        account.RowsBeyondRepair.Add("broken");
        account.ListUsersFails = true;
        var findings = new List<KeyFinding>();

        var error = await Assert.ThrowsAsync<AccountAccessException>(() =>
            account.ScanAsync(HygienePolicy.Default(), new ScanSettings { Source = KeySource.CredentialReport }, Now, findings: findings));

        Assert.Equal("plain", Assert.Single(findings).UserName);
        Assert.Equal(ErrorCatalog.AccountScanFailed.Id, error.ErrorId);
        Assert.Contains("user broken", error.Message);
        Assert.Contains("ListUsers failed", error.Message);
    }

    [Fact]
    public async Task A_readable_report_without_IncludeHealthy_never_lists_users()
    {
        var account = Account();

        var findings = await account.ScanAsync(HygienePolicy.Default(), new ScanSettings { Source = KeySource.CredentialReport }, Now);

        Assert.Equal(2, findings.Count);
        Assert.Equal(0, account.ListUsersCalls);
    }

    [Fact]
    public async Task A_report_that_is_no_credential_report_at_all_is_read_live_under_Auto_and_fails_the_account_under_CredentialReport()
    {
        var account = Account();
        account.HeaderBroken = true;
        var log = new MemoryLog();

        var auto = await account.ScanAsync(HygienePolicy.Default(), new ScanSettings { Source = KeySource.Auto }, Now, log);
        var error = await Assert.ThrowsAsync<AccountAccessException>(() =>
            account.ScanAsync(HygienePolicy.Default(), new ScanSettings { Source = KeySource.CredentialReport }, Now));

        Assert.Equal(new[] { "broken", "plain" }, auto.Select(f => f.UserName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(auto, f => Assert.Equal("Live", f.Source));
        Assert.Contains(log.WarningLines, l => l.Contains("not an IAM credential report header") && l.Contains("reading the account live"));
        Assert.Equal(ErrorCatalog.AccountScanFailed.Id, error.ErrorId);
    }
}
