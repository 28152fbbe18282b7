using System.Security;
using System.Text.Json;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Tests.Unit.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;
using EmulatorKey = IamKeyHygiene.Emulator.State.AccessKeyRecord;

namespace IamKeyHygiene.Tests.Unit.Actions;

/// <summary>Invoke-AccessKeyRotation on findings, end to end on the emulator over HTTP: a Rotate policy, a real scan, the
/// rotation engine, and the end state read key by key (and secret by secret) from the emulator's own state.</summary>
public sealed class RotationRunTests
{
    private const string Member = "222222222201";

    [Fact]
    public async Task A_key_at_the_rotate_age_gets_a_successor_stored_in_its_accounts_secret_readable_by_its_user_and_verified()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1)), User("young", Key(10, 1)))));
        var old = Keys(kit, "app").Single();
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);

        var host = await RunAsync(kit, findings, targets, new RotationOptions { MemberRoleName = ScanTestKit.RoleName, PassThru = true });

        var result = host.Results.OfType<KeyActionRecord>().Single(r => r.UserName == "app");
        Assert.Equal((KeyActionOutcome.Done, ActionNames.Rotate), (result.Outcome, result.Action));
        var keys = Keys(kit, "app");
        Assert.Equal(2, keys.Count);
        var successor = keys.Single(k => k.AccessKeyId != old.AccessKeyId);
        Assert.Equal(successor.AccessKeyId, result.NewAccessKeyId);
        Assert.Equal(("Active", "Active"), (old.Status, successor.Status));
        Assert.StartsWith($"rotating-to={successor.AccessKeyId} since=", TagOf(kit, "app", old.AccessKeyId));
        var secret = kit.Runtime.World.State.Secrets.Values.Single();
        Assert.Equal((Member, $"iam-user/{Member}/app", secret.Arn), (secret.AccountId, secret.Name, result.SecretArn));
        using var stored = JsonDocument.Parse(secret.VersionWithStage("AWSCURRENT")!.SecretString!);
        Assert.Equal(successor.AccessKeyId, stored.RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Equal(successor.SecretAccessKey, stored.RootElement.GetProperty("SecretAccessKey").GetString());
        Assert.Contains($":user/app", secret.ResourcePolicy);
        Assert.Equal(nameof(Engine.Policy.Judging.KeyStage.Disable), result.NextStage);
        // -PassThru: the secret only as a SecureString, and in no result, message or log line.
        Assert.Equal(successor.SecretAccessKey.Length, Assert.Single(host.Results.OfType<SecureString>()).Length);
        Assert.DoesNotContain(host.Log.Lines, l => l.Contains(successor.SecretAccessKey));
        Assert.DoesNotContain(successor.SecretAccessKey, string.Join("\n", host.Results.OfType<KeyActionRecord>().Select(r => r.Message)));
        Assert.Single(Keys(kit, "young"));
    }

    [Theory]
    [InlineData("alias/central-rotation", KeyActionOutcome.Done)]
    [InlineData(null, KeyActionOutcome.Failed)]
    public async Task Central_storage_needs_a_customer_managed_key_for_the_users_cross_account_read(string? kmsKeyId, KeyActionOutcome outcome)
    {
        const string Central = "222222222202";
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1))), Account(Central, "secrets")));
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);
        var options = new RotationOptions
        {
            MemberRoleName = ScanTestKit.RoleName, SecretAccountId = Central, SecretRoleName = ScanTestKit.RoleName, KmsKeyId = kmsKeyId,
            VerifyTimeout = TimeSpan.FromSeconds(1), VerifyInterval = TimeSpan.FromMilliseconds(200),
        };

        var host = await RunAsync(kit, findings, targets, options);

        var result = Assert.Single(host.Results.OfType<KeyActionRecord>());
        Assert.Equal(outcome, result.Outcome);
        var secret = kit.Runtime.World.State.Secrets.Values.Single();
        Assert.Equal((Central, $"iam-user/{Member}/app"), (secret.AccountId, secret.Name));
        Assert.Contains($"arn:aws:iam::{Member}:user/app", secret.ResourcePolicy);
        if (outcome == KeyActionOutcome.Failed)
        {
            // aws/secretsmanager is never shared across accounts: the user cannot read it, and the result says so.
            Assert.Equal(ActionReasons.NewKeyNotVerified, result.Reason);
            Assert.Contains(host.Errors, e => e.ErrorId == "KeyActionFailed");
        }
    }

    [Fact]
    public async Task Verification_waits_while_the_new_key_propagates()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1)))));
        kit.Runtime.World.State.Settings.NewKeyPropagation = TimeSpan.FromSeconds(2);
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);

        var host = await RunAsync(kit, findings, targets, new RotationOptions { MemberRoleName = ScanTestKit.RoleName, VerifyInterval = TimeSpan.FromMilliseconds(200) });

        var result = Assert.Single(host.Results.OfType<KeyActionRecord>());
        Assert.Equal(KeyActionOutcome.Done, result.Outcome);
        Assert.Contains(host.Log.Lines, l => l.Contains("propagating"));
    }

    [Fact]
    public async Task A_user_with_two_keys_is_Blocked_and_nothing_changes()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("two", Key(92, 1), Key(30, 1)))));
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);

        var host = await RunAsync(kit, findings, targets, new RotationOptions { MemberRoleName = ScanTestKit.RoleName });

        var result = host.Results.OfType<KeyActionRecord>().Single(r => r.Action == ActionNames.Rotate);
        Assert.Equal((KeyActionOutcome.Blocked, ActionReasons.TwoKeysAlready), (result.Outcome, result.Reason));
        Assert.Equal(2, Keys(kit, "two").Count);
        Assert.Empty(kit.Runtime.World.State.Secrets);
    }

    [Fact]
    public async Task A_second_rotation_of_the_same_user_is_refused_by_the_two_key_quota_and_Blocked()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1)))));
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);
        // Another run made a key after this run re-read the user: IAM's quota refuses this run's CreateAccessKey.
        var options = new RotationOptions { MemberRoleName = ScanTestKit.RoleName };
        var run = Start(kit, findings, options, out var host);
        kit.SetFaults(new IamKeyHygiene.Emulator.Faults.FaultConfig
        {
            Rules = { new IamKeyHygiene.Emulator.Faults.FaultRule { Operation = "iam:CreateAccessKey", LimitExceededProbability = 1 } },
        });

        await run.ExecuteAsync(targets, CancellationToken.None);

        var result = Assert.Single(host.Results.OfType<KeyActionRecord>());
        Assert.Equal((KeyActionOutcome.Blocked, ActionReasons.TwoKeysAlready), (result.Outcome, result.Reason));
        Assert.Single(Keys(kit, "app"));
        Assert.Empty(kit.Runtime.World.State.Secrets);
    }

    [Fact]
    public async Task Later_runs_deactivate_the_old_key_at_the_deactivate_age_and_delete_it_once_Inactive()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1)))));
        var old = Keys(kit, "app").Single();
        var options = new RotationOptions { MemberRoleName = ScanTestKit.RoleName };
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);
        await RunAsync(kit, findings, targets, options);

        var day100 = TimeSpan.FromDays(10);
        (findings, _) = await ScanAsync(kit, DateTimeOffset.UtcNow + day100);
        var deactivate = await RunAsync(kit, findings, targets, options, EngineClock.WithOffset(day100));
        var result = deactivate.Results.OfType<KeyActionRecord>().Single(r => r.AccessKeyId == old.AccessKeyId);
        Assert.Equal((KeyActionOutcome.Done, ActionNames.DeactivateOld), (result.Outcome, result.Action));
        Assert.Equal("Inactive", old.Status);
        Assert.Contains("disabled=", TagOf(kit, "app", old.AccessKeyId));

        var day130 = TimeSpan.FromDays(40);
        (findings, _) = await ScanAsync(kit, DateTimeOffset.UtcNow + day130);
        var delete = await RunAsync(kit, findings, targets, options, EngineClock.WithOffset(day130));
        result = delete.Results.OfType<KeyActionRecord>().Single(r => r.AccessKeyId == old.AccessKeyId);
        Assert.Equal((KeyActionOutcome.Done, ActionNames.DeleteOld), (result.Outcome, result.Action));
        var left = Assert.Single(Keys(kit, "app"));
        Assert.NotEqual(old.AccessKeyId, left.AccessKeyId);
        Assert.Equal("Active", left.Status);
    }

    [Fact]
    public async Task An_old_key_used_after_its_successor_was_made_is_Blocked_OldKeyStillInUse()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1)))));
        var old = Keys(kit, "app").Single();
        var options = new RotationOptions { MemberRoleName = ScanTestKit.RoleName };
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);
        await RunAsync(kit, findings, targets, options);
        kit.Runtime.World.State.Settings.LastUseLag = TimeSpan.Zero;
        await Task.Delay(1100); // IAM's last-use times have whole seconds: the use must fall after the successor's creation second.
        await KeyActionRunTests.UseKeyAsync(kit, old);

        var day100 = TimeSpan.FromDays(10);
        (findings, _) = await ScanAsync(kit, DateTimeOffset.UtcNow + day100);
        var host = await RunAsync(kit, findings, targets, options, EngineClock.WithOffset(day100));

        var result = host.Results.OfType<KeyActionRecord>().Single(r => r.AccessKeyId == old.AccessKeyId);
        Assert.Equal((KeyActionOutcome.Blocked, ActionReasons.OldKeyStillInUse), (result.Outcome, result.Reason));
        Assert.Equal("Active", old.Status);
    }

    [Fact]
    public async Task A_run_cancelled_after_CreateAccessKey_committed_leaves_an_orphan_that_the_rerun_removes_before_it_rotates()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1)))));
        var old = Keys(kit, "app").Single();
        var options = new RotationOptions { MemberRoleName = ScanTestKit.RoleName };
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);
        await RunKilledAtAsync(kit, findings, targets, options, "iam:CreateAccessKey");
        var orphan = Keys(kit, "app").Single(k => k.AccessKeyId != old.AccessKeyId);
        kit.SetFaults(new IamKeyHygiene.Emulator.Faults.FaultConfig());
        var audit = new MemoryAuditLog();

        var host = await RunAsync(kit, findings, targets, options, audit: audit);

        // The orphan's removal is a change of its own: a DeleteOrphan result (notices list it as deleted) and its own
        // intent and outcome lines, before the rotation's key is made.
        var removed = host.Results.OfType<KeyActionRecord>().Single(r => r.Action == ActionNames.DeleteOrphan);
        Assert.Equal((orphan.AccessKeyId, KeyActionOutcome.Done, ActionReasons.OrphanOfCrashedRotation, "app", Member),
            (removed.AccessKeyId, removed.Outcome, removed.Reason, removed.UserName, removed.AccountId));
        Assert.Equal(new[] { "intent", "outcome" }, audit.Lines.Where(l => l.AccessKeyId == orphan.AccessKeyId).Select(l => l.Phase));
        Assert.Equal(("DeleteOrphan", "Done"), audit.Lines.Where(l => l.AccessKeyId == orphan.AccessKeyId).Select(l => (l.Action, l.Outcome)).Last());
        var result = host.Results.OfType<KeyActionRecord>().Single(r => r.Action == ActionNames.Rotate);
        Assert.Equal(KeyActionOutcome.Done, result.Outcome);
        var keys = Keys(kit, "app");
        Assert.Equal(2, keys.Count);
        Assert.DoesNotContain(keys, k => k.AccessKeyId == orphan.AccessKeyId);
        Assert.Equal(result.NewAccessKeyId, keys.Single(k => k.AccessKeyId != old.AccessKeyId).AccessKeyId);
        Assert.Single(kit.Runtime.World.State.Secrets.Values.Single().Versions);
    }

    [Fact]
    public async Task A_run_cancelled_after_CreateSecret_committed_is_finished_by_the_rerun_without_a_third_key_or_a_lost_secret()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Account(Member, "member", User("app", Key(92, 1)))));
        var old = Keys(kit, "app").Single();
        var options = new RotationOptions { MemberRoleName = ScanTestKit.RoleName };
        var (findings, targets) = await ScanAsync(kit, DateTimeOffset.UtcNow);
        await RunKilledAtAsync(kit, findings, targets, options, "secretsmanager:CreateSecret");
        var successor = Keys(kit, "app").Single(k => k.AccessKeyId != old.AccessKeyId);
        kit.SetFaults(new IamKeyHygiene.Emulator.Faults.FaultConfig());

        var host = await RunAsync(kit, findings, targets, options);

        // The tag already named the successor: the re-run stores the policy, reads the key back with itself and reports the rotation in progress.
        var result = Assert.Single(host.Results.OfType<KeyActionRecord>());
        Assert.Equal((KeyActionOutcome.Skipped, ActionReasons.RotationInProgress), (result.Outcome, result.Reason));
        Assert.Equal(successor.AccessKeyId, result.NewAccessKeyId);
        Assert.Contains("reads back with itself", result.Message);
        Assert.Equal(2, Keys(kit, "app").Count);
        var secret = kit.Runtime.World.State.Secrets.Values.Single();
        Assert.Single(secret.Versions);
        Assert.NotNull(secret.ResourcePolicy);
    }

    /// <summary>Holds <paramref name="operation"/> after it committed, then cancels the run, as a killed process.</summary>
    private static async Task RunKilledAtAsync(ScanTestKit kit, List<KeyFinding> findings, IReadOnlyList<AccountTarget> targets, RotationOptions options, string operation)
    {
        kit.SetFaults(new IamKeyHygiene.Emulator.Faults.FaultConfig { Hold = new IamKeyHygiene.Emulator.Faults.HoldFault { Operation = operation, Phase = IamKeyHygiene.Emulator.Faults.HoldFault.AfterCommit } });
        var run = Start(kit, findings, options, out _);
        using var cancel = new CancellationTokenSource();
        var running = run.ExecuteAsync(targets, cancel.Token);
        while (kit.Runtime.Faults.Waiting == 0) await Task.Delay(20);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        kit.Runtime.Faults.Release();
    }

    private static HygienePolicy RotatePolicy() => new PolicyParameters { Action = PolicyAction.Rotate }.Build();

    private static async Task<(List<KeyFinding> Findings, IReadOnlyList<AccountTarget> Targets)> ScanAsync(ScanTestKit kit, DateTimeOffset at)
    {
        var targets = (await kit.AccountsAsync()).Where(t => t.Account.AccountId == Member).ToList();
        var outcome = await kit.ScanAsync(targets, new ScanSettings { Source = KeySource.Live }, at, RotatePolicy());
        return (outcome.Findings, targets);
    }

    private static KeyActionRun Start(ScanTestKit kit, IEnumerable<KeyFinding> findings, RotationOptions options, out TestHost host, EngineClock? clock = null,
        MemoryAuditLog? audit = null)
    {
        host = new TestHost();
        var settings = new ActionSettings { RunId = Guid.NewGuid().ToString("D") };
        var run = new KeyActionRun(KeyAction.Rotate(options, kit.Connection), RotatePolicy(), clock ?? EngineClock.Wall, settings, host, audit ?? new MemoryAuditLog(),
            "arn:aws:iam::111111111111:user/admin", Array.Empty<string>(), target => new SessionActionIam(target.Session));
        foreach (var finding in findings) run.Add(finding);
        run.Confirm();
        return run;
    }

    private static async Task<TestHost> RunAsync(ScanTestKit kit, IEnumerable<KeyFinding> findings, IReadOnlyList<AccountTarget> targets, RotationOptions options,
        EngineClock? clock = null, MemoryAuditLog? audit = null)
    {
        var run = Start(kit, findings, options, out var host, clock, audit);
        await run.ExecuteAsync(targets, CancellationToken.None);
        return host;
    }

    private static List<EmulatorKey> Keys(ScanTestKit kit, string user) => kit.Runtime.World.State.Accounts[Member].Users[user].Keys.ToList();

    private static string TagOf(ScanTestKit kit, string user, string keyId)
        => kit.Runtime.World.State.Accounts[Member].Users[user].Tags.Single(t => t.Key == "keyhygiene:" + keyId).Value;
}
