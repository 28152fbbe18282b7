using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// The audit log on S3, which cannot append: every line is its own part object,
    /// "&lt;prefix&gt;/audit/&lt;yyyy-MM-dd&gt;/&lt;runId&gt;/&lt;seq:000000&gt;.jsonl", stored before <see cref="Append"/>
    /// returns, so a run killed mid-way leaves every line it had written. The date is the UTC date of the run's first
    /// record, so a run that crosses midnight keeps one folder. Readers list the run's parts and concatenate them in
    /// key order, which is the order the sequence numbers were taken.
    /// </summary>
    internal sealed class S3AuditLog : IAuditLog
    {
        private const string ContentType = "application/x-ndjson";
        private readonly S3AuditLocation _location;
        private readonly S3ObjectStore _store;
        private readonly string _runId;
        private readonly object _gate = new object();
        private string? _runFolder;
        private int _nextSequence;

        private S3AuditLog(S3AuditLocation location, S3ObjectStore store, string runId)
        {
            _location = location;
            _store = store;
            _runId = runId;
        }

        public string Location => _location.Uri;

        /// <summary>Checks the bucket can be listed (it exists, the credentials are accepted) before anything is changed.</summary>
        public static S3AuditLog Open(S3AuditLocation location, AwsConnection aws, string runId)
        {
            var store = aws.CreateS3ObjectStore(ErrorCatalog.AuditLogUnavailable);
            try
            {
                Wait(store.ListAsync(location.Bucket, location.AuditFolder, "/", CancellationToken.None));
                return new S3AuditLog(location, store, runId);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        public void Append(AuditRecord record)
        {
            var body = AuditLines.ToUtf8Line(record);
            string key;
            lock (_gate)
            {
                if (_runFolder == null)
                {
                    var folder = _location.RunFolder(record.Time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _runId);
                    // A run opened again (the same run id) continues after the parts already there, never over them.
                    var existing = Wait(_store.ListAsync(_location.Bucket, folder, null, CancellationToken.None)).Keys;
                    _nextSequence = existing.Select(SequenceOf).DefaultIfEmpty(-1).Max() + 1;
                    _runFolder = folder;
                }

                key = _runFolder + _nextSequence.ToString("000000", CultureInfo.InvariantCulture) + ".jsonl";
                _nextSequence++;
            }

            Wait(_store.PutAsync(_location.Bucket, key, body, ContentType, CancellationToken.None));
        }

        /// <summary>The run's records: its parts in every date folder, in key order.</summary>
        public static IReadOnlyList<AuditRecord> ReadRun(S3AuditLocation location, AwsConnection aws, string runId, IEngineLog log, CancellationToken cancellationToken)
        {
            using (var store = aws.CreateS3ObjectStore(ErrorCatalog.AuditLogUnavailable))
            {
                var dates = Wait(store.ListAsync(location.Bucket, location.AuditFolder, "/", cancellationToken)).CommonPrefixes;
                var records = new List<AuditRecord>();
                foreach (var date in dates)
                {
                    var parts = Wait(store.ListAsync(location.Bucket, date + runId + "/", null, cancellationToken)).Keys
                        .Where(key => key.EndsWith(".jsonl", StringComparison.Ordinal))
                        .OrderBy(key => key, StringComparer.Ordinal);
                    foreach (var part in parts)
                    {
                        var text = Encoding.UTF8.GetString(Wait(store.GetAsync(location.Bucket, part, cancellationToken)));
                        records.AddRange(AuditLines.ReadLines(text, $"s3://{location.Bucket}/{part}", log).Where(r => r.RunId == runId));
                    }
                }

                return records;
            }
        }

        public void Dispose() => _store.Dispose();

        private static int SequenceOf(string key)
        {
            var name = key.Substring(key.LastIndexOf('/') + 1);
            var dot = name.IndexOf('.');
            return int.TryParse(dot < 0 ? name : name.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
        }

        /// <summary>IAuditLog is synchronous (an intent must be stored before the change); the engine's threads have no
        /// synchronization context, so blocking here cannot deadlock.</summary>
        private static T Wait<T>(Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

        private static void Wait(Task task) => task.ConfigureAwait(false).GetAwaiter().GetResult();
    }
}
