using System.Text;
using System.Text.Json;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Records;

/// <summary>The audit log as a local JSON-lines file (AuditLogs with a path): the line format, appends flushed per line
/// by one writer, folders made, a bad path refused before anything is written, a run read back in order past a torn line.</summary>
public sealed class LocalAuditLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ikh-audit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, true);
    }

    [Fact]
    public void A_line_is_camel_case_json_with_the_time_in_utc_and_no_null_members()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        using (var log = AuditLogs.Open(path, AuditLogConnection.None, "run-1"))
        {
            var record = Record("run-1", "AKIAEXAMPLE1", AuditRecord.IntentPhase);
            record.Time = new DateTimeOffset(2026, 11, 30, 21, 15, 0, TimeSpan.FromHours(2));
            log.Append(record);
        }

        var line = Assert.Single(File.ReadAllLines(path));
        using var json = JsonDocument.Parse(line);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "time", "runId", "caller", "accountId", "userName", "accessKeyId", "action", "phase", "outcome", "reason", "policyHash" }, names);
        Assert.Equal("2026-11-30T19:15:00.0000000Z", json.RootElement.GetProperty("time").GetString());
        Assert.Equal("intent", json.RootElement.GetProperty("phase").GetString());
        Assert.EndsWith("\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_creates_the_folders_and_appends_to_what_is_there()
    {
        var path = Path.Combine(_folder, "a", "b", "audit.jsonl");
        using (var log = AuditLogs.Open(path, AuditLogConnection.None, "run-1"))
            log.Append(Record("run-1", "AKIA1", AuditRecord.IntentPhase));
        using (var log = AuditLogs.Open(path, AuditLogConnection.None, "run-2"))
            log.Append(Record("run-2", "AKIA2", AuditRecord.IntentPhase));

        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Each_line_is_on_disk_when_Append_returns()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        using var log = AuditLogs.Open(path, AuditLogConnection.None, "run-1");
        log.Append(Record("run-1", "AKIA1", AuditRecord.IntentPhase));

        // Read through another handle while the writer is still open: the line is there, whole.
        Assert.Single(AuditLogs.ReadRun(path, AuditLogConnection.None, "run-1", CancellationToken.None));
    }

    [Fact]
    public void Writers_on_many_threads_and_two_handles_to_one_file_keep_every_line_whole()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        using var first = AuditLogs.Open(path, AuditLogConnection.None, "run-1");
        using var second = AuditLogs.Open(path, AuditLogConnection.None, "run-1");

        Parallel.For(0, 400, i => (i % 2 == 0 ? first : second).Append(Record("run-1", $"AKIA{i:D6}", AuditRecord.IntentPhase)));

        var read = AuditLogs.ReadRun(path, AuditLogConnection.None, "run-1", CancellationToken.None);
        Assert.Equal(400, read.Count);
        Assert.Equal(400, read.Select(r => r.AccessKeyId).Distinct().Count());
        Assert.Equal(400, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void ReadRun_returns_that_run_in_order_and_round_trips_every_field()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        using (var log = AuditLogs.Open(path, AuditLogConnection.None, "run-1"))
        {
            log.Append(Record("run-1", "AKIA1", AuditRecord.IntentPhase));
            log.Append(Record("run-2", "AKIA9", AuditRecord.IntentPhase));
            var outcome = Record("run-1", "AKIA1", AuditRecord.OutcomePhase);
            outcome.Outcome = "Done";
            outcome.NewAccessKeyId = "AKIANEW";
            log.Append(outcome);
        }

        var read = AuditLogs.ReadRun(path, AuditLogConnection.None, "run-1", CancellationToken.None);

        Assert.Equal(new[] { "intent", "outcome" }, read.Select(r => r.Phase));
        var last = read[1];
        Assert.Equal(("Done", "AKIANEW", "111122223333", "alice", "Disable", "Stale", "hash-1"),
            (last.Outcome, last.NewAccessKeyId, last.AccountId, last.UserName, last.Action, last.Reason, last.PolicyHash));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), last.Time);
        Assert.Equal("arn:aws:iam::111122223333:user/hygiene", last.Caller);
    }

    [Fact]
    public void A_line_torn_by_a_killed_writer_is_skipped_with_a_warning_and_spoils_no_later_line()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        using (var log = AuditLogs.Open(path, AuditLogConnection.None, "run-1"))
            log.Append(Record("run-1", "AKIA1", AuditRecord.IntentPhase));
        var whole = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        File.AppendAllText(path, whole[..40]); // a writer killed mid-line

        var memory = new MemoryLog();
        var beforeNextRun = AuditLogs.ReadRun(path, AuditLogConnection.Local(memory), "run-1", CancellationToken.None);
        Assert.Single(beforeNextRun);
        Assert.Contains(memory.WarningLines, w => w.Contains("line 2", StringComparison.Ordinal) && w.Contains("skipped", StringComparison.Ordinal));

        using (var log = AuditLogs.Open(path, AuditLogConnection.None, "run-2"))
            log.Append(Record("run-2", "AKIA2", AuditRecord.IntentPhase));

        var next = AuditLogs.ReadRun(path, AuditLogConnection.None, "run-2", CancellationToken.None);
        Assert.Equal("AKIA2", Assert.Single(next).AccessKeyId);
    }

    [Fact]
    public void A_path_that_cannot_be_a_file_is_AuditLogUnavailable_before_anything_is_written()
    {
        Directory.CreateDirectory(_folder);
        var aFile = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(aFile, "x");

        var error = Assert.Throws<EngineException>(() => AuditLogs.Open(Path.Combine(aFile, "audit.jsonl"), AuditLogConnection.None, "run-1"));

        Assert.Equal("AuditLogUnavailable", error.ErrorId);
        Assert.True(error.Entry.Terminating);
        Assert.Contains("not-a-folder", error.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(aFile));
    }

    [Fact]
    public void A_folder_given_as_the_file_is_AuditLogUnavailable()
    {
        Directory.CreateDirectory(_folder);
        var error = Assert.Throws<EngineException>(() => AuditLogs.Open(_folder, AuditLogConnection.None, "run-1"));
        Assert.Equal("AuditLogUnavailable", error.ErrorId);
    }

    [Fact]
    public void Reading_a_log_that_does_not_exist_is_AuditLogUnavailable()
    {
        var error = Assert.Throws<EngineException>(() => AuditLogs.ReadRun(Path.Combine(_folder, "none.jsonl"), AuditLogConnection.None, "run-1", CancellationToken.None));
        Assert.Equal("AuditLogUnavailable", error.ErrorId);
    }

    [Fact]
    public void The_default_file_is_under_the_users_local_application_data()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        Assert.Equal(Path.Combine(root, "IamKeyHygiene", "audit", "audit.jsonl"), AuditLogs.DefaultLocalPath);
    }

    internal static AuditRecord Record(string runId, string keyId, string phase) => new()
    {
        Time = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
        RunId = runId,
        Caller = "arn:aws:iam::111122223333:user/hygiene",
        AccountId = "111122223333",
        UserName = "alice",
        AccessKeyId = keyId,
        Action = "Disable",
        Phase = phase,
        Reason = "Stale",
        PolicyHash = "hash-1",
    };
}
