using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// The run history's façade: one JSON line per run (<see cref="RunHistoryRecord"/>). A location is null or empty
    /// for the default local file (<see cref="DefaultLocalPath"/>), "s3://bucket/prefix" for S3 part objects
    /// ("&lt;prefix&gt;/history/&lt;yyyy-MM-dd&gt;/&lt;runId&gt;/&lt;seq&gt;.jsonl", the date of the run's start), or
    /// else a local file path (give it resolved). docs/records.md has the format.
    /// </summary>
    public static class RunHistory
    {
        public const string DefaultFileName = "runs.jsonl";
        private const string What = "run history";

        /// <summary>IamKeyHygiene/history/runs.jsonl under the user's local application data (as the audit log's default).</summary>
        public static string DefaultLocalPath => AuditLogs.LocalDataPath("history", DefaultFileName, ErrorCatalog.RunHistoryUnavailable, What, "a run history path");

        /// <summary>Opens the run history for appending, creating folders as needed; a location that cannot be written
        /// is RunHistoryUnavailable, before anything is written.</summary>
        public static IRunHistoryWriter Open(string? location, AuditLogConnection connection)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            if (location != null && S3AuditLocation.IsS3(location))
            {
                var s3 = S3AuditLocation.Parse(location, ErrorCatalog.RunHistoryUnavailable, What);
                var parts = S3PartObjects.Wait(S3PartObjects.OpenAsync(s3.Bucket, s3.HistoryFolder, AwsOf(connection, location), ErrorCatalog.RunHistoryUnavailable, CancellationToken.None));
                return new S3Writer(s3, parts);
            }

            return new LocalWriter(LocalLinesFile.Open(LocalPath(location), ErrorCatalog.RunHistoryUnavailable, What));
        }

        /// <summary>Every run in the history, oldest first (by start, then run id); a line torn by a killed writer is
        /// skipped with a warning on the connection's log. A local file that does not exist is RunHistoryUnavailable.</summary>
        public static async Task<IReadOnlyList<RunHistoryRecord>> ReadAllAsync(string? location, AuditLogConnection connection, CancellationToken cancellationToken)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            var records = new List<RunHistoryRecord>();
            if (location != null && S3AuditLocation.IsS3(location))
            {
                var s3 = S3AuditLocation.Parse(location, ErrorCatalog.RunHistoryUnavailable, What);
                using (var store = AwsOf(connection, location).CreateS3ObjectStore(ErrorCatalog.RunHistoryUnavailable))
                {
                    foreach (var (uri, text) in await S3PartObjects.ReadAsync(store, s3.Bucket, s3.HistoryFolder, cancellationToken).ConfigureAwait(false))
                        records.AddRange(Lines(text, uri, connection.Log));
                }
            }
            else
            {
                var (fullPath, text) = LocalLinesFile.ReadAll(LocalPath(location), ErrorCatalog.RunHistoryUnavailable, What, false, cancellationToken);
                records.AddRange(Lines(text, fullPath, connection.Log));
            }

            return records.OrderBy(r => r.Start).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
        }

        private static IEnumerable<RunHistoryRecord> Lines(string text, string source, IEngineLog log)
            => JsonLines.ReadLines<RunHistoryRecord>(text, "Run history", source, log, record => record.RunId.Length > 0);

        private static AwsConnection AwsOf(AuditLogConnection connection, string location) => connection.Aws
            ?? throw new EngineException(ErrorCatalog.RunHistoryUnavailable, location, $"The run history '{location}' is on S3, but no AWS connection was given to reach it.");

        private static string LocalPath(string? location) => string.IsNullOrEmpty(location) ? DefaultLocalPath : location!;

        private static void Check(RunHistoryRecord record)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            if (string.IsNullOrEmpty(record.RunId)) throw new ArgumentException("A run history record needs its run id.", nameof(record));
        }

        private sealed class LocalWriter : IRunHistoryWriter
        {
            private readonly LocalLinesFile _file;

            public LocalWriter(LocalLinesFile file) => _file = file;

            public string Location => _file.Location;

            public Task AppendAsync(RunHistoryRecord record, CancellationToken cancellationToken = default)
            {
                Check(record);
                cancellationToken.ThrowIfCancellationRequested();
                _file.Append(JsonLines.ToUtf8Line(record));
                return Task.CompletedTask;
            }

            public void Dispose() => _file.Dispose();
        }

        private sealed class S3Writer : IRunHistoryWriter
        {
            private readonly S3AuditLocation _location;
            private readonly S3PartObjects _parts;

            public S3Writer(S3AuditLocation location, S3PartObjects parts)
            {
                _location = location;
                _parts = parts;
            }

            public string Location => _location.Uri;

            public Task AppendAsync(RunHistoryRecord record, CancellationToken cancellationToken = default)
            {
                Check(record);
                var folder = $"{_location.HistoryFolder}{record.Start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{record.RunId}/";
                return _parts.PutAsync(folder, JsonLines.ToUtf8Line(record), cancellationToken);
            }

            public void Dispose() => _parts.Dispose();
        }
    }
}
