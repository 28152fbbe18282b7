using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Tests.Unit.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Actions.KeyActionRunTests;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Actions;

/// <summary>Restore-AccessKey's engine on the emulator: the undo of a disable, its proof (the tag or the run's audit
/// log), the hold the judge honours, and the keys it refuses.</summary>
public sealed class RestoreKeyActionTests
{
    private static readonly IReadOnlyList<KeyFinding> NoFindings = Array.Empty<KeyFinding>();

    [Fact]
    public async Task Restore_by_run_id_reactivates_what_the_run_disabled_and_the_next_run_leaves_it_alone_until_the_hold_ends()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("stale", Key(95, 1)))));
        var (findings, targets) = await ScanAsync(kit);
        var disableLog = new MemoryAuditLog();
        await RunAsync(kit, KeyAction.Disable, findings, targets, disableLog);
        Assert.Equal("Inactive", KeyIn(kit, "stale").Status);

        var options = new RestoreOptions { HoldDays = 7 };
        var keys = RestoreSources.DisabledBy(disableLog.Lines, options);
        var restoreLog = new MemoryAuditLog();
        var host = await RunAsync(kit, KeyAction.Restore(options), NoFindings, targets, restoreLog, keys: keys);

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal((ActionNames.Restore, KeyActionOutcome.Done, ""), (result.Action, result.Outcome, result.Reason));
        Assert.Null(result.Finding);
        Assert.Equal("Active", KeyIn(kit, "stale").Status);
        Assert.True(ModuleKeyTag.TryParse(TagOf(kit, "stale"), out var tag, out _));
        Assert.Null(tag!.DisabledAt);
        Assert.Equal(TimeSpan.FromDays(7), tag.HoldUntil!.Value - tag.RestoredAt!.Value);
        Assert.Equal(("Disable", tag.HoldUntil), (result.NextStage, result.NextStageDate));
        Assert.Equal(new[] { "intent:", "outcome:Done" }, restoreLog.Lines.Select(l => l.Phase + ":" + l.Outcome));
        Assert.All(restoreLog.Lines, l => Assert.Equal(ActionNames.Restore, l.Action));

        var (nextDay, _) = await ScanAsync(kit);
        Assert.Equal("Warn", nextDay[0].Stage);
        Assert.Contains("Restored", nextDay[0].Reasons);
        var rerun = await RunAsync(kit, KeyAction.Disable, nextDay, targets, new MemoryAuditLog());
        Assert.Equal((KeyActionOutcome.Skipped, "Warn"), Outcome(rerun));
        Assert.Equal("Active", KeyIn(kit, "stale").Status);

        var afterHold = DateTimeOffset.UtcNow.AddDays(8);
        var (later, _) = await ScanAsync(kit, at: afterHold);
        Assert.Equal("Disable", later[0].Stage);
        var laterRun = await RunAsync(kit, KeyAction.Disable, later, targets, new MemoryAuditLog(), clock: EngineClock.WithOffset(TimeSpan.FromDays(8)));
        Assert.Equal((KeyActionOutcome.Done, ""), Outcome(laterRun));
        Assert.Equal("Inactive", KeyIn(kit, "stale").Status);
    }

    [Fact]
    public async Task A_restore_stopped_after_UpdateAccessKey_is_finished_by_the_next_one_with_its_hold_tag()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("stale", Key(95, 1)))));
        var (findings, targets) = await ScanAsync(kit);
        await RunAsync(kit, KeyAction.Disable, findings, targets, new MemoryAuditLog());
        KeyIn(kit, "stale").Status = "Active"; // what a restore killed between UpdateAccessKey and TagUser leaves
        var key = (Member, "stale", KeyIn(kit, "stale").AccessKeyId);

        var host = await RunAsync(kit, KeyAction.Restore(new RestoreOptions()), NoFindings, targets, new MemoryAuditLog(), keys: new[] { key });

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal((KeyActionOutcome.Done, ActionReasons.CompletingEarlierRun), (result.Outcome, result.Reason));
        Assert.Contains("Active already", result.Message);
        Assert.Equal("Active", KeyIn(kit, "stale").Status);
        Assert.True(ModuleKeyTag.TryParse(TagOf(kit, "stale"), out var tag, out _));
        Assert.Null(tag!.DisabledAt);
        Assert.NotNull(tag.HoldUntil);
    }

    [Fact]
    public async Task A_key_disabled_with_TagQuotaFull_is_restored_on_the_audit_logs_word_and_refused_without_it()
    {
        var full = User("full", Key(95, 1));
        for (var i = 0; i < 50; i++) full = full.Tagged($"team-{i:00}", "x");
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", full)));
        var (findings, targets) = await ScanAsync(kit);
        var disableLog = new MemoryAuditLog();
        var disabled = await RunAsync(kit, KeyAction.Disable, findings, targets, disableLog);
        Assert.Equal((KeyActionOutcome.Done, ActionReasons.TagQuotaFull), Outcome(disabled));
        var key = (Member, "full", KeyIn(kit, "full").AccessKeyId);

        var withoutProof = await RunAsync(kit, KeyAction.Restore(new RestoreOptions()), NoFindings, targets, new MemoryAuditLog(), keys: new[] { key });
        Assert.Equal((KeyActionOutcome.Blocked, ActionReasons.DisabledElsewhere), Outcome(withoutProof));
        Assert.Equal("Inactive", KeyIn(kit, "full").Status);

        var options = new RestoreOptions();
        var keys = RestoreSources.DisabledBy(disableLog.Lines, options);
        var restored = await RunAsync(kit, KeyAction.Restore(options), NoFindings, targets, new MemoryAuditLog(), keys: keys);
        var result = Assert.IsType<KeyActionRecord>(Assert.Single(restored.Results));
        Assert.Equal((KeyActionOutcome.Done, ActionReasons.TagQuotaFull), (result.Outcome, result.Reason));
        Assert.Contains("may disable it again", result.Message);
        Assert.Equal("Active", KeyIn(kit, "full").Status);
    }

    [Fact]
    public async Task A_key_disabled_elsewhere_is_refused_and_restored_only_with_the_switch_which_the_question_and_audit_name()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("compromised", Key(10, 1, "Inactive")))));
        var (_, targets) = await ScanAsync(kit);
        var key = (Member, "compromised", KeyIn(kit, "compromised").AccessKeyId);

        var refused = await RunAsync(kit, KeyAction.Restore(new RestoreOptions()), NoFindings, targets, new MemoryAuditLog(), keys: new[] { key });
        Assert.Equal((KeyActionOutcome.Blocked, ActionReasons.DisabledElsewhere), Outcome(refused));
        Assert.Equal("Inactive", KeyIn(kit, "compromised").Status);

        var audit = new MemoryAuditLog();
        var accepted = await RunAsync(kit, KeyAction.Restore(new RestoreOptions { IncludeKeysDisabledElsewhere = true }), NoFindings, targets, audit, keys: new[] { key });
        Assert.Equal((KeyActionOutcome.Done, ActionReasons.DisabledElsewhere), Outcome(accepted));
        Assert.Contains("IncludeKeysDisabledElsewhere", Assert.Single(accepted.Questions).Action);
        Assert.Equal("Active", KeyIn(kit, "compromised").Status);
        Assert.Contains(audit.Lines, l => l.Phase == AuditRecord.OutcomePhase && l.Reason == ActionReasons.DisabledElsewhere && l.Action == ActionNames.Restore);
    }

    [Fact]
    public async Task Active_and_missing_keys_are_skipped_and_WhatIf_changes_nothing()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("active", Key(95, 1)), User("stale", Key(95, 1)))));
        var (findings, targets) = await ScanAsync(kit);
        var log = new MemoryAuditLog();
        await RunAsync(kit, KeyAction.Disable, findings.Where(f => f.UserName == "stale"), targets, log);
        var keys = new[] { (Member, "active", KeyIn(kit, "active").AccessKeyId), (Member, "active", "AKIAGONE000000000000"), (Member, "stale", KeyIn(kit, "stale").AccessKeyId) };

        var whatIf = await RunAsync(kit, KeyAction.Restore(new RestoreOptions()), NoFindings, targets, new MemoryAuditLog(), whatIf: true, keys: keys);

        var results = whatIf.Results.Cast<KeyActionRecord>().ToDictionary(r => r.AccessKeyId, r => (r.Outcome, r.Reason));
        Assert.Equal(KeyActionOutcome.WhatIf, results[KeyIn(kit, "stale").AccessKeyId].Outcome);
        Assert.Equal("Inactive", KeyIn(kit, "stale").Status);
        Assert.StartsWith("disabled=", TagOf(kit, "stale"));

        var real = await RunAsync(kit, KeyAction.Restore(new RestoreOptions()), NoFindings, targets, new MemoryAuditLog(), keys: keys);
        results = real.Results.Cast<KeyActionRecord>().ToDictionary(r => r.AccessKeyId, r => (r.Outcome, r.Reason));
        Assert.Equal((KeyActionOutcome.Skipped, ActionReasons.AlreadyActive), results[KeyIn(kit, "active").AccessKeyId]);
        Assert.Equal((KeyActionOutcome.Skipped, ActionReasons.KeyNotFound), results["AKIAGONE000000000000"]);
        Assert.Equal((KeyActionOutcome.Done, ""), results[KeyIn(kit, "stale").AccessKeyId]);
    }

    [Fact]
    public async Task A_finding_from_the_pipeline_is_restored_whatever_its_stage_and_policy_and_a_second_active_key_is_noted()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("two", Key(95, 1), Key(3, 1)))));
        var (findings, targets) = await ScanAsync(kit);
        var old = findings.Single(f => f.Stage == "Disable");
        await RunAsync(kit, KeyAction.Disable, new[] { old }, targets, new MemoryAuditLog());
        old.PolicyHash = "0000";
        old.IsPreview = true;

        var host = await RunAsync(kit, KeyAction.Restore(new RestoreOptions()), new[] { old }, targets, new MemoryAuditLog());

        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        Assert.Equal((KeyActionOutcome.Done, ""), (result.Outcome, result.Reason));
        Assert.Same(old, result.Finding);
        Assert.Contains("SecondActiveKey", result.Message);
        Assert.All(kit.Runtime.World.State.Accounts[Member].Users["two"].Keys, k => Assert.Equal("Active", k.Status));
    }

    [Theory]
    [InlineData("disabled=2026-01-01T00:00:00Z", "restored=2026-02-01T00:00:00Z hold-until=2026-02-08T00:00:00Z")]
    [InlineData("seen-inactive=2026-01-01T00:00:00Z disabled=2026-01-02T00:00:00Z", "restored=2026-02-01T00:00:00Z hold-until=2026-02-08T00:00:00Z")]
    [InlineData("rotating-to=AKIANEW since=2026-01-01T00:00:00Z disabled=2026-01-02T00:00:00Z",
        "rotating-to=AKIANEW since=2026-01-01T00:00:00Z restored=2026-02-01T00:00:00Z hold-until=2026-02-08T00:00:00Z")]
    [InlineData(null, "restored=2026-02-01T00:00:00Z hold-until=2026-02-08T00:00:00Z")]
    public void The_restored_tag_drops_the_inactive_pairs_and_keeps_a_rotations(string? existing, string expected)
    {
        var at = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, RestoreKeyAction.RestoredValue(existing, ModuleKeyTag.Restored(at, at.AddDays(7))));
    }

    [Fact]
    public void The_keys_of_a_run_are_those_with_a_Done_deactivation_outcome_line_or_an_unfinished_intent()
    {
        AuditRecord Line(string key, string action, string phase, string outcome) => new()
        {
            RunId = "r", AccountId = Member, UserName = "u", AccessKeyId = key, Action = action, Phase = phase, Outcome = outcome,
        };
        var lines = new[]
        {
            Line("AKIA1", ActionNames.Disable, AuditRecord.IntentPhase, ""), Line("AKIA1", ActionNames.Disable, AuditRecord.OutcomePhase, "Done"),
            Line("AKIA2", ActionNames.Disable, AuditRecord.OutcomePhase, "Failed"), Line("AKIA3", ActionNames.None, AuditRecord.OutcomePhase, "Skipped"),
            Line("AKIA4", "DeactivateOld", AuditRecord.OutcomePhase, "Done"), Line("AKIA5", ActionNames.Delete, AuditRecord.OutcomePhase, "Done"),
            // A run stopped mid-change: the intent of a disable and no outcome line; a stopped delete does not count.
            Line("AKIA6", ActionNames.Disable, AuditRecord.IntentPhase, ""), Line("AKIA7", ActionNames.Delete, AuditRecord.IntentPhase, ""),
        };
        var options = new RestoreOptions();

        var keys = RestoreSources.DisabledBy(lines, options);

        Assert.Equal(new[] { "AKIA1", "AKIA4", "AKIA6" }, keys.Select(k => k.AccessKeyId));
        Assert.Equal(3, options.DisabledByRun.Count);
    }

    private static (KeyActionOutcome, string) Outcome(TestHost host)
    {
        var result = Assert.IsType<KeyActionRecord>(Assert.Single(host.Results));
        return (result.Outcome, result.Reason);
    }
}
