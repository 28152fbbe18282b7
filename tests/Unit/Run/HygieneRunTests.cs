using System.Net;
using System.Text.Json;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Run;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Tests.Unit.Actions;
using IamKeyHygiene.Tests.Unit.Notices;
using IamKeyHygiene.Tests.Unit.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Run;

/// <summary>Invoke-KeyHygiene's engine end to end on the emulator over HTTP: the modes, the breaker's percent rule, the
/// failed account, the run history's per-account line and the SMTP credential's key as the module's own.</summary>
public sealed class HygieneRunTests
{
    private const string Member = KeyActionRunTests.Member;
    private const string NoRole = "222222222202";

    [Theory]
    [InlineData(RunMode.Audit)]
    [InlineData(RunMode.Notify)]
    public async Task Audit_and_Notify_change_nothing_yet_re_read_every_key_an_action_would_change(RunMode mode)
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member",
            User("stale", Key(95, 1)).Tagged("owner", "stale@example.com"), User("warn", Key(82, 1)), User("fresh", Key(3, 1)))));
        var plainScan = await ListAccessKeysOfAPlainScanAsync(kit);

        var (result, host, audit) = await RunAsync(kit, mode, webhook: true);

        Assert.Equal("Active", KeyActionRunTests.KeyIn(kit, "stale").Status);
        Assert.Equal(1, result.History.Outcomes[nameof(KeyActionOutcome.WhatIf)]);
        Assert.DoesNotContain(nameof(KeyActionOutcome.Done), result.History.Outcomes.Keys);
        // The live re-read before a change (ListAccessKeys of the user) is made on top of the scan's reads.
        Assert.True(kit.Host.CallsIn(Member)["iam:ListAccessKeys"] > plainScan,
            $"ListAccessKeys {kit.Host.CallsIn(Member)["iam:ListAccessKeys"]} in the run, {plainScan} in a plain scan");
        Assert.DoesNotContain(kit.Host.CallsIn(Member).Keys, operation => operation is "iam:UpdateAccessKey" or "iam:DeleteAccessKey" or "iam:TagUser");
        Assert.Contains(audit.Lines, l => l.UserName == "stale" && l.Outcome == nameof(KeyActionOutcome.WhatIf));
        var webhookCalls = Calls(kit, "webhook:generic");
        if (mode == RunMode.Audit)
        {
            Assert.Equal(0, webhookCalls);
            Assert.Equal(0, result.History.Notices!.GetValueOrDefault("Sent"));
            Assert.True(result.History.Notices!["WhatIf"] > 0);
        }
        else
        {
            Assert.True(webhookCalls > 0);
            Assert.Equal(webhookCalls, result.History.Notices!["Sent"]);
        }

        // Audit asks nothing (the -WhatIf path without its prompts); Notify's mode is the consent to send.
        Assert.Empty(host.Questions);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task Enforce_disables_by_rule_writes_intent_and_outcome_lines_and_a_history_line_per_account()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(
            Account(Member, "member", User("stale", Key(95, 1)), User("warn", Key(82, 1))),
            WithoutRoles(Account(NoRole, "no-role", User("other", Key(95, 1))))));
        var historyPath = Path.Combine(Path.GetTempPath(), $"ikh-history-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var history = RunHistory.Open(historyPath, AuditLogConnection.None))
            {
                var (result, _, audit) = await RunAsync(kit, RunMode.Enforce, history: history);

                Assert.Equal("Inactive", KeyActionRunTests.KeyIn(kit, "stale").Status);
                Assert.Equal(new[] { "intent:", "outcome:Done" }, audit.Lines.Where(l => l.UserName == "stale").Select(l => l.Phase + ":" + l.Outcome));
                Assert.Equal(1, result.AccountsFailed);
            }

            var line = Assert.Single(await RunHistory.ReadAllAsync(historyPath, AuditLogConnection.None, CancellationToken.None));
            Assert.Equal("Enforce", line.Mode);
            var member = Assert.Single(line.Accounts, a => a.AccountId == Member);
            Assert.Equal((1, 1), (member.Stages["Disable"], member.Stages["Warn"]));
            Assert.Equal((1, 1), (member.Outcomes["Done"], member.Outcomes["Skipped"]));
            Assert.Null(member.Error);
            var failed = Assert.Single(line.Accounts, a => a.AccountId == NoRole);
            Assert.Equal(ErrorCatalog.AssumeRoleFailed.Id, failed.Error!.ErrorId);
            Assert.Empty(failed.Stages);
            Assert.Contains(line.Errors, e => e.AccountId == NoRole && e.ErrorId == ErrorCatalog.AssumeRoleFailed.Id);
            // The JSON line keeps the format earlier readers know, with the new members beside them.
            var json = JsonDocument.Parse(File.ReadAllLines(historyPath).Single()).RootElement;
            Assert.All(new[] { "runId", "start", "end", "stages", "outcomes", "errors", "accounts", "mode" }, name => Assert.True(json.TryGetProperty(name, out _), name));
        }
        finally
        {
            File.Delete(historyPath);
        }
    }

    [Theory]
    [InlineData(49, false)]
    [InlineData(50, true)]
    public async Task The_percent_rule_trips_once_50_active_keys_were_inventoried(int activeKeys, bool trips)
    {
        // 6 stale keys: under the per-run cap (25), over 10 % of 50 (5).
        var users = Enumerable.Range(1, 6).Select(i => User($"stale-{i}", Key(95, 1)))
            .Concat(Enumerable.Range(1, activeKeys - 6).Select(i => User($"fresh-{i}", Key(3, 1)))).ToArray();
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", users)));

        var (result, host, _) = await RunAsync(kit, RunMode.Enforce);

        Assert.Equal(activeKeys, result.ActiveKeys);
        var stale = Enumerable.Range(1, 6).Select(i => KeyActionRunTests.KeyIn(kit, $"stale-{i}").Status).Distinct();
        if (trips)
        {
            Assert.True(result.BreakerStoppedRun);
            Assert.Equal(new[] { "Active" }, stale);
            Assert.Equal((6, 5, 50), (result.Breaker!.WouldDisable, result.Breaker.MaxDisableByPercent!.Value, result.Breaker.ActiveKeys!.Value));
            Assert.True(result.History.Breaker!.Enforced);
            Assert.Contains(host.Log.Lines, l => l.Contains("10 % of the 50 active keys", StringComparison.Ordinal));
        }
        else
        {
            Assert.False(result.BreakerStoppedRun);
            Assert.Null(result.Breaker);
            Assert.Equal(new[] { "Inactive" }, stale);
        }
    }

    [Fact]
    public async Task A_breaker_trip_in_Audit_is_reported_as_BreakerWouldTrip_and_the_run_goes_on()
    {
        var users = Enumerable.Range(1, 6).Select(i => User($"stale-{i}", Key(95, 1)))
            .Concat(Enumerable.Range(1, 44).Select(i => User($"fresh-{i}", Key(3, 1)))).ToArray();
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", users)));

        var (result, _, audit) = await RunAsync(kit, RunMode.Audit);

        Assert.False(result.BreakerStoppedRun);
        Assert.Equal(6, result.Breaker!.WouldDisable);
        Assert.False(result.History.Breaker!.Enforced);
        Assert.Equal(6, audit.Lines.Count(l => l.Outcome == nameof(KeyActionOutcome.WhatIf) && l.Reason == ActionReasons.BreakerWouldTrip));
    }

    [Fact]
    public async Task The_key_behind_the_SMTP_credential_is_the_modules_own_and_never_acted_on()
    {
        var smtpKey = new KeySpec { AgeDays = 95, LastUsedDaysAgo = 1, AccessKeyId = "AKIASMTPCREDENTIAL01", SecretAccessKey = "smtp-key-secret-for-tests-00000000000001" };
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("ses-smtp", smtpKey), User("stale", Key(95, 1)))));
        var smtp = new NoticeChannelSettings
        {
            // Nothing is sent (no SMTP server, Audit would not send either): the credential alone names the key.
            SmtpCredential = new NetworkCredential("AKIASMTPCREDENTIAL01", "derived-smtp-password"),
        };

        var (result, _, audit) = await RunAsync(kit, RunMode.Enforce, notices: smtp);

        var line = Assert.Single(audit.Lines, l => l.AccessKeyId == "AKIASMTPCREDENTIAL01");
        Assert.Equal((nameof(KeyActionOutcome.Blocked), ActionReasons.ModuleOwnKey), (line.Outcome, line.Reason));
        Assert.Equal("Active", kit.Runtime.World.State.Accounts[Member].Users["ses-smtp"].Keys.Single().Status);
        Assert.Equal("Inactive", KeyActionRunTests.KeyIn(kit, "stale").Status);
        Assert.Equal(1, result.History.Outcomes[nameof(KeyActionOutcome.Blocked)]);
    }

    [Theory]
    [InlineData("AKIASMTPCREDENTIAL01", true)]
    [InlineData("smtp-user@example.com", false)]
    public void Only_an_SMTP_user_name_that_is_an_access_key_id_names_a_module_key(string userName, bool isKey)
        => Assert.Equal(isKey, HygieneRunService.SmtpKeyIds(new NoticeChannelSettings { SmtpCredential = new NetworkCredential(userName, "pw") }).Any());

    private static AccountSpec WithoutRoles(AccountSpec account)
    {
        account.Roles.Clear();
        return account;
    }

    private static async Task<(HygieneRunResult Result, TestHost Host, MemoryAuditLog Audit)> RunAsync(ScanTestKit kit, RunMode mode,
        bool webhook = false, IRunHistoryWriter? history = null, NoticeChannelSettings? notices = null)
    {
        var host = new TestHost { Answer = (_, _) => true };
        var audit = new MemoryAuditLog();
        var policy = HygienePolicy.Default();
        var request = new HygieneRunRequest(policy, EngineClock.Wall, audit)
        {
            Mode = mode,
            Selection = new AccountSelection { AccountIds = kit.Runtime.World.State.Accounts.Keys.Where(id => id != ScanTestKit.ManagementAccount).ToList() },
            Roles = new RoleSessionOptions(ScanTestKit.RoleName),
            Scan = new ScanSettings { Source = KeySource.Live },
            Notices = notices ?? (webhook ? new NoticeChannelSettings { WebhookUrl = new Uri(kit.Host.Url + "/webhooks/generic/run-tests"), FallbackChannel = "ops" } : null),
            Templates = NoticeTestData.Templates(),
            History = history,
        };
        var result = await new HygieneRunService(kit.Connection, host).RunAsync(request, CancellationToken.None);
        return (result, host, audit);
    }

    private static async Task<int> ListAccessKeysOfAPlainScanAsync(ScanTestKit kit)
    {
        var targets = (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Member).ToList();
        await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.Live }, DateTimeOffset.UtcNow);
        var calls = kit.Host.CallsIn(Member)["iam:ListAccessKeys"];
        kit.Runtime.Calls.Clear();
        return calls;
    }

    private static int Calls(ScanTestKit kit, string operation)
    {
        var snapshot = JsonSerializer.SerializeToElement(kit.Runtime.Calls.Snapshot());
        return snapshot.GetProperty("byOperation").TryGetProperty(operation, out var count) ? count.GetInt32() : 0;
    }
}
