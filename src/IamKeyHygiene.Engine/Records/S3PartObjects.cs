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
    /// Records on S3, which cannot append: each write is its own numbered part object, "&lt;folder&gt;&lt;seq:000000&gt;.jsonl",
    /// stored before <see cref="PutAsync"/> returns, so a run killed mid-way leaves every part it had written. A folder
    /// written again (the same run id) continues after the parts already there, never over them. Readers concatenate
    /// the parts in key order, which is the order the sequence numbers were taken. Every S3 failure is the given
    /// error entry (the audit log's, the run history's).
    /// </summary>
    internal sealed class S3PartObjects : IDisposable
    {
        private const string ContentType = "application/x-ndjson";
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _nextSequence = new Dictionary<string, int>(StringComparer.Ordinal);

        private S3PartObjects(S3ObjectStore store, string bucket)
        {
            Store = store;
            Bucket = bucket;
        }

        public S3ObjectStore Store { get; }
        public string Bucket { get; }

        /// <summary>Checks the bucket can be listed under <paramref name="folder"/> (it exists, the credentials are
        /// accepted) before anything is written or changed.</summary>
        public static async Task<S3PartObjects> OpenAsync(string bucket, string folder, AwsConnection aws, ErrorEntry failure, CancellationToken cancellationToken)
        {
            var store = aws.CreateS3ObjectStore(failure);
            try
            {
                await store.ListAsync(bucket, folder, "/", cancellationToken).ConfigureAwait(false);
                return new S3PartObjects(store, bucket);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>Stores <paramref name="body"/> as the folder's next part.</summary>
        public async Task PutAsync(string folder, byte[] body, CancellationToken cancellationToken)
        {
            int sequence;
            bool known;
            lock (_gate)
                known = _nextSequence.TryGetValue(folder, out sequence);
            if (!known)
            {
                var existing = (await Store.ListAsync(Bucket, folder, null, cancellationToken).ConfigureAwait(false)).Keys;
                lock (_gate)
                {
                    if (!_nextSequence.ContainsKey(folder))
                        _nextSequence[folder] = existing.Select(SequenceOf).DefaultIfEmpty(-1).Max() + 1;
                }
            }

            lock (_gate)
            {
                sequence = _nextSequence[folder];
                _nextSequence[folder] = sequence + 1;
            }

            var key = folder + sequence.ToString("000000", CultureInfo.InvariantCulture) + ".jsonl";
            await Store.PutAsync(Bucket, key, body, ContentType, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The text of every part under <paramref name="prefix"/> (any depth), in key order, with its s3:// URI.</summary>
        public static async Task<IReadOnlyList<(string Uri, string Text)>> ReadAsync(S3ObjectStore store, string bucket, string prefix, CancellationToken cancellationToken)
        {
            var parts = (await store.ListAsync(bucket, prefix, null, cancellationToken).ConfigureAwait(false)).Keys
                .Where(key => key.EndsWith(".jsonl", StringComparison.Ordinal))
                .OrderBy(key => key, StringComparer.Ordinal);
            var texts = new List<(string, string)>();
            foreach (var part in parts)
            {
                var body = await store.GetAsync(bucket, part, cancellationToken).ConfigureAwait(false);
                texts.Add(($"s3://{bucket}/{part}", Encoding.UTF8.GetString(body)));
            }

            return texts;
        }

        public void Dispose() => Store.Dispose();

        /// <summary>A synchronous caller's wait (the audit log's intent must be stored before the change); the engine's
        /// threads have no synchronization context, so blocking here cannot deadlock.</summary>
        public static T Wait<T>(Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

        public static void Wait(Task task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

        private static int SequenceOf(string key)
        {
            var name = key.Substring(key.LastIndexOf('/') + 1);
            var dot = name.IndexOf('.');
            return int.TryParse(dot < 0 ? name : name.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
        }
    }
}
