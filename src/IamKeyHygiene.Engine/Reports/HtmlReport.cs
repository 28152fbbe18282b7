using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>
    /// The report as one self-contained HTML page: stage counts, the trend across the run history (inline SVG), one row
    /// per account, and the keys nearest their next stage first. It loads nothing: inline CSS, inline SVG, no script, no
    /// URL, and a Content-Security-Policy that forbids every fetch, so opening it makes no network request. Every value
    /// from AWS or a file is HTML-encoded (user names may hold + = , . @ _ -, account names anything).
    /// </summary>
    internal static class HtmlReport
    {
        public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

        private const string Style =
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#1b1f24;background:#fff}" +
            "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em}.meta{color:#57606a}" +
            "table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;white-space:nowrap}" +
            "th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}" +
            ".axis{stroke:#57606a}.tick,.legend{font-size:11px;fill:#1b1f24}.series polyline{stroke-width:2}" +
            ".stage-RootAccessKey{stroke:#6f42c1;fill:#6f42c1}.stage-ReadError{stroke:#57606a;fill:#57606a}" +
            ".stage-Disable{stroke:#cf222e;fill:#cf222e}.stage-Delete{stroke:#8c1d18;fill:#8c1d18}" +
            ".stage-Rotate{stroke:#0969da;fill:#0969da}.stage-Warn{stroke:#bf8700;fill:#bf8700}" +
            ".stage-NewKey{stroke:#1a7f37;fill:#1a7f37}.stage-Exempt{stroke:#8c959f;fill:#8c959f}" +
            ".bar{display:inline-block;height:.8em;background:#0969da;vertical-align:middle}";

        public static string Render(IReadOnlyList<KeyFinding> findings, IReadOnlyList<RunHistoryRecord>? history, string? historySource, DateTimeOffset generatedAt)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
            html.Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\">");
            html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
            html.Append("<title>IAM access key hygiene report</title>");
            html.Append("<style>").Append(Style).Append("</style></head>\n<body>\n");
            html.Append("<h1>IAM access key hygiene</h1>");
            var accounts = ReportFacts.Accounts(findings);
            html.Append($"<p class=\"meta\">Generated {E(Time(generatedAt))} from {findings.Count} finding(s) in {accounts.Count} account(s).</p>\n");

            StageCounts(html, findings);
            Trend(html, history, historySource);
            Accounts(html, accounts, findings);
            Keys(html, findings);

            html.Append("<p class=\"meta\">Stages and thresholds: the module's policy (docs/policy.md). Failed controls are AWS Security Hub's ")
                .Append("IAM.3 (access keys rotated within 90 days), IAM.8 (unused credentials removed after 90 days) and IAM.4 (no root user access key), ")
                .Append("judged at the controls' own 90 days.</p>\n</body></html>\n");
            return html.ToString();
        }

        private static void StageCounts(StringBuilder html, IReadOnlyList<KeyFinding> findings)
        {
            var counts = ReportFacts.CountByStage(findings);
            var max = Math.Max(1, counts.Select(c => c.Value).DefaultIfEmpty(0).Max());
            html.Append("<section id=\"stages\"><h2>Keys per stage</h2><table id=\"stage-counts\"><thead><tr><th>Stage</th><th>Keys</th><th></th></tr></thead><tbody>");
            foreach (var pair in counts)
            {
                var width = (int)Math.Round(200.0 * pair.Value / max);
                html.Append($"<tr><td>{E(pair.Key)}</td><td class=\"n\">{pair.Value}</td><td><span class=\"bar\" style=\"width:{width}px\"></span></td></tr>");
            }

            html.Append("</tbody></table></section>\n");
        }

        private static void Trend(StringBuilder html, IReadOnlyList<RunHistoryRecord>? history, string? historySource)
        {
            html.Append("<section id=\"trend\"><h2>Trend across runs</h2>");
            if (history == null)
                html.Append("<p class=\"meta\">No run history was given (-HistoryPath), so there is no trend.</p>");
            else if (history.Count == 0)
                html.Append($"<p class=\"meta\">The run history {E(historySource ?? "")} holds no run yet.</p>");
            else
            {
                html.Append($"<p class=\"meta\">{history.Count} run(s) from {E(Time(history[0].Start))} to {E(Time(history[history.Count - 1].Start))}, from {E(historySource ?? "")}.</p>");
                html.Append(TrendChart.Render(history));
            }

            html.Append("</section>\n");
        }

        private static void Accounts(StringBuilder html, IReadOnlyList<AccountRow> accounts, IReadOnlyList<KeyFinding> findings)
        {
            var stages = ReportFacts.CountByStage(findings).Select(c => c.Key).ToList();
            html.Append("<section id=\"accounts\"><h2>Accounts</h2><table id=\"account-table\"><thead><tr><th>Account</th><th>Name</th>");
            foreach (var stage in stages)
                html.Append($"<th>{E(stage)}</th>");
            html.Append("<th>Total</th></tr></thead><tbody>");
            foreach (var account in accounts)
            {
                html.Append($"<tr><td>{E(account.AccountId)}</td><td>{E(account.Name)}</td>");
                foreach (var stage in stages)
                    html.Append($"<td class=\"n\">{account.Count(stage)}</td>");
                html.Append($"<td class=\"n\">{account.Total}</td></tr>");
            }

            html.Append("</tbody></table></section>\n");
        }

        private static void Keys(StringBuilder html, IReadOnlyList<KeyFinding> findings)
        {
            html.Append("<section id=\"keys\"><h2>Keys, nearest their next stage first</h2><table id=\"key-table\"><thead><tr>")
                .Append("<th>Account</th><th>User</th><th>Access key</th><th>Status</th><th>Stage</th><th>Reasons</th><th>Age (days)</th>")
                .Append("<th>Unused (days)</th><th>Next stage</th><th>On</th><th>Owner</th></tr></thead><tbody>");
            foreach (var f in ReportFacts.NearestNextStageFirst(findings))
            {
                var stage = f.ExemptFromStage != null ? $"{f.Stage} (from {f.ExemptFromStage})" : f.Stage;
                html.Append($"<tr><td>{E(f.AccountId)}</td><td>{E(f.UserName)}</td><td>{E(f.AccessKeyId)}</td><td>{E(f.Status)}</td>")
                    .Append($"<td>{E(stage)}</td><td>{E(string.Join(", ", f.Reasons))}</td><td class=\"n\">{Number(f.AgeDays)}</td>")
                    .Append($"<td class=\"n\">{Number(f.DaysSinceLastUse)}</td><td>{E(f.NextStage ?? "")}</td>")
                    .Append($"<td>{E(f.NextStageDate.HasValue ? Time(f.NextStageDate.Value) : "")}</td><td>{E(ReportFacts.OwnerText(f))}</td></tr>");
            }

            html.Append("</tbody></table></section>\n");
        }

        private static string E(string text) => WebUtility.HtmlEncode(text);

        private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

        private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }
}
