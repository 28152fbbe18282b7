using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// The audit log's façade. A location is null or empty for the default local file
    /// (<see cref="DefaultLocalPath"/>), "s3://bucket/prefix" for S3 part objects, or else a local file path (give it
    /// resolved: a relative path is taken from the process's current directory). docs/records.md has the format.
    /// </summary>
    public static class AuditLogs
    {
        public const string DefaultFileName = "audit.jsonl";

        /// <summary>
        /// The default local file: IamKeyHygiene/audit/audit.jsonl under the user's local application data
        /// (%LOCALAPPDATA% on Windows, ~/.local/share or $XDG_DATA_HOME on Linux, ~/Library/Application Support on
        /// macOS with .NET 8 and later); AuditLogUnavailable when the system has no such folder.
        /// </summary>
        public static string DefaultLocalPath
        {
            get { return LocalDataPath("audit", DefaultFileName, ErrorCatalog.AuditLogUnavailable, "audit log", "-AuditLogPath"); }
        }

        /// <summary>IamKeyHygiene/&lt;folder&gt;/&lt;file&gt; under the user's local application data; <paramref name="failure"/>
        /// when the system has no such folder.</summary>
        internal static string LocalDataPath(string folder, string file, ErrorEntry failure, string what, string parameter)
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(root))
                throw new EngineException(failure, null,
                    $"No default {what}: this system has no local application data folder (is HOME set?). Give {parameter}.");
            return Path.Combine(root, "IamKeyHygiene", folder, file);
        }

        /// <summary>Opens the run's audit log, creating folders as needed; a location that cannot be written is a
        /// terminating AuditLogUnavailable error before anything is changed.</summary>
        public static IAuditLog Open(string? location, AuditLogConnection connection, string runId)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            if (string.IsNullOrEmpty(runId)) throw new ArgumentException("A run id is required.", nameof(runId));
            if (location != null && S3AuditLocation.IsS3(location))
                return S3AuditLog.Open(S3AuditLocation.Parse(location), AwsOf(connection, location), runId);
            return LocalAuditLog.Open(LocalPath(location));
        }

        /// <summary>The run's records, in the order they were written; lines torn by a killed writer are skipped and a
        /// warning on the connection's log says so.</summary>
        public static IReadOnlyList<AuditRecord> ReadRun(string? location, AuditLogConnection connection, string runId, CancellationToken cancellationToken)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            if (string.IsNullOrEmpty(runId)) throw new ArgumentException("A run id is required.", nameof(runId));
            if (location != null && S3AuditLocation.IsS3(location))
                return S3AuditLog.ReadRun(S3AuditLocation.Parse(location), AwsOf(connection, location), runId, connection.Log, cancellationToken);
            return LocalAuditLog.ReadRun(LocalPath(location), runId, connection.Log, cancellationToken);
        }

        private static AwsConnection AwsOf(AuditLogConnection connection, string location) => connection.Aws
            ?? throw new EngineException(ErrorCatalog.AuditLogUnavailable, location, $"The audit log '{location}' is on S3, but no AWS connection was given to reach it.");

        private static string LocalPath(string? location) => string.IsNullOrEmpty(location) ? DefaultLocalPath : location!;
    }
}
