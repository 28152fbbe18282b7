using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>
    /// Where the shards of a scaled-out run leave their findings and where the merge finds them: under one location (a
    /// folder, or <c>s3://bucket/prefix</c> through AWSSDK.S3), one object per shard,
    /// <c>findings/&lt;yyyy-MM-dd&gt;/&lt;runId&gt;.jsonl</c> (the shard's start date, UTC). An object is written whole
    /// (S3 PutObject; locally a temporary file renamed into place), so a reader never sees half of one; a file that is
    /// still not whole (no end line, wrong counts) is refused with <see cref="ErrorCatalog.InvalidShardFindings"/>.
    /// </summary>
    public static class ShardFindingStore
    {
        private const string What = "shard findings";

        public static string DayFolder(DateTimeOffset day) => "findings/" + Day(day) + "/";

        public static async Task<string> WriteAsync(string location, ShardFindings shard, AuditLogConnection connection, CancellationToken cancellationToken)
        {
            if (shard == null) throw new ArgumentNullException(nameof(shard));
            var body = new MemoryStream();
            foreach (var line in shard.ToLines())
            {
                var bytes = JsonLines.ToUtf8Line(line);
                body.Write(bytes, 0, bytes.Length);
            }

            var relative = DayFolder(shard.Start) + shard.RunId + ".jsonl";
            if (S3AuditLocation.IsS3(location))
            {
                var s3 = S3AuditLocation.Parse(location, ErrorCatalog.InvalidShardFindings, What);
                using (var store = Aws(connection, location).CreateS3ObjectStore(ErrorCatalog.InvalidShardFindings))
                {
                    await store.PutAsync(s3.Bucket, s3.Prefix + relative, body.ToArray(), "application/x-ndjson", cancellationToken).ConfigureAwait(false);
                }

                return $"s3://{s3.Bucket}/{s3.Prefix}{relative}";
            }

            var path = LocalPath(location, relative);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temporary = path + ".writing";
                File.WriteAllBytes(temporary, body.ToArray());
                if (File.Exists(path)) File.Delete(path);
                File.Move(temporary, path);
                return path;
            }
            catch (Exception exception) when (LocalLinesFile.IsFileSystemError(exception))
            {
                throw new EngineException(ErrorCatalog.InvalidShardFindings, path, $"The shard findings '{path}' cannot be written: {exception.Message}", exception);
            }
        }

        /// <summary>Every shard of that day under the location, each whole and judged under <paramref name="policyHash"/>;
        /// none at all, or one that is not whole or was judged under another policy, is a terminating
        /// <see cref="ErrorCatalog.InvalidShardFindings"/>: the merge never acts on partial data.</summary>
        public static async Task<IReadOnlyList<ShardFindings>> ReadDayAsync(string location, DateTimeOffset day, string policyHash,
            AuditLogConnection connection, CancellationToken cancellationToken)
        {
            var texts = new List<(string Source, string Text)>();
            string where;
            if (S3AuditLocation.IsS3(location))
            {
                var s3 = S3AuditLocation.Parse(location, ErrorCatalog.InvalidShardFindings, What);
                where = $"s3://{s3.Bucket}/{s3.Prefix}{DayFolder(day)}";
                using (var store = Aws(connection, location).CreateS3ObjectStore(ErrorCatalog.InvalidShardFindings))
                {
                    texts.AddRange(await S3PartObjects.ReadAsync(store, s3.Bucket, s3.Prefix + DayFolder(day), cancellationToken).ConfigureAwait(false));
                }
            }
            else
            {
                where = LocalPath(location, DayFolder(day));
                try
                {
                    if (Directory.Exists(where))
                    {
                        foreach (var file in Directory.GetFiles(where, "*.jsonl").OrderBy(f => f, StringComparer.Ordinal))
                            texts.Add((file, File.ReadAllText(file, Encoding.UTF8)));
                    }
                }
                catch (Exception exception) when (LocalLinesFile.IsFileSystemError(exception))
                {
                    throw new EngineException(ErrorCatalog.InvalidShardFindings, where, $"The shard findings under '{where}' cannot be read: {exception.Message}", exception);
                }
            }

            if (texts.Count == 0)
            {
                throw new EngineException(ErrorCatalog.InvalidShardFindings, where,
                    $"No shard findings under '{where}' for {Day(day)}: run the shards (-ShardFindingsPath) first, or give the day they ran with -ShardDate.");
            }

            var shards = new List<ShardFindings>();
            foreach (var (source, text) in texts)
            {
                var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Select(JsonLines.TryParse<ShardLine>).ToList();
                var shard = ShardFindings.FromLines(lines, source, out var problem);
                if (problem != null)
                    throw new EngineException(ErrorCatalog.InvalidShardFindings, source, $"The shard findings '{source}' cannot be merged: {problem}. Nothing was acted on.");
                if (!string.Equals(shard.PolicyHash, policyHash, StringComparison.Ordinal))
                {
                    throw new EngineException(ErrorCatalog.InvalidShardFindings, source,
                        $"The shard findings '{source}' were judged under another policy (hash {shard.PolicyHash}, this run's is {policyHash}): run every shard and the merge with the same policy files. Nothing was acted on.");
                }

                shards.Add(shard);
            }

            return shards;
        }

        private static string Day(DateTimeOffset day) => day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string LocalPath(string location, string relative)
        {
            try
            {
                return Path.GetFullPath(Path.Combine(location, relative));
            }
            catch (Exception exception) when (LocalLinesFile.IsFileSystemError(exception))
            {
                throw new EngineException(ErrorCatalog.InvalidShardFindings, location, $"The shard findings location '{location}' is not a usable path: {exception.Message}", exception);
            }
        }

        private static Aws.AwsConnection Aws(AuditLogConnection connection, string location) => connection.Aws
            ?? throw new EngineException(ErrorCatalog.InvalidShardFindings, location, $"The shard findings location '{location}' is on S3, but no AWS connection was given to reach it.");
    }
}
