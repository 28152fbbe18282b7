using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Tests.Unit.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Actions;

/// <summary>The action engine end to end on the emulator over HTTP: findings from a real scan, the run's rails, the live
/// re-judge, and the emulator's end state read key by key from its own state.</summary>
public sealed class KeyActionRunTests
{
    internal const string Member = "222222222201";

    [Fact]
    public async Task Disable_sets_only_Disable_keys_Inactive_tags_them_and_audits_intent_then_outcome()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member",
            User("stale", Key(95, 1)), User("warn", Key(82, 1)), User("fresh", Key(3, 1)))));
        var (findings, targets) = await ScanAsync(kit);
        var audit = new MemoryAuditLog();

        var host = await RunAsync(kit, KeyAction.Disable, findings, targets, audit);

        var results = host.Results.Cast<KeyActionRecord>().ToDictionary(r => r.UserName);
        Assert.Equal((KeyActionOutcome.Done, ActionNames.Disable), (results["stale"].Outcome, results["stale"].Action));
        Assert.Contains("Restore-AccessKey", results["stale"].Message);
        Assert.Equal("Delete", results["stale"].NextStage);
        Assert.Equal((KeyActionOutcome.Skipped, "Warn"), (results["warn"].Outcome, results["warn"].Reason));
        Assert.Equal("Inactive", KeyIn(kit, "stale").Status);
        Assert.Equal("Active", KeyIn(kit, "warn").Status);
        Assert.StartsWith("disabled=", TagOf(kit, "stale"));
        var staleLines = audit.Lines.Where(l => l.UserName == "stale").Select(l => l.Phase + ":" + l.Outcome).ToList();
        Assert.Equal(new[] { "intent:", "outcome:Done" }, staleLines);
        Assert.Equal(new[] { "outcome:Skipped" }, audit.Lines.Where(l => l.UserName == "warn").Select(l => l.Phase + ":" + l.Outcome));
    }

    [Fact]
    public async Task Disable_leaves_a_key_whose_rule_rotates_to_the_rotation_cmdlet_Skipped_RotationManaged()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("rotor", Key(95, 1)))));
        var rotate = new PolicyParameters { Action = PolicyAction.Rotate }.Build();
        var (findings, targets) = await ScanAsync(kit, rotate);
        Assert.Equal("Rotate", Assert.Single(findings).Stage);

        var host = await RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog(), policy: rotate);

        var result = Assert.Single(host.Results.Cast<KeyActionRecord>());
        Assert.Equal((KeyActionOutcome.Skipped, ActionReasons.RotationManaged), (result.Outcome, result.Reason));
        Assert.Equal("Active", KeyIn(kit, "rotor").Status);
    }

    [Fact]
    public async Task A_refused_disable_leaves_the_key_Active_and_its_tag_as_it_was()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("stale", Key(95, 1)))));
        var (findings, targets) = await ScanAsync(kit);
        var faults = new FaultConfig();
        faults.DenyActions.Add(new ActionDenial { Action = "iam:UpdateAccessKey", AccountId = Member, RoleName = ScanTestKit.RoleName });
        kit.SetFaults(faults);

        var host = await RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog());

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal(KeyActionOutcome.Failed, result.Outcome);
        Assert.Equal("Active", KeyIn(kit, "stale").Status);
        // The tag is written before UpdateAccessKey (so a run stopped between the two leaves no untagged Inactive key)
        // and taken back when the change is refused.
        Assert.DoesNotContain(kit.Runtime.World.State.Accounts[Member].Users["stale"].Tags, t => t.Key.StartsWith("keyhygiene:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, KeyActionOutcome.Skipped, ActionReasons.UsedSinceScan)]
    [InlineData(6, KeyActionOutcome.Done, "")]
    public async Task A_key_used_between_scan_and_action_is_skipped_when_IAM_shows_the_use_and_disabled_while_the_use_lags(
        int lagHours, KeyActionOutcome outcome, string reason)
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("idle", Key(200, 100)))));
        var policy = UnusedOnly();
        var (findings, targets) = await ScanAsync(kit, policy);
        Assert.Equal("Disable", Assert.Single(findings).Stage);
        kit.Runtime.World.State.Settings.LastUseLag = TimeSpan.FromHours(lagHours);
        await UseKeyAsync(kit, KeyIn(kit, "idle"));

        var host = await RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog(), policy: policy);

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal((outcome, reason), (result.Outcome, result.Reason));
        Assert.Equal(lagHours == 0 ? "Active" : "Inactive", KeyIn(kit, "idle").Status);
        if (outcome == KeyActionOutcome.Done) Assert.Contains("Restore-AccessKey", result.Message);
    }

    [Fact]
    public async Task A_user_at_the_50_tag_quota_is_still_disabled_with_reason_TagQuotaFull_and_the_audit_line_as_record()
    {
        var full = User("full", Key(95, 1));
        for (var i = 0; i < 50; i++) full = full.Tagged($"team-{i:00}", "x");
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", full)));
        var (findings, targets) = await ScanAsync(kit);
        var audit = new MemoryAuditLog();

        var host = await RunAsync(kit, KeyAction.Disable, findings, targets, audit);

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal((KeyActionOutcome.Done, ActionReasons.TagQuotaFull), (result.Outcome, result.Reason));
        Assert.Equal("Inactive", KeyIn(kit, "full").Status);
        Assert.Equal(50, kit.Runtime.World.State.Accounts[Member].Users["full"].Tags.Count);
        Assert.Contains(audit.Lines, l => l.Phase == AuditRecord.OutcomePhase && l.Outcome == "Done" && l.Reason == ActionReasons.TagQuotaFull);
    }

    [Fact]
    public async Task Remove_never_deletes_an_Active_key_whatever_the_finding_says()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("active", Key(200, 100)))));
        var (findings, targets) = await ScanAsync(kit);
        findings[0].Stage = "Delete"; // an edited CSV

        var host = await RunAsync(kit, KeyAction.Remove, findings, targets, new MemoryAuditLog());

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal((KeyActionOutcome.Blocked, ActionReasons.KeyActive), (result.Outcome, result.Reason));
        Assert.Single(kit.Runtime.World.State.Accounts[Member].Users["active"].Keys);
    }

    [Fact]
    public async Task Remove_tags_an_untagged_Inactive_key_seen_inactive_and_defers()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("old", Key(200, 190, "Inactive")))));
        var (findings, targets) = await ScanAsync(kit);

        var host = await RunAsync(kit, KeyAction.Remove, findings, targets, new MemoryAuditLog());

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal((KeyActionOutcome.Deferred, ActionNames.TagSeenInactive), (result.Outcome, result.Action));
        Assert.StartsWith("seen-inactive=", TagOf(kit, "old"));
        Assert.Single(kit.Runtime.World.State.Accounts[Member].Users["old"].Keys);
    }

    [Fact]
    public async Task Previews_other_policies_and_the_modules_own_key_are_never_acted_on()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member",
            User("preview", Key(95, 1)), User("other-policy", Key(95, 1)), User("own", Key(95, 1)))));
        var (findings, targets) = await ScanAsync(kit);
        findings.Single(f => f.UserName == "preview").IsPreview = true;
        findings.Single(f => f.UserName == "other-policy").PolicyHash = "0000";
        var own = findings.Single(f => f.UserName == "own");

        var host = await RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog(), ownKey: own.AccessKeyId);

        var reasons = host.Results.Cast<KeyActionRecord>().ToDictionary(r => r.UserName, r => (r.Outcome, r.Reason));
        Assert.Equal((KeyActionOutcome.Skipped, ActionReasons.PreviewFinding), reasons["preview"]);
        Assert.Equal((KeyActionOutcome.Skipped, ActionReasons.PolicyChanged), reasons["other-policy"]);
        Assert.Equal((KeyActionOutcome.Blocked, ActionReasons.ModuleOwnKey), reasons["own"]);
        Assert.All(new[] { "preview", "other-policy", "own" }, user => Assert.Equal("Active", KeyIn(kit, user).Status));
    }

    [Fact]
    public async Task The_circuit_breaker_stops_before_any_change_and_an_explicit_override_lets_the_run_go()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member",
            Enumerable.Range(1, 3).Select(i => User($"stale-{i}", Key(95, 1))).ToArray())));
        var (findings, targets) = await ScanAsync(kit);
        var policy = new PolicyParameters { MaxDisablePerRun = 2 }.Build();
        findings.ForEach(f => f.PolicyHash = policy.Hash);

        var trip = await Assert.ThrowsAsync<EngineException>(() => RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog(), policy: policy));
        Assert.Equal(ErrorCatalog.CircuitBreakerTripped.Id, trip.ErrorId);
        Assert.Contains("3 keys to disable, more than 2", trip.Message);
        Assert.All(findings, f => Assert.Equal("Active", KeyIn(kit, f.UserName).Status));

        var whatIf = await RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog(), policy: policy, whatIf: true);
        Assert.All(whatIf.Results.Cast<KeyActionRecord>(), r => Assert.Equal((KeyActionOutcome.WhatIf, ActionReasons.BreakerWouldTrip), (r.Outcome, r.Reason)));

        await RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog(), policy: policy, maxDisable: 3);
        Assert.All(findings, f => Assert.Equal("Inactive", KeyIn(kit, f.UserName).Status));
    }

    internal static async Task<(List<KeyFinding> Findings, IReadOnlyList<AccountTarget> Targets)> ScanAsync(ScanTestKit kit, HygienePolicy? policy = null,
        DateTimeOffset? at = null)
    {
        var targets = (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Member).ToList();
        var outcome = await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.Live }, at ?? DateTimeOffset.UtcNow, policy);
        return (outcome.Findings, targets);
    }

    /// <summary>Keys are disabled for disuse only (age thresholds out of reach), so a use changes the verdict.</summary>
    private static HygienePolicy UnusedOnly()
        => new PolicyParameters().Set(ThresholdField.WarnAgeDays, 3000).Set(ThresholdField.DisableAgeDays, 3650).Set(ThresholdField.DeleteAgeDays, 4000).Build();

    /// <summary>Signs one call with the key itself: the emulator records the use (after its last-use lag).</summary>
    internal static async Task UseKeyAsync(ScanTestKit kit, IamKeyHygiene.Emulator.State.AccessKeyRecord key)
    {
        var connection = AwsConnection.Resolve(new AwsConnectionOptions
        {
            AccessKey = key.AccessKeyId,
            SecretKey = key.SecretAccessKey,
            Region = "us-east-1",
            EndpointUrl = kit.Host.Url,
            Environment = new Dictionary<string, string>(),
        }, NullEngineLog.Instance);
        await connection.GetCallerIdentityAsync(CancellationToken.None);
    }

    internal static async Task<TestHost> RunAsync(ScanTestKit kit, KeyAction action, IEnumerable<KeyFinding> findings, IReadOnlyList<AccountTarget> targets,
        IAuditLog audit, HygienePolicy? policy = null, bool whatIf = false, int? maxDisable = null, string? ownKey = null, EngineClock? clock = null,
        IEnumerable<(string AccountId, string UserName, string AccessKeyId)>? keys = null)
    {
        var host = new TestHost { Answer = (_, _) => !whatIf };
        var settings = new ActionSettings { RunId = "run-1", WhatIf = whatIf, MaxDisable = maxDisable };
        var run = new KeyActionRun(action, policy ?? HygienePolicy.Default(), clock ?? EngineClock.Wall, settings, host, audit, "arn:aws:iam::111111111111:user/admin",
            ownKey == null ? Array.Empty<string>() : new[] { ownKey }, target => new SessionActionIam(target.Session));
        foreach (var finding in findings) run.Add(finding);
        foreach (var (accountId, userName, accessKeyId) in keys ?? Array.Empty<(string, string, string)>()) run.AddKey(accountId, userName, accessKeyId);
        run.Confirm();
        await run.ExecuteAsync(targets, CancellationToken.None);
        return host;
    }

    internal static IamKeyHygiene.Emulator.State.AccessKeyRecord KeyIn(ScanTestKit kit, string user) => kit.Runtime.World.State.Accounts[Member].Users[user].Keys.Single();

    internal static string TagOf(ScanTestKit kit, string user)
    {
        var key = KeyIn(kit, user);
        return kit.Runtime.World.State.Accounts[Member].Users[user].Tags.Single(t => t.Key == "keyhygiene:" + key.AccessKeyId).Value;
    }
}

/// <summary>An audit log in memory (the file and S3 logs are the Records area's).</summary>
internal sealed class MemoryAuditLog : IAuditLog
{
    private readonly List<AuditRecord> _lines = new();

    public string Location => "memory";

    public IReadOnlyList<AuditRecord> Lines { get { lock (_lines) return _lines.ToList(); } }

    public IReadOnlyList<AuditRecord> Records => Lines;

    public void Append(AuditRecord record) { lock (_lines) _lines.Add(record); }

    public void Dispose() { }
}
