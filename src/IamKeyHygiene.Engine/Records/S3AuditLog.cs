using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// The audit log on S3: every line is its own part object (<see cref="S3PartObjects"/>),
    /// "&lt;prefix&gt;/audit/&lt;yyyy-MM-dd&gt;/&lt;runId&gt;/&lt;seq:000000&gt;.jsonl", stored before <see cref="Append"/>
    /// returns. The date is the UTC date of the run's first record, so a run that crosses midnight keeps one folder.
    /// </summary>
    internal sealed class S3AuditLog : IAuditLog
    {
        private readonly S3AuditLocation _location;
        private readonly S3PartObjects _parts;
        private readonly string _runId;
        private readonly object _gate = new object();
        private string? _runFolder;

        private S3AuditLog(S3AuditLocation location, S3PartObjects parts, string runId)
        {
            _location = location;
            _parts = parts;
            _runId = runId;
        }

        public string Location => _location.Uri;

        /// <summary>Checks the bucket can be listed (it exists, the credentials are accepted) before anything is changed.</summary>
        public static S3AuditLog Open(S3AuditLocation location, AwsConnection aws, string runId)
            => new S3AuditLog(location, S3PartObjects.Wait(S3PartObjects.OpenAsync(location.Bucket, location.AuditFolder, aws, ErrorCatalog.AuditLogUnavailable, CancellationToken.None)), runId);

        public void Append(AuditRecord record)
        {
            string folder;
            lock (_gate)
                folder = _runFolder ??= _location.RunFolder(record.Time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _runId);
            S3PartObjects.Wait(_parts.PutAsync(folder, AuditLines.ToUtf8Line(record), CancellationToken.None));
        }

        /// <summary>The run's records: its parts in every date folder, in key order.</summary>
        public static IReadOnlyList<AuditRecord> ReadRun(S3AuditLocation location, AwsConnection aws, string runId, IEngineLog log, CancellationToken cancellationToken)
        {
            using (var store = aws.CreateS3ObjectStore(ErrorCatalog.AuditLogUnavailable))
            {
                var dates = S3PartObjects.Wait(store.ListAsync(location.Bucket, location.AuditFolder, "/", cancellationToken)).CommonPrefixes;
                var records = new List<AuditRecord>();
                foreach (var date in dates)
                {
                    foreach (var (uri, text) in S3PartObjects.Wait(S3PartObjects.ReadAsync(store, location.Bucket, date + runId + "/", cancellationToken)))
                        records.AddRange(AuditLines.ReadLines(text, uri, log).Where(r => r.RunId == runId));
                }

                return records;
            }
        }

        public void Dispose() => _parts.Dispose();
    }
}
