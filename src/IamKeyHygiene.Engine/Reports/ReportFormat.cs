namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>The files Export-KeyHygieneReport writes (docs/reports.md).</summary>
    public enum ReportFormat
    {
        /// <summary>One self-contained HTML page: stage counts, trend chart, accounts, keys.</summary>
        Html,

        /// <summary>One CSV row per finding, stable columns.</summary>
        Csv,

        /// <summary>AWS Security Finding Format JSON for Security Hub BatchImportFindings, at most 100 per file.</summary>
        Asff,
    }
}
