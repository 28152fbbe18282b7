using System.Text.Json;
using Amazon.Runtime;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Records;

/// <summary>The run history (DESIGN.md, Records): one JSON line per run with its counts, errors and accounts, appended to a
/// local file or stored as S3 part objects, read back oldest first with torn lines skipped.</summary>
public sealed class RunHistoryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ikh-history-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, true);
    }

    internal static RunHistoryRecord Run(string runId, DateTimeOffset start, int disable)
        => new()
        {
            RunId = runId,
            Start = start,
            End = start.AddMinutes(2),
            Stages = new Dictionary<string, int> { ["Healthy"] = 10, ["Disable"] = disable },
            Outcomes = new Dictionary<string, int> { ["Done"] = disable },
            Errors = { new RunHistoryError { ErrorId = "AssumeRoleFailed", AccountId = "222222222222", Message = "denied" } },
            Accounts =
            {
                new RunHistoryAccount { AccountId = "111111111111", Stages = { ["Healthy"] = 10, ["Disable"] = disable }, Outcomes = { ["Done"] = disable } },
                new RunHistoryAccount { AccountId = "222222222222", Error = new RunHistoryError { ErrorId = "AssumeRoleFailed", AccountId = "222222222222", Message = "denied" } },
            },
        };

    [Fact]
    public async Task A_run_is_one_camel_case_json_line_with_counts_errors_and_each_account()
    {
        var path = Path.Combine(_folder, "sub", "runs.jsonl");
        using (var history = RunHistory.Open(path, AuditLogConnection.None))
            await history.AppendAsync(Run("run-1", new DateTimeOffset(2026, 11, 30, 21, 0, 0, TimeSpan.FromHours(2)), 3));

        var line = Assert.Single(File.ReadAllLines(path));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(new[] { "runId", "start", "end", "stages", "outcomes", "errors", "accounts" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-30T19:00:00.0000000Z", root.GetProperty("start").GetString());
        Assert.Equal(3, root.GetProperty("stages").GetProperty("Disable").GetInt32());
        var accounts = root.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(3, accounts[0].GetProperty("stages").GetProperty("Disable").GetInt32());
        Assert.False(accounts[0].TryGetProperty("error", out _));
        Assert.Equal("AssumeRoleFailed", accounts[1].GetProperty("error").GetProperty("errorId").GetString());
    }

    [Fact]
    public async Task ReadAll_gives_every_run_oldest_first_and_skips_a_torn_line_with_a_warning()
    {
        var path = Path.Combine(_folder, "runs.jsonl");
        var day = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        using (var history = RunHistory.Open(path, AuditLogConnection.None))
        {
            await history.AppendAsync(Run("run-b", day.AddDays(1), 2));
            File.AppendAllText(path, "{\"runId\":\"torn\",\"sta");
            await history.AppendAsync(Run("run-a", day, 5));
        }

        var log = new MemoryLog();
        var runs = await RunHistory.ReadAllAsync(path, AuditLogConnection.Local(log), CancellationToken.None);

        Assert.Equal(new[] { "run-a", "run-b" }, runs.Select(r => r.RunId));
        Assert.Equal(5, runs[0].StageCount("Disable"));
        Assert.Equal(0, runs[0].StageCount("Delete"));
        Assert.Equal("222222222222", runs[1].Accounts[1].Error!.AccountId);
        Assert.Contains(log.WarningLines, w => w.Contains("line 2", StringComparison.Ordinal) && w.Contains("Run history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_local_history_is_RunHistoryUnavailable()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => RunHistory.ReadAllAsync(Path.Combine(_folder, "none.jsonl"), AuditLogConnection.None, CancellationToken.None));
        Assert.Same(ErrorCatalog.RunHistoryUnavailable, error.Entry);
    }

    [Fact]
    public void An_s3_history_without_a_connection_is_RunHistoryUnavailable()
    {
        var error = Assert.Throws<EngineException>(() => RunHistory.Open("s3://bucket/prefix", AuditLogConnection.None));
        Assert.Same(ErrorCatalog.RunHistoryUnavailable, error.Entry);
    }
}

/// <summary>The run history on S3 through the emulator: one part object per run under history/&lt;date&gt;/&lt;runId&gt;/.</summary>
public sealed class S3RunHistoryTests : IAsyncLifetime
{
    private const string Bucket = "hygiene-history";
    private EmulatorHost _host = null!;
    private AuditLogConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorTestKit.StartAsync();
        _connection = new AuditLogConnection(S3AuditLogTests.Connect(_host), new MemoryLog());
        using var s3 = S3AuditLogTests.SdkClient(_host, RequestChecksumCalculation.WHEN_REQUIRED);
        await s3.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Runs_are_part_objects_under_the_start_date_read_back_oldest_first()
    {
        var day = new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero);
        using (var history = RunHistory.Open($"s3://{Bucket}/org", _connection))
        {
            await history.AppendAsync(RunHistoryTests.Run("run-2", day.AddDays(1), 1));
            await history.AppendAsync(RunHistoryTests.Run("run-1", day, 4));
        }

        using var s3 = S3AuditLogTests.SdkClient(_host, RequestChecksumCalculation.WHEN_REQUIRED);
        var keys = (await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket, Prefix = "org/" })).S3Objects.Select(o => o.Key);
        Assert.Equal(new[] { "org/history/2026-11-29/run-1/000000.jsonl", "org/history/2026-11-30/run-2/000000.jsonl" }, keys.OrderBy(k => k, StringComparer.Ordinal));

        var runs = await RunHistory.ReadAllAsync($"s3://{Bucket}/org/", _connection, CancellationToken.None);
        Assert.Equal(new[] { "run-1", "run-2" }, runs.Select(r => r.RunId));
        Assert.Equal(4, runs[0].StageCount("Disable"));
    }
}
