using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Reports;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes findings as a self-contained HTML report, a CSV file, or Security Hub ASFF JSON.</para>
    /// <para type="description">Takes AccessKeyFinding objects from the pipeline (or objects with their properties, such
    /// as Import-Csv rows) and writes one report when the input ends. Html: one page that loads nothing (inline CSS and
    /// SVG, no script): keys per stage, a trend chart of the run history given with -HistoryPath, a table per account,
    /// and the keys nearest their next stage first. Csv: one row per finding, stable columns. Asff: AWS Security Finding
    /// Format for BatchImportFindings, at most 100 findings per file. docs/reports.md describes each format.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "KeyHygieneReport")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportKeyHygieneReportCommand : AwsCmdletBase
    {
        private readonly List<KeyFinding> _findings = new List<KeyFinding>();

        /// <summary><para type="description">The findings: AccessKeyFinding objects from Get-StaleAccessKey, or objects with their properties (Import-Csv rows, ConvertFrom-Json output).</para></summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public PSObject[]? InputObject { get; set; }

        /// <summary><para type="description">Html (default), Csv or Asff.</para></summary>
        [Parameter]
        [ValidateSet("Html", "Csv", "Asff")]
        public string Format { get; set; } = "Html";

        /// <summary><para type="description">The file to write (replaced if it exists). For Asff with more than 100 findings, NAME-001.json, NAME-002.json… beside it instead; an earlier Asff export at this path is read first, so findings that now pass are written ARCHIVED; with nothing to import (BatchImportFindings takes 1 to 100 findings), no file is written and the earlier export is removed.</para></summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary><para type="description">The run history drawn as the HTML report's trend: a local JSON-lines file or an s3://bucket/prefix URI (docs/records.md). No default: without it the report has no trend.</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HistoryPath { get; set; }

        /// <summary><para type="description">Writes a FileInfo for each file written.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var input in InputObject ?? Array.Empty<PSObject>())
            {
                try
                {
                    _findings.Add(input.BaseObject is AccessKeyFinding finding ? finding.Engine : FindingInput.From(input));
                }
                catch (ArgumentException exception)
                {
                    StopWith(new EngineException(ErrorCatalog.NotAFinding, input.ToString(), exception.Message, exception));
                }
            }
        }

        protected override void EndProcessing()
        {
            var format = (ReportFormat)Enum.Parse(typeof(ReportFormat), Format, true);
            var request = new ReportRequest(_findings, format, PolicyParameter.FullPath(this, Path), Now())
            {
                HistoryLocation = HistoryPath == null || IsS3(HistoryPath) ? HistoryPath : PolicyParameter.FullPath(this, HistoryPath),
                Connection = new AuditLogConnection(NeedsAws(format) ? Connection : null, EngineHost),
                Region = format == ReportFormat.Asff ? Connection.Region : "",
            };
            var written = WaitForEngine(token => KeyHygieneReports.WriteAsync(request, token));
            WriteQueued();
            foreach (var path in written)
            {
                WriteVerbose($"Wrote {path}.");
                if (PassThru)
                    WriteObject(new FileInfo(path));
            }
        }

        private bool NeedsAws(ReportFormat format) => format == ReportFormat.Asff || (HistoryPath != null && IsS3(HistoryPath));

        private static bool IsS3(string location) => location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

        private DateTimeOffset Now()
        {
            try
            {
                return EngineClock.FromEnvironment(Environment.GetEnvironmentVariable).UtcNow;
            }
            catch (ArgumentException exception)
            {
                StopWith(new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, exception.Message, exception));
                throw; // not reached: StopWith always throws
            }
        }
    }
}
