using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// One audit record as one JSON line (<see cref="JsonLines"/>): camelCase names in <see cref="AuditRecord"/>'s
    /// order, the time as ISO-8601 UTC, no null members.
    /// </summary>
    internal static class AuditLines
    {
        private const string What = "Audit log";

        /// <summary>The record's line, newline included, as UTF-8.</summary>
        public static byte[] ToUtf8Line(AuditRecord record) => JsonLines.ToUtf8Line(record);

        /// <summary>The record a line holds, or null when the line is not one (a line torn by a killed writer).</summary>
        public static AuditRecord? TryParse(string line) => JsonLines.TryParse<AuditRecord>(line);

        /// <summary>The records of a JSON-lines text, in order; torn lines skipped with a warning naming them.</summary>
        public static IEnumerable<AuditRecord> ReadLines(string text, string source, IEngineLog log) => JsonLines.ReadLines<AuditRecord>(text, What, source, log);
    }
}
