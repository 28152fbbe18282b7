using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IamKeyHygiene.Engine.Reports;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Reports;

/// <summary>The ASFF export: one finding per failing Security Hub control per key with a stable id, the controls judged
/// at their own 90 days, at most 100 findings a file, findings that now pass written ARCHIVED, and files Debian's awscli
/// accepts against its own Security Hub model.</summary>
public sealed class AsffReportTests : IDisposable
{
    private const string Account = "111111111111";
    private readonly ReportKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void Each_failing_control_is_one_finding_with_a_stable_id_and_the_asff_fields()
    {
        var findings = new[]
        {
            ReportKit.Key(Account, "old", "AKIAOLD000000000001", "Disable", 95),
            ReportKit.Key(Account, "idle", "AKIAIDLE00000000001", "Disable", 120, unusedDays: 100),
            ReportKit.Key(Account, "warned", "AKIAWARN00000000001", "Warn", 85),
            ReportKit.Key(Account, "inactive", "AKIAINACTIVE0000001", "Delete", 200, unusedDays: 150, status: "Inactive"),
            ReportKit.RootKey(Account),
        };

        var asff = Export(findings, "findings.json");

        Assert.Equal(new[] { $"{Account}/AKIAIDLE00000000001/IAM.3", $"{Account}/AKIAIDLE00000000001/IAM.8", $"{Account}/AKIAOLD000000000001/IAM.3", $"{Account}/root/IAM.4" },
            asff.Select(f => f.GetProperty("Id").GetString()));
        var old = asff[2];
        Assert.Equal("2018-10-08", old.GetProperty("SchemaVersion").GetString());
        Assert.Equal($"arn:aws:securityhub:us-east-1:{Account}:product/{Account}/default", old.GetProperty("ProductArn").GetString());
        Assert.Equal("IamKeyHygiene/IAM.3", old.GetProperty("GeneratorId").GetString());
        Assert.Equal(Account, old.GetProperty("AwsAccountId").GetString());
        Assert.Equal("MEDIUM", old.GetProperty("Severity").GetProperty("Label").GetString());
        Assert.Equal("FAILED", old.GetProperty("Compliance").GetProperty("Status").GetString());
        Assert.Equal("ACTIVE", old.GetProperty("RecordState").GetString());
        Assert.Equal("2026-11-30T09:00:00.000Z", old.GetProperty("UpdatedAt").GetString());
        // CreatedAt: the day the key crossed 90 days, the same on every export.
        Assert.Equal("2026-11-25T08:00:00.000Z", old.GetProperty("CreatedAt").GetString());
        Assert.Equal(new[] { "AwsIamAccessKey", "AwsIamUser" }, old.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("Type").GetString()));
        Assert.Equal($"arn:aws:iam::{Account}:user/old", old.GetProperty("Resources")[1].GetProperty("Id").GetString());
        Assert.Equal("CRITICAL", asff[3].GetProperty("Severity").GetProperty("Label").GetString());
        Assert.Equal($"AWS::::Account:{Account}", asff[3].GetProperty("Resources")[0].GetProperty("Id").GetString());
    }

    [Fact]
    public void The_same_key_gets_the_same_id_on_a_later_export()
    {
        var first = Export(new[] { ReportKit.Key(Account, "old", "AKIAOLD000000000001", "Disable", 95) }, "a.json");
        var later = ReportKit.Key(Account, "old", "AKIAOLD000000000001", "Disable", 95);
        later.AgeDays = 101;
        later.EvaluatedAt = ReportKit.Now.AddDays(6);
        var second = Export(new[] { later }, "b.json", ReportKit.Now.AddDays(6));

        Assert.Equal(first.Single().GetProperty("Id").GetString(), second.Single().GetProperty("Id").GetString());
        Assert.Equal(first.Single().GetProperty("CreatedAt").GetString(), second.Single().GetProperty("CreatedAt").GetString());
    }

    [Fact]
    public void A_key_failing_in_the_previous_export_and_healthy_now_is_archived_and_passed()
    {
        Export(new[]
        {
            ReportKit.Key(Account, "rotated", "AKIAROTATED00000001", "Disable", 95),
            ReportKit.Key(Account, "still", "AKIASTILL0000000001", "Disable", 96),
            ReportKit.Key("999999999999", "elsewhere", "AKIAELSEWHERE000001", "Disable", 97),
        }, "findings.json");

        // The next day: the rotated key's finding is Healthy (-IncludeHealthy); account 999999999999 was not scanned.
        var healthy = ReportKit.Key(Account, "rotated", "AKIAROTATED00000001", "Healthy", 96, status: "Inactive");
        var asff = Export(new[] { healthy, ReportKit.Key(Account, "still", "AKIASTILL0000000001", "Disable", 97) }, "findings.json", ReportKit.Now.AddDays(1));

        Assert.Equal(new[] { $"{Account}/AKIAROTATED00000001/IAM.3", $"{Account}/AKIASTILL0000000001/IAM.3" }, asff.Select(f => f.GetProperty("Id").GetString()));
        var resolved = asff[0];
        Assert.Equal("ARCHIVED", resolved.GetProperty("RecordState").GetString());
        Assert.Equal("PASSED", resolved.GetProperty("Compliance").GetProperty("Status").GetString());
        Assert.Equal("INFORMATIONAL", resolved.GetProperty("Severity").GetProperty("Label").GetString());
        Assert.Equal("2026-12-01T09:00:00.000Z", resolved.GetProperty("UpdatedAt").GetString());
        Assert.Equal("ACTIVE", asff[1].GetProperty("RecordState").GetString());

        // Archived once: the export after that no longer carries it.
        var third = Export(new[] { ReportKit.Key(Account, "still", "AKIASTILL0000000001", "Disable", 98) }, "findings.json", ReportKit.Now.AddDays(2));
        Assert.Equal(new[] { $"{Account}/AKIASTILL0000000001/IAM.3" }, third.Select(f => f.GetProperty("Id").GetString()));
    }

    [Fact]
    public void More_than_100_findings_go_to_numbered_files_of_at_most_100_and_stale_ones_are_removed()
    {
        var many = Enumerable.Range(0, 250).Select(i => ReportKit.Key(Account, $"user{i:D3}", $"AKIAMANY{i:D11}", "Disable", 95)).ToList();

        var paths = _kit.Write(_kit.Request(many, ReportFormat.Asff, "findings.json"));

        Assert.Equal(new[] { "findings-001.json", "findings-002.json", "findings-003.json" }, paths.Select(Path.GetFileName));
        Assert.Equal(new[] { 100, 100, 50 }, paths.Select(p => JsonDocument.Parse(File.ReadAllText(p)).RootElement.GetArrayLength()));
        Assert.False(File.Exists(_kit.PathOf("findings.json")));

        // 150 keys later: two files; the third is gone, and the 100 keys no longer failing are archived.
        var later = _kit.Write(_kit.Request(many.Take(150).ToList(), ReportFormat.Asff, "findings.json", ReportKit.Now.AddDays(1)));
        Assert.Equal(new[] { "findings-001.json", "findings-002.json", "findings-003.json" }, later.Select(Path.GetFileName));
        var all = later.SelectMany(p => JsonDocument.Parse(File.ReadAllText(p)).RootElement.EnumerateArray()).ToList();
        Assert.Equal(100, all.Count(f => f.GetProperty("RecordState").GetString() == "ARCHIVED"));

        var third = _kit.Write(_kit.Request(many.Take(10).ToList(), ReportFormat.Asff, "findings.json", ReportKit.Now.AddDays(2)));
        Assert.Equal(new[] { "findings-001.json", "findings-002.json" }, third.Select(Path.GetFileName));
        Assert.False(File.Exists(_kit.PathOf("findings-003.json")));
    }

    [Fact]
    public void Preview_findings_are_left_out_with_a_warning()
    {
        var preview = ReportKit.Key(Account, "old", "AKIAOLD000000000001", "Disable", 95);
        preview.IsPreview = true;

        Assert.Empty(_kit.Write(_kit.Request(new[] { preview }, ReportFormat.Asff, "findings.json")));
        Assert.False(File.Exists(_kit.PathOf("findings.json")));
        Assert.Contains(_kit.Log.WarningLines, w => w.Contains("preview", StringComparison.Ordinal));
    }

    [Fact]
    public void A_day_with_nothing_to_import_writes_no_file_and_removes_the_earlier_export()
    {
        var old = ReportKit.Key(Account, "old", "AKIAOLD000000000001", "Disable", 95);
        var rotated = ReportKit.Key(Account, "old", "AKIAOLD000000000001", "Healthy", 5);
        Assert.Single(Export(new[] { old }, "findings.json"));
        // The day it passes, the finding is written once more, ARCHIVED, so Security Hub resolves it.
        Assert.Equal("ARCHIVED", Export(new[] { rotated }, "findings.json", ReportKit.Now.AddDays(1)).Single().GetProperty("RecordState").GetString());

        // After that nothing fails and nothing is left to resolve: BatchImportFindings would refuse an empty list.
        var written = _kit.Write(_kit.Request(new[] { rotated }, ReportFormat.Asff, "findings.json", ReportKit.Now.AddDays(2)));

        Assert.Empty(written);
        Assert.False(File.Exists(_kit.PathOf("findings.json")));
        Assert.Contains(_kit.Log.VerboseLines, v => v.Contains("No Security Hub finding to import", StringComparison.Ordinal));
        Assert.Empty(_kit.Write(_kit.Request(new[] { rotated }, ReportFormat.Asff, "findings.json", ReportKit.Now.AddDays(3))));
    }

    [Fact]
    public async Task Debian_awscli_accepts_the_files_against_its_own_security_hub_model_failing_only_on_the_connection()
    {
        var findings = new List<KeyFinding>
        {
            ReportKit.Key(Account, "svc+build=ci,x.y@z_w-v", "AKIAOLD000000000001", "Disable", 95),
            ReportKit.Key(Account, "idle", "AKIAIDLE00000000001", "Disable", 120, unusedDays: 100),
            ReportKit.Key(Account, "rotated", "AKIAROTATED00000001", "Disable", 95),
            ReportKit.RootKey(Account),
        };
        Export(findings, "findings.json");
        findings[2] = ReportKit.Key(Account, "rotated", "AKIAROTATED00000001", "Healthy", 5);
        var paths = _kit.Write(_kit.Request(findings, ReportFormat.Asff, "findings.json", ReportKit.Now.AddDays(1)));
        Assert.Contains("ARCHIVED", File.ReadAllText(paths.Single()), StringComparison.Ordinal);

        var port = ClosedPort();
        var accepted = await BatchImportAsync(paths.Single(), port);
        Assert.True(accepted.ExitCode == 255 && accepted.StdErr.Contains("Could not connect to the endpoint URL", StringComparison.Ordinal),
            $"aws exited {accepted.ExitCode}: {accepted.StdErr}");
        Assert.DoesNotContain("Parameter validation failed", accepted.StdErr, StringComparison.Ordinal);

        // The check can fail: a finding without its required fields is refused by the same model before any connection.
        File.WriteAllText(_kit.PathOf("bad.json"), "[{\"Id\":\"x\"}]");
        var refused = await BatchImportAsync(_kit.PathOf("bad.json"), port);
        Assert.Equal(252, refused.ExitCode);
        Assert.Contains("Parameter validation failed", refused.StdErr, StringComparison.Ordinal);
    }

    private List<JsonElement> Export(IReadOnlyList<KeyFinding> findings, string file, DateTimeOffset? at = null)
    {
        var path = _kit.Write(_kit.Request(findings, ReportFormat.Asff, file, at)).Single();
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToList();
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Task<Emulator.CliResult> BatchImportAsync(string file, int port)
        => Emulator.AwsCli.RunAsync($"http://127.0.0.1:{port}", new AwsCredentials("AKIAEXAMPLEEXAMPLE01", "not-a-secret-not-a-secret-not-a-secret0"),
            new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "1" }, "securityhub", "batch-import-findings", "--findings", "file://" + file, "--cli-connect-timeout", "2");
}
