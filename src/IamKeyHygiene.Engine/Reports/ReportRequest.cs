using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>What one report is made of and where it goes.</summary>
    public sealed class ReportRequest
    {
        public ReportRequest(IReadOnlyList<KeyFinding> findings, ReportFormat format, string path, DateTimeOffset generatedAt)
        {
            Findings = findings ?? throw new ArgumentNullException(nameof(findings));
            Format = format;
            Path = string.IsNullOrEmpty(path) ? throw new ArgumentException("A report path is required.", nameof(path)) : path;
            GeneratedAt = generatedAt;
        }

        public IReadOnlyList<KeyFinding> Findings { get; }
        public ReportFormat Format { get; }

        /// <summary>The file to write, resolved. ASFF with more than 100 findings writes name-001.json, name-002.json… instead.</summary>
        public string Path { get; }

        /// <summary>The module clock's now: the report's date, ASFF UpdatedAt.</summary>
        public DateTimeOffset GeneratedAt { get; }

        /// <summary>The run history for the HTML trend (a local path or s3:// URI); null for none.</summary>
        public string? HistoryLocation { get; set; }

        /// <summary>Reaches an s3:// history and hears warnings (torn history lines, findings ASFF leaves out).</summary>
        public AuditLogConnection Connection { get; set; } = AuditLogConnection.None;

        /// <summary>ASFF: the Security Hub region the findings are imported into (their ProductArn's).</summary>
        public string Region { get; set; } = "";
    }
}
