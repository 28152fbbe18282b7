using System;
using System.Collections.Generic;
using System.Threading;
using System.Management.Automation;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Commands
{
    /// <summary>-AuditLogPath as every change cmdlet takes it: an s3:// URI as given, a local path resolved against the
    /// PowerShell location (not the process's), none for the default file (docs/records.md).</summary>
    internal static class AuditLogParameter
    {
        public const string Help = "Where the audit log goes: a local JSON-lines file (appended, flushed per line) or an "
            + "s3://bucket/prefix URI (one part object per line). Default: IamKeyHygiene/audit/audit.jsonl under the local "
            + "application data folder (docs/records.md).";

        /// <summary>Opens the run's audit log; AuditLogUnavailable (terminating) when it cannot be written.</summary>
        public static IAuditLog Open(PSCmdlet cmdlet, string? path, Func<AwsConnection> connection, IEngineLog log, string runId)
        {
            if (path != null && path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                return AuditLogs.Open(path, new AuditLogConnection(connection(), log), runId);
            }

            var local = path == null ? null : PolicyParameter.FullPath(cmdlet, path);
            return AuditLogs.Open(local, AuditLogConnection.Local(log), runId);
        }

        /// <summary>Opens the run history (Invoke-KeyHygiene -RunHistoryPath) the same way: s3:// as given, a local path
        /// resolved, none for the default file; RunHistoryUnavailable (terminating) when it cannot be written.</summary>
        public static IRunHistoryWriter OpenRunHistory(PSCmdlet cmdlet, string? path, Func<AwsConnection> connection, IEngineLog log)
        {
            if (path != null && path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                return RunHistory.Open(path, new AuditLogConnection(connection(), log));
            }

            return RunHistory.Open(path == null ? null : PolicyParameter.FullPath(cmdlet, path), AuditLogConnection.Local(log));
        }

        /// <summary>One earlier run's lines from the same log (Restore-AccessKey -RunId).</summary>
        public static IReadOnlyList<AuditRecord> ReadRun(PSCmdlet cmdlet, string? path, Func<AwsConnection> connection, IEngineLog log, string runId,
            CancellationToken cancellationToken)
        {
            if (path != null && path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                return AuditLogs.ReadRun(path, new AuditLogConnection(connection(), log), runId, cancellationToken);
            }

            var local = path == null ? null : PolicyParameter.FullPath(cmdlet, path);
            return AuditLogs.ReadRun(local, AuditLogConnection.Local(log), runId, cancellationToken);
        }
    }
}
