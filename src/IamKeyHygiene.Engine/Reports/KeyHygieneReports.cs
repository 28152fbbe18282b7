using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>
    /// The reports' façade (Export-KeyHygieneReport): HTML, CSV or ASFF files from findings and, for the HTML trend, the
    /// run history. docs/reports.md has each format.
    /// </summary>
    public static class KeyHygieneReports
    {
        /// <summary>Writes the report and returns the full paths of the files written, in order (none for an ASFF export
        /// with nothing to import: BatchImportFindings takes at least one finding). A file that cannot be
        /// written is ReportUnwritable; a history that cannot be read is RunHistoryUnavailable (both terminating).</summary>
        public static async Task<IReadOnlyList<string>> WriteAsync(ReportRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var log = request.Connection.Log;
            if (request.HistoryLocation != null && request.Format != ReportFormat.Html)
                log.Warning($"The run history is drawn only in the HTML report's trend; the {request.Format} report does not use it.");

            switch (request.Format)
            {
                case ReportFormat.Html:
                    var history = request.HistoryLocation == null
                        ? null
                        : await RunHistory.ReadAllAsync(request.HistoryLocation, request.Connection, cancellationToken).ConfigureAwait(false);
                    return WriteOne(request.Path, HtmlReport.Render(request.Findings, history, request.HistoryLocation, request.GeneratedAt));
                case ReportFormat.Csv:
                    return WriteOne(request.Path, CsvReport.Render(request.Findings));
                case ReportFormat.Asff:
                    return WriteAsff(request, log);
                default:
                    throw new ArgumentOutOfRangeException(nameof(request), request.Format, "an unknown report format");
            }
        }

        private static IReadOnlyList<string> WriteOne(string path, string text)
        {
            ReportFiles.Write(path, new UTF8Encoding(false).GetBytes(text));
            return new[] { path };
        }

        private static IReadOnlyList<string> WriteAsff(ReportRequest request, IEngineLog log)
        {
            if (string.IsNullOrEmpty(request.Region))
                throw new EngineException(ErrorCatalog.AwsConfiguration, null, "An ASFF report names the Security Hub region in every ProductArn: give -Region (or configure one as for any AWS call).");
            var earlier = ReportFiles.EarlierExport(request.Path);
            var previous = earlier.SelectMany(file => AsffReport.ReadPrevious(ReportFiles.Read(file), file, log)).ToList();
            var findings = AsffReport.Findings(request.Findings, previous, request.Region, request.GeneratedAt, log);
            if (findings.Count == 0)
            {
                // BatchImportFindings takes 1 to 100 findings: a file of none would only make a daily import fail.
                ReportFiles.RemoveStale(earlier, Array.Empty<string>());
                log.Verbose($"No Security Hub finding to import (no control fails and none failed before): no ASFF file written to {request.Path}" +
                            (earlier.Count > 0 ? ", and the earlier export there was removed." : "."));
                return Array.Empty<string>();
            }

            var batches = AsffReport.Batches(findings);
            var paths = ReportFiles.BatchPaths(request.Path, batches.Count);
            for (var i = 0; i < batches.Count; i++)
                ReportFiles.Write(paths[i], batches[i]);
            ReportFiles.RemoveStale(earlier, paths);
            return paths;
        }
    }
}
