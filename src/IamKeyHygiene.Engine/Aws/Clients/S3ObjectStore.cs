using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3.Model;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>
    /// The three S3 operations the records need, in engine types: put a whole object, get one, list the keys under a
    /// prefix (every page). A failure is an <see cref="EngineException"/> of the entry the caller names (the audit log's
    /// AuditLogUnavailable, say), its category that of the AWS answer, its target the s3:// URI.
    /// </summary>
    internal sealed class S3ObjectStore : IDisposable
    {
        private readonly S3Client _client;
        private readonly ErrorEntry _failure;

        public S3ObjectStore(S3Client client, ErrorEntry failure)
        {
            _client = client;
            _failure = failure;
        }

        public async Task PutAsync(string bucket, string key, byte[] body, string contentType, CancellationToken cancellationToken)
        {
            try
            {
                using (var stream = new MemoryStream(body, writable: false))
                {
                    await _client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        InputStream = stream,
                        ContentType = contentType,
                        AutoCloseStream = false,
                        // The whole body, signed with its SHA-256 (the SDK would otherwise send an aws-chunked stream).
                        UseChunkEncoding = false,
                    }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw Failure("PutObject", bucket, key, exception);
            }
        }

        public async Task<byte[]> GetAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            try
            {
                using (var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false))
                using (var buffer = new MemoryStream())
                {
                    await response.ResponseStream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                    return buffer.ToArray();
                }
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw Failure("GetObject", bucket, key, exception);
            }
        }

        /// <summary>Every key under the prefix, in S3's order (UTF-8 binary), all pages; with a delimiter, the keys
        /// below the next delimiter come back rolled up as common prefixes instead.</summary>
        public async Task<S3Listing> ListAsync(string bucket, string prefix, string? delimiter, CancellationToken cancellationToken)
        {
            var listing = new S3Listing();
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, Delimiter = delimiter };
            try
            {
                while (true)
                {
                    var page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                    foreach (var item in page.S3Objects ?? new List<S3Object>())
                        listing.Keys.Add(item.Key);
                    listing.CommonPrefixes.AddRange(page.CommonPrefixes ?? new List<string>());
                    if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
                        return listing;
                    request.ContinuationToken = page.NextContinuationToken;
                }
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw Failure("ListObjectsV2", bucket, prefix, exception);
            }
        }

        public void Dispose() => _client.Dispose();

        private EngineException Failure(string operation, string bucket, string key, Exception exception)
        {
            var target = $"s3://{bucket}/{key}";
            return SdkCallFailure.Of(_failure, target, EndpointResolver.S3, operation, $"S3 {operation} on {target}", exception);
        }
    }

    /// <summary>What ListObjectsV2 found: keys and (with a delimiter) common prefixes, each in S3's order.</summary>
    internal sealed class S3Listing
    {
        public List<string> Keys { get; } = new List<string>();
        public List<string> CommonPrefixes { get; } = new List<string>();
    }
}
