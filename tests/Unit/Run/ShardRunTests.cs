using System.Text.Json;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Run;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Tests.Unit.Actions;
using IamKeyHygiene.Tests.Unit.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Run;

/// <summary>Invoke-KeyHygiene past one machine on the emulator over HTTP: shards that read and judge and write their
/// findings, a merge that reads them instead of the accounts and equals a single run account by account; and the
/// merge refusing what it must not act on (no shard, a file cut short, another policy) before any change.</summary>
public sealed class ShardRunTests : IDisposable
{
    private const string A = "333333333301";
    private const string B = "333333333302";
    private const string C = "333333333303";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ikh-shards-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static IamKeyHygiene.Emulator.Scenario.ScenarioDocument Org() => Organization(
        Account(A, "alpha", User("stale", Key(95, 1)).Tagged("owner", "ops@example.com"), User("warn", Key(82, 1)), User("fresh", Key(3, 1))),
        Account(B, "bravo", User("unused", Key(120, 100)), User("old-inactive", Key(200, 180, "Inactive"))),
        Account(C, "charlie", User("two", Key(91, 1), Key(5, 1))));

    [Fact]
    public async Task Two_shards_and_a_merge_equal_one_run_account_by_account_and_the_merge_reads_no_account_again()
    {
        await using var kit = await ScanTestKit.StartAsync(Org());
        var single = await RunAsync(kit, Request(A, B, C));

        var first = await RunAsync(kit, Shard(Request(A)));
        var second = await RunAsync(kit, Shard(Request(B, C)));
        Assert.NotNull(first.ShardFindingsLocation);
        Assert.True(File.Exists(first.ShardFindingsLocation));
        Assert.Empty(first.History.Outcomes);
        Assert.Empty(second.History.Outcomes);
        kit.Runtime.Calls.Clear();

        var merged = await RunAsync(kit, Merge(Request(A, B, C)));

        Assert.Equal(Shape(single.History), Shape(merged.History));
        Assert.Equal(single.History.Stages, merged.History.Stages);
        Assert.Equal(single.History.Outcomes, merged.History.Outcomes);
        Assert.Equal(single.ActiveKeys, merged.ActiveKeys);
        // The merge took the accounts' reads from the shards: no report, no user listing; only the re-judge's reads.
        var calls = JsonSerializer.SerializeToElement(kit.Runtime.Calls.Snapshot()).GetProperty("byOperation");
        Assert.False(calls.TryGetProperty("iam:ListUsers", out _));
        Assert.False(calls.TryGetProperty("iam:GenerateCredentialReport", out _));
        Assert.True(calls.TryGetProperty("iam:ListAccessKeys", out _));
    }

    [Fact]
    public async Task An_account_in_no_shard_is_ShardAccountMissing_and_counted_failed_while_the_others_go_on()
    {
        await using var kit = await ScanTestKit.StartAsync(Org());
        await RunAsync(kit, Shard(Request(A)));
        var host = new TestHost();

        var merged = await RunAsync(kit, Merge(Request(A, B)), host);

        var missing = Assert.Single(host.Errors);
        Assert.Equal(ErrorCatalog.ShardAccountMissing, missing.Entry);
        Assert.Equal(B, missing.Target);
        Assert.Equal(1, merged.AccountsFailed);
        Assert.Contains(merged.History.Accounts, a => a.AccountId == A && a.Error == null && a.Stages.Count > 0);
    }

    [Fact]
    public async Task A_shard_file_cut_short_another_policy_or_no_shard_at_all_stops_the_merge_before_any_call_that_changes()
    {
        await using var kit = await ScanTestKit.StartAsync(Org());
        await Assert.ThrowsAsync<EngineException>(() => RunAsync(kit, Merge(Request(A))))
            .ContinueWith(t => Assert.Equal(ErrorCatalog.InvalidShardFindings, t.Result.Entry));

        var shard = await RunAsync(kit, Shard(Request(A)));
        var whole = File.ReadAllLines(shard.ShardFindingsLocation!);
        File.WriteAllLines(shard.ShardFindingsLocation!, whole.Take(whole.Length - 1));
        var cut = await Assert.ThrowsAsync<EngineException>(() => RunAsync(kit, Merge(Request(A))));
        Assert.Equal(ErrorCatalog.InvalidShardFindings, cut.Entry);
        Assert.Contains("no end line", cut.Message, StringComparison.Ordinal);

        File.WriteAllLines(shard.ShardFindingsLocation!, whole);
        var stricter = new PolicyParameters().Set(ThresholdField.DisableAgeDays, 91).Build();
        var other = await Assert.ThrowsAsync<EngineException>(() => RunAsync(kit, Merge(Request(A, stricter))));
        Assert.Equal(ErrorCatalog.InvalidShardFindings, other.Entry);
        Assert.Contains("another policy", other.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Operations(kit), o => o is "iam:UpdateAccessKey" or "iam:DeleteAccessKey" or "iam:TagUser");
    }

    [Fact]
    public async Task A_shard_file_round_trips_every_finding_field_through_the_store()
    {
        var finding = new KeyFinding
        {
            AccountId = A, AccountName = "alpha", AccountEmail = "aws+alpha@example.com", UserName = "a=b,c_d-e", UserArn = "arn:aws:iam::333333333301:user/a=b,c_d-e",
            UserPath = "/", AccessKeyId = "AKIAROUNDTRIP0000001", Status = "Active", CreateDate = DateTimeOffset.Parse("2026-08-01T10:00:00Z"), AgeDays = 95,
            Stage = "Disable", Reasons = new[] { "TooOld", "SecondActiveKey" }, NextStage = "Delete", NextStageDate = DateTimeOffset.Parse("2026-12-29T10:00:00Z"),
            Owner = new FindingOwner { Email = "ops@example.com", Source = "Tag", Language = "ja", TimeZone = "Asia/Tokyo" },
            Exemption = new FindingExemption { Reason = "vendor", Approver = "cso", Expires = DateTimeOffset.Parse("2027-01-01T00:00:00Z"), Source = "File", EndsWithDay = true },
            Source = "CredentialReport", EvaluatedAt = DateTimeOffset.Parse("2026-11-30T10:00:00Z"), Urgency = 7, PolicyHash = "abc",
        };
        var day = DateTimeOffset.Parse("2026-11-30T10:00:00Z");
        var shard = new ShardFindings { RunId = "r1", PolicyHash = "abc", Start = day, End = day, Accounts = { new ShardAccount { AccountId = A } }, Findings = { finding } };

        await ShardFindingStore.WriteAsync(_folder, shard, AuditLogConnection.None, CancellationToken.None);
        var back = Assert.Single(await ShardFindingStore.ReadDayAsync(_folder, day, "abc", AuditLogConnection.None, CancellationToken.None));

        Assert.Equal(JsonSerializer.Serialize(finding), JsonSerializer.Serialize(Assert.Single(back.Findings)));
        Assert.Equal(A, Assert.Single(back.Accounts).AccountId);
    }

    private HygieneRunRequest Shard(HygieneRunRequest request)
    {
        request.ShardFindingsPath = _folder;
        return request;
    }

    private HygieneRunRequest Merge(HygieneRunRequest request)
    {
        request.MergeFindingsPath = _folder;
        return request;
    }

    private static HygieneRunRequest Request(params string[] accounts) => Request(accounts, null);

    private static HygieneRunRequest Request(string account, HygienePolicy policy) => Request(new[] { account }, policy);

    private static HygieneRunRequest Request(string[] accounts, HygienePolicy? policy) =>
        new(policy ?? HygienePolicy.Default(), EngineClock.Wall, new MemoryAuditLog())
        {
            Mode = RunMode.Audit,
            Selection = new AccountSelection { AccountIds = accounts },
            Roles = new RoleSessionOptions(ScanTestKit.RoleName),
            Scan = new ScanSettings { Source = KeySource.Live },
        };

    private static async Task<HygieneRunResult> RunAsync(ScanTestKit kit, HygieneRunRequest request, TestHost? host = null)
        => await new HygieneRunService(kit.Connection, host ?? new TestHost()).RunAsync(request, CancellationToken.None);

    private static IEnumerable<string> Operations(ScanTestKit kit)
    {
        var calls = JsonSerializer.SerializeToElement(kit.Runtime.Calls.Snapshot()).GetProperty("byOperation");
        return calls.EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>Each account's stages, outcomes and error id, in a form two runs can be compared by.</summary>
    private static string Shape(RunHistoryRecord history) => string.Join("\n", history.Accounts.OrderBy(a => a.AccountId).Select(a =>
        $"{a.AccountId} stages[{string.Join(",", a.Stages.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}] "
        + $"outcomes[{string.Join(",", a.Outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}] error[{a.Error?.ErrorId}]"));
}
