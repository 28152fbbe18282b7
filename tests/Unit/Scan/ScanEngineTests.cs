using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>The organization scan end to end: real clients, real HTTP, the in-process emulator.</summary>
public sealed class ScanEngineTests
{
    private const string Member = "222222222201";

    [Fact]
    public async Task Report_and_live_paths_give_the_same_verdicts_on_a_mixed_account()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "mixed").Under("Workloads/Prod")));
        var targets = (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Member).ToList();
        var at = DateTimeOffset.UtcNow;

        var report = await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.CredentialReport, IncludeHealthy = true }, at);
        var live = await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.Live, IncludeHealthy = true }, at);

        Assert.Empty(report.Failures);
        Assert.Empty(live.Failures);
        Assert.All(report.Findings, f => Assert.Equal("CredentialReport", f.Source));
        Assert.All(live.Findings, f => Assert.Equal("Live", f.Source));
        Assert.Equal(live.Verdicts(), report.Verdicts());

        var byUser = report.Findings.ToLookup(f => f.UserName);
        Assert.Equal("Healthy", byUser["young"].Single().Stage);
        Assert.Equal("Healthy", byUser["warn-79"].Single().Stage);
        Assert.Equal("Warn", byUser["warn-80"].Single().Stage);
        Assert.Equal("warn@example.com", byUser["warn-80"].Single().Owner?.Email);
        Assert.Equal("Warn", byUser["disable-89"].Single().Stage);
        Assert.Equal("Disable", byUser["disable-90"].Single().Stage);
        Assert.Contains("TooOld", byUser["disable-90"].Single().Reasons);
        Assert.Equal("Warn", byUser["never-used-46"].Single().Stage);
        Assert.Contains("NeverUsed", byUser["never-used-46"].Single().Reasons);
        Assert.Equal("Healthy", byUser["never-used-44"].Single().Stage);
        Assert.Equal("Exempt", byUser["exempt-by-tag"].Single().Stage);
        Assert.Equal("Disable", byUser["exempt-by-tag"].Single().ExemptFromStage);
        Assert.Equal("ops@example.com", byUser["ops@example.com"].Single().Owner?.Email);
        Assert.Equal("U0TEST0001", byUser["unused-60"].Single().Owner?.SlackId);
        Assert.All(byUser["two-keys"], f => Assert.Contains("SecondActiveKey", f.Reasons));
        Assert.Equal(2, byUser["two-keys"].Count());
        Assert.Empty(byUser["no-keys"]);
        Assert.All(report.Findings, f => Assert.StartsWith("AKIA", f.AccessKeyId));
        Assert.Equal("Root/Workloads/Prod", targets[0].Account.OrganizationalUnitPath);
    }

    [Fact]
    public async Task Findings_only_by_default_and_the_report_path_reads_keys_of_flagged_users_only()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "mixed")));
        var targets = (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Member).ToList();
        kit.Runtime.Calls.Clear();

        var outcome = await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.CredentialReport }, DateTimeOffset.UtcNow);

        Assert.DoesNotContain(outcome.Findings, f => f.Stage == "Healthy");
        Assert.Contains(outcome.Findings, f => f.Stage == "Disable");
        var calls = kit.Host.CallsIn(Member);
        Assert.False(calls.ContainsKey("iam:ListUsers"), "the report path never lists users");
        Assert.False(calls.ContainsKey("iam:GetAccessKeyLastUsed"), "matched report slots give last use");
        // young, warn-79 and never-used-44 are cleared by triage: no ListAccessKeys for them.
        var flaggedUsers = outcome.Findings.Select(f => f.UserName).Distinct().Count();
        Assert.True(calls["iam:ListAccessKeys"] <= flaggedUsers + 2, $"ListAccessKeys {calls["iam:ListAccessKeys"]} for {flaggedUsers} users with findings");
    }

    [Fact]
    public async Task A_clean_account_costs_at_most_six_calls()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(
            Account(Member, "clean", Enumerable.Range(1, 120).Select(i => User($"user-{i:000}", Key(i % 40 + 1, 0.5))).ToArray())));
        var targets = (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Member).ToList();
        kit.Runtime.Calls.Clear();

        var outcome = await kit.ScanAsync(targets, new ScanSettings(), DateTimeOffset.UtcNow);

        Assert.Empty(outcome.Findings);
        Assert.Empty(outcome.Failures);
        var calls = kit.Host.CallsIn(Member);
        Assert.True(calls.Values.Sum() <= 6, "calls in the clean account: " + string.Join(", ", calls.Select(c => $"{c.Key}={c.Value}")));
    }

    [Fact]
    public async Task A_denied_account_is_an_error_naming_it_while_the_others_complete()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(
            Mixed("222222222201", "first"), Mixed("222222222202", "denied"), Mixed("222222222203", "third")));
        kit.SetFaults(new FaultConfig { DenyAssumeRoleInto = { "222222222202" } });
        var targets = await kit.AccountsAsync();

        var outcome = await kit.ScanAsync(targets, new ScanSettings(), DateTimeOffset.UtcNow);

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("222222222202", failure.AccountId);
        Assert.Equal(ErrorCatalog.AssumeRoleFailed.Id, failure.ErrorId);
        Assert.Contains("222222222202", failure.Error!.Message);
        Assert.Contains(outcome.Findings, f => f.AccountId == "222222222201");
        Assert.Contains(outcome.Findings, f => f.AccountId == "222222222203");
        Assert.DoesNotContain(outcome.Findings, f => f.AccountId == "222222222202");
        Assert.Contains(ScanTestKit.ManagementAccount, outcome.Completed);
    }

    [Fact]
    public async Task Thirty_percent_throttling_gives_exactly_the_same_findings()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed("222222222201", "first"), Mixed("222222222202", "second")));
        var at = DateTimeOffset.UtcNow;
        var calm = await kit.ScanAsync(await kit.AccountsAsync(), new ScanSettings(), at);

        kit.SetFaults(new FaultConfig { Seed = 42, Rules = { new FaultRule { ThrottleProbability = 0.3 } } });
        var throttled = await kit.ScanAsync(await kit.AccountsAsync(), new ScanSettings(), at);

        Assert.Empty(throttled.Failures);
        Assert.NotEmpty(calm.Findings);
        Assert.Equal(calm.Verdicts(), throttled.Verdicts());
        var injected = System.Text.Json.JsonSerializer.Serialize(kit.Runtime.Faults.Counts());
        Assert.Contains("hrottl", injected, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_expired_role_session_is_renewed_and_the_call_retried()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));
        var target = (await kit.AccountsAsync()).Single(t => t.Account.AccountId == Member);
        var iam = new SessionIam(target.Session);

        var before = await iam.ListUsersAsync(CancellationToken.None);
        Assert.Equal(1, target.Session.AssumeCount);
        kit.Runtime.Clock.Advance(2.0 / 24); // two hours on the data clock: the one-hour session has expired
        var after = await iam.ListUsersAsync(CancellationToken.None);

        Assert.Equal(before.Count, after.Count);
        Assert.Equal(2, target.Session.AssumeCount);
    }

    [Fact]
    public async Task The_callers_own_account_is_read_with_its_own_credentials()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));
        var targets = await kit.AccountsAsync();
        var own = targets.Single(t => t.Account.AccountId == ScanTestKit.ManagementAccount);

        var outcome = await kit.ScanAsync(new[] { own }, new ScanSettings { IncludeHealthy = true }, DateTimeOffset.UtcNow);

        Assert.True(own.Session.UsesCallerCredentials);
        Assert.Null(own.Session.RoleArn);
        Assert.Equal(0, own.Session.AssumeCount);
        Assert.Contains(outcome.Findings, f => f.UserName == "admin-tools");
    }

    [Fact]
    public async Task A_role_that_requires_an_external_id_is_assumed_only_with_it()
    {
        var account = Mixed(Member, "partner");
        account.Roles[0].ExternalId = "ext-12345";
        await using var kit = await ScanTestKit.StartAsync(Organization(account));
        var selection = new AccountSelection { AccountIds = new[] { Member } };
        var without = await kit.AccountsAsync(selection);
        var with = await new OrganizationService(kit.Connection, kit.Sink).ListAccountsAsync(selection,
            new RoleSessionOptions(ScanTestKit.RoleName) { ExternalId = "ext-12345", RoleSessionName = "audit-run", DurationSeconds = 900 },
            CancellationToken.None);

        var denied = await kit.ScanAsync(without, new ScanSettings(), DateTimeOffset.UtcNow);
        var allowed = await kit.ScanAsync(with, new ScanSettings(), DateTimeOffset.UtcNow);

        Assert.Equal(ErrorCatalog.AssumeRoleFailed.Id, Assert.Single(denied.Failures).ErrorId);
        Assert.Empty(allowed.Failures);
        Assert.NotEmpty(allowed.Findings);
    }

    [Fact]
    public async Task Without_a_role_other_accounts_fail_by_name_and_the_callers_own_is_read()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));
        var targets = await kit.AccountsAsync(roleName: null);

        var outcome = await kit.ScanAsync(targets, new ScanSettings { IncludeHealthy = true }, DateTimeOffset.UtcNow);

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal(Member, failure.AccountId);
        Assert.Contains("-RoleName", failure.Error!.Message);
        Assert.Contains(outcome.Findings, f => f.AccountId == ScanTestKit.ManagementAccount);
    }
}
