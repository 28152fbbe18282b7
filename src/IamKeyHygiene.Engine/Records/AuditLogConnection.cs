using System;
using IamKeyHygiene.Engine.Aws;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// What an audit log (or a run history: <see cref="RunHistory"/>) needs besides its location: the AWS connection for an s3:// URI (credentials, region,
    /// endpoints and retry settings, as every other client of the module) and the log that hears about skipped
    /// torn lines. A local file needs no AWS connection: <see cref="None"/>, or <see cref="Local"/> with a log.
    /// </summary>
    public sealed class AuditLogConnection
    {
        public AuditLogConnection(AwsConnection? aws, IEngineLog log)
        {
            Aws = aws;
            Log = log ?? throw new ArgumentNullException(nameof(log));
        }

        /// <summary>No AWS connection and a log that drops everything: enough for a local file.</summary>
        public static AuditLogConnection None { get; } = new AuditLogConnection(null, NullEngineLog.Instance);

        /// <summary>A local file only, with a log.</summary>
        public static AuditLogConnection Local(IEngineLog log) => new AuditLogConnection(null, log);

        /// <summary>Null when only local files can be used; an s3:// location then fails with AuditLogUnavailable (RunHistoryUnavailable for a run history).</summary>
        public AwsConnection? Aws { get; }

        public IEngineLog Log { get; }
    }
}
