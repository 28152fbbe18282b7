using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Reports;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Reports;

/// <summary>The HTML and CSV reports: counts per stage and account, keys nearest their next stage first, every value
/// encoded, a page that loads nothing, a trend drawn from the history, stable CSV columns.</summary>
public sealed class ReportContentTests : IDisposable
{
    private readonly ReportKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private static IReadOnlyList<KeyFinding> Findings() => new[]
    {
        ReportKit.Key("111111111111", "alice@example.com", "AKIAALICE0000000001", "Warn", 85, nextStage: "Disable", nextStageInDays: 5, urgency: 3),
        ReportKit.Key("111111111111", "bob", "AKIABOB000000000001", "Disable", 95, nextStage: "Delete", nextStageInDays: 55, urgency: 6),
        ReportKit.Key("222222222222", "svc+build=ci,x.y@z_w-v", "AKIASVC000000000001", "Warn", 82, nextStage: "Disable", nextStageInDays: 1, urgency: 3),
        ReportKit.Key("222222222222", "<script>alert(1)</script>", "AKIAXSS000000000001", "Healthy", 10, nextStage: "Warn", nextStageInDays: 70),
        ReportKit.RootKey("333333333333"),
    };

    [Fact]
    public void Html_counts_keys_per_stage_and_per_account()
    {
        var html = RenderHtml(Findings(), withHistory: false);

        var stageRows = Rows(Section(html, "stage-counts"));
        Assert.Equal(new[] { "RootAccessKey 1", "Disable 1", "Warn 2", "Healthy 1" }, stageRows.Select(r => $"{r[0]} {r[1]}"));
        var accountRows = Rows(Section(html, "account-table"));
        Assert.Equal(new[] { "111111111111", "222222222222", "333333333333" }, accountRows.Select(r => r[0]));
        // Columns: Account, Name, then the stages in urgency order (RootAccessKey, Disable, Warn, Healthy), then Total.
        Assert.Equal(new[] { "0", "1", "1", "0", "2" }, accountRows[0].Skip(2));
        Assert.Equal(new[] { "0", "0", "1", "1", "2" }, accountRows[1].Skip(2));
    }

    [Fact]
    public void Html_lists_keys_nearest_their_next_stage_first_then_those_without_one_most_urgent_first()
    {
        var html = RenderHtml(Findings(), withHistory: false);

        var keys = Rows(Section(html, "key-table")).Select(r => r[2]).ToArray();
        Assert.Equal(new[] { "AKIASVC000000000001", "AKIAALICE0000000001", "AKIABOB000000000001", "AKIAXSS000000000001", "" }, keys);
    }

    [Fact]
    public void Html_encodes_every_value_so_a_user_name_cannot_inject_markup()
    {
        var html = RenderHtml(Findings(), withHistory: false);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<td>svc+build=ci,x.y@z_w-v</td>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;root_account&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_loads_nothing_a_csp_forbids_every_fetch_and_no_url_is_in_the_file()
    {
        var html = RenderHtml(Findings(), withHistory: true);

        Assert.Contains($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlReport.ContentSecurityPolicy}\">", html, StringComparison.Ordinal);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:", HtmlReport.ContentSecurityPolicy);
        Assert.DoesNotMatch(new Regex("(https?|ftp|wss?):|//[a-z0-9]|\\bsrc=|\\bhref=|@import|url\\(", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Html_draws_the_trend_of_the_history_one_line_per_stage_that_needs_a_person()
    {
        var html = RenderHtml(Findings(), withHistory: true);

        var chart = Regex.Match(html, "<svg id=\"trend-chart\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.NotEmpty(chart);
        var series = Regex.Matches(chart, "<g class=\"series stage-([A-Za-z]+)\"><polyline points=\"([^\"]+)\"").Select(m => (m.Groups[1].Value, m.Groups[2].Value.Split(' ').Length)).ToList();
        Assert.Equal(new[] { ("Disable", 56), ("Delete", 56), ("Warn", 56) }, series);
        Assert.Contains("<title>Disable: 67 on 2026-10-05 (run run-00)</title>", chart, StringComparison.Ordinal);
        Assert.Contains("<title>Disable: 0 on 2026-11-29 (run run-55)</title>", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_without_history_says_there_is_no_trend()
    {
        var html = RenderHtml(Findings(), withHistory: false);

        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.Contains("No run history was given", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_has_the_documented_columns_in_order_and_rows_nearest_next_stage_first()
    {
        var path = _kit.Write(_kit.Request(Findings(), ReportFormat.Csv, "findings.csv")).Single();

        var lines = File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("AccountId,AccountName,UserName,UserPath,AccessKeyId,Status,Stage,ExemptFromStage,Reasons,AgeDays,DaysSinceLastUse,CreateDate,LastUsedDate,NextStage,NextStageDate,Owner,Urgency,FailedControls,EvaluatedAt", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("222222222222,acct-222222222222,\"svc+build=ci,x.y@z_w-v\",/,AKIASVC000000000001,Active,Warn,,TooOld,82,1,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",Disable,2026-12-01T09:00:00Z,svc+build=ci,x.y@z_w-v,3,,2026-11-30T09:00:00Z", lines[1].Replace("\"", ""), StringComparison.Ordinal);
        Assert.Contains(",Delete,2027-01-24T09:00:00Z,bob,6,IAM.3,", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("333333333333,,<root_account>,", lines[5], StringComparison.Ordinal);
        Assert.Contains(",IAM.4,", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_quotes_commas_and_quotes_and_defuses_formula_prefixes()
    {
        var findings = new[]
        {
            ReportKit.Key("111111111111", "=HYPERLINK(\"x\")", "AKIAFORMULA00000001", "Warn", 85),
            ReportKit.Key("111111111111", "-minus", "AKIAMINUS0000000001", "Warn", 85),
            ReportKit.Key("111111111111", "@at,comma", "AKIAAT0000000000001", "Warn", 85),
        };
        var text = File.ReadAllText(_kit.Write(_kit.Request(findings, ReportFormat.Csv, "f.csv")).Single());

        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",", text, StringComparison.Ordinal);
        Assert.Contains(",'-minus,", text, StringComparison.Ordinal);
        Assert.Contains(",\"'@at,comma\",", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_that_cannot_be_written_is_ReportUnwritable()
    {
        File.WriteAllText(_kit.PathOf("a-file"), "");
        var request = _kit.Request(Findings(), ReportFormat.Html, Path.Combine("a-file", "report.html"));

        var error = Assert.Throws<IamKeyHygiene.Engine.Errors.EngineException>(() => _kit.Write(request));
        Assert.Equal("ReportUnwritable", error.ErrorId);
    }

    private string RenderHtml(IReadOnlyList<KeyFinding> findings, bool withHistory)
    {
        string? history = null;
        if (withHistory)
        {
            history = _kit.PathOf("runs.jsonl");
            using var writer = IamKeyHygiene.Engine.Records.RunHistory.Open(history, IamKeyHygiene.Engine.Records.AuditLogConnection.None);
            foreach (var run in ReportKit.FallingHistory())
                writer.AppendAsync(run).GetAwaiter().GetResult();
        }

        var request = _kit.Request(findings, ReportFormat.Html, "report.html");
        request.HistoryLocation = history;
        return File.ReadAllText(_kit.Write(request).Single());
    }

    private static string Section(string html, string id)
        => Regex.Match(html, $"<table id=\"{id}\">.*?</table>", RegexOptions.Singleline).Value;

    /// <summary>The body rows of a table, each as its cells' decoded text.</summary>
    private static List<string[]> Rows(string table)
        => Regex.Matches(Regex.Match(table, "<tbody>(.*)</tbody>", RegexOptions.Singleline).Groups[1].Value, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline)
                .Select(cell => System.Net.WebUtility.HtmlDecode(Regex.Replace(cell.Groups[1].Value, "<[^>]+>", ""))).ToArray())
            .ToList();
}
