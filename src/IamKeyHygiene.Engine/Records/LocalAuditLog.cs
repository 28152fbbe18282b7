using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// The audit log as a local JSON-lines file: each line appended whole and flushed to disk before
    /// <see cref="Append"/> returns, locked within and across processes (<see cref="LocalLinesFile"/> has the
    /// guarantees). A line torn by a killed writer is skipped by readers.
    /// </summary>
    internal sealed class LocalAuditLog : IAuditLog
    {
        private const string What = "audit log";
        private readonly LocalLinesFile _file;

        private LocalAuditLog(LocalLinesFile file) => _file = file;

        public string Location => _file.Location;

        /// <summary>Creates the folders and opens (or creates) the file; any failure is AuditLogUnavailable, before anything is written.</summary>
        public static LocalAuditLog Open(string path) => new LocalAuditLog(LocalLinesFile.Open(path, ErrorCatalog.AuditLogUnavailable, What));

        public void Append(AuditRecord record) => _file.Append(AuditLines.ToUtf8Line(record));

        /// <summary>The run's records in file order; lines that are not records (torn by a killed writer, or still being
        /// written) are skipped with a warning naming the line.</summary>
        public static IReadOnlyList<AuditRecord> ReadRun(string path, string runId, IEngineLog log, CancellationToken cancellationToken)
        {
            var (fullPath, text) = LocalLinesFile.ReadAll(path, ErrorCatalog.AuditLogUnavailable, What, false, cancellationToken);
            return AuditLines.ReadLines(text, fullPath, log).Where(record => string.Equals(record.RunId, runId, StringComparison.Ordinal)).ToList();
        }

        public void Dispose() => _file.Dispose();
    }
}
