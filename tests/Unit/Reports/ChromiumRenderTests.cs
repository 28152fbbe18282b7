using System.Diagnostics;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Reports;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Reports;

/// <summary>
/// The HTML report rendered by a real browser, Debian's headless Chromium: the DOM it builds holds the trend chart and
/// the tables, the page asks for nothing over the network, and a screenshot is kept (report.png beside the test
/// binaries; docs/images/report.png is a copy of one).
/// </summary>
public sealed class ChromiumRenderTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly ReportKit _kit = new();

    public void Dispose() => _kit.Dispose();

    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "report.png");

    [Fact]
    public async Task Chromium_renders_the_chart_and_tables_and_requests_nothing()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is required: apt-get install -y chromium (build.ps1 -Task Test installs it).");
        var report = WriteReport();

        var dom = await RunChromiumAsync("--dump-dom", "file://" + report);
        Assert.Contains("<svg id=\"trend-chart\"", dom.StdOut, StringComparison.Ordinal);
        Assert.Contains("<polyline", dom.StdOut, StringComparison.Ordinal);
        foreach (var table in new[] { "stage-counts", "account-table", "key-table" })
            Assert.Contains($"<table id=\"{table}\">", dom.StdOut, StringComparison.Ordinal);
        // Chromium added the tbody elements itself only if they were missing: the page's own markup parsed as written.
        Assert.Contains("<td>svc+build=ci,x.y@z_w-v</td>", dom.StdOut, StringComparison.Ordinal);

        File.Delete(ScreenshotPath);
        var requests = await PageRequestsAsync(report, "--screenshot=" + ScreenshotPath, "--window-size=1100,1400");
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000, "The screenshot is missing or blank.");
        Assert.Empty(requests);
    }

    [Fact]
    public async Task The_request_check_sees_a_page_that_does_load_something()
    {
        var page = _kit.PathOf("loads.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/pixel.png\"><p>x</p></body></html>");

        Assert.Equal(new[] { "http://127.0.0.1:9/pixel.png" }, await PageRequestsAsync(page, "--dump-dom"));
    }

    /// <summary>
    /// Headless Chromium exits once it has done one of --dump-dom or --screenshot: pass one in <paramref name="args"/>.
    /// The URLs the page itself asked the network for while Chromium loaded it, from Chromium's net log: every
    /// URL_REQUEST_START_JOB whose initiator is an origin (a file:// page's is "null"). Chromium's own background calls
    /// (component updates, time, spelling dictionaries) are browser-initiated ("not an origin") and not the page's.
    /// </summary>
    private async Task<IReadOnlyList<string>> PageRequestsAsync(string page, params string[] args)
    {
        var netLog = _kit.PathOf("netlog-" + Guid.NewGuid().ToString("N") + ".json");
        await RunChromiumAsync(args.Concat(new[] { "--log-net-log=" + netLog, "file://" + page }).ToArray());
        var text = File.ReadAllText(netLog).TrimEnd();
        // A log cut short at exit ends inside the events array: close it.
        if (!text.EndsWith('}'))
            text = text.TrimEnd(',') + "]}";
        using var log = System.Text.Json.JsonDocument.Parse(text);
        var startJob = log.RootElement.GetProperty("constants").GetProperty("logEventTypes").GetProperty("URL_REQUEST_START_JOB").GetInt32();
        return log.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetInt32() == startJob && e.TryGetProperty("params", out var p) && p.TryGetProperty("initiator", out var i) && i.GetString() != "not an origin")
            .Select(e => e.GetProperty("params").GetProperty("url").GetString()!)
            .Distinct()
            .ToList();
    }

    private string WriteReport()
    {
        var history = _kit.PathOf("runs.jsonl");
        using (var writer = RunHistory.Open(history, AuditLogConnection.None))
        {
            foreach (var run in ReportKit.FallingHistory())
                writer.AppendAsync(run).GetAwaiter().GetResult();
        }

        var findings = new List<KeyFinding>
        {
            ReportKit.Key("111111111111", "alice@example.com", "AKIAALICE0000000001", "Warn", 85, nextStage: "Disable", nextStageInDays: 5, urgency: 3),
            ReportKit.Key("111111111111", "build-bot", "AKIABUILD0000000001", "Disable", 95, nextStage: "Delete", nextStageInDays: 55, urgency: 6),
            ReportKit.Key("222222222222", "svc+build=ci,x.y@z_w-v", "AKIASVC000000000001", "Warn", 82, nextStage: "Disable", nextStageInDays: 8, urgency: 3),
            ReportKit.Key("222222222222", "carol", "AKIACAROL0000000001", "Healthy", 12, nextStage: "Warn", nextStageInDays: 68),
            ReportKit.Key("333333333333", "dave", "AKIADAVE00000000001", "Healthy", 30, nextStage: "Warn", nextStageInDays: 50),
        };
        var request = _kit.Request(findings, ReportFormat.Html, "report.html");
        request.HistoryLocation = history;
        return _kit.Write(request).Single();
    }

    private async Task<Emulator.CliResult> RunChromiumAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + _kit.PathOf("profile") }.Concat(args))
            start.ArgumentList.Add(arg);
        start.Environment["HOME"] = _kit.Folder;
        var result = await Emulator.AwsCli.CompleteAsync(start, "chromium " + string.Join(' ', args));
        Assert.True(result.ExitCode == 0, $"chromium exited {result.ExitCode}: {result.StdErr}");
        return result;
    }
}
