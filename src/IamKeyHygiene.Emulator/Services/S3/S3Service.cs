using System.Security.Cryptography;
using System.Text;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.S3;

/// <summary>One stored object: its bytes, ETag (the MD5 of the bytes, quoted, as S3 gives for a single-part upload), time and type.</summary>
public sealed record S3Object(byte[] Body, string ETag, DateTimeOffset LastModified, string ContentType);

/// <summary>What an S3 request asks for, already authenticated: the operation, bucket, key and its query and headers.</summary>
public sealed record S3Request(string Operation, string Bucket, string Key, IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers, byte[] Body, Caller Caller);

/// <summary>An S3 answer: status, headers and body (empty for HEAD).</summary>
public sealed record S3Answer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, string ContentType = "application/xml");

/// <summary>
/// S3 for the audit log and run history: CreateBucket, PutObject, GetObject, HeadObject and ListObjectsV2, over
/// buckets made with CreateBucket (a bucket belongs to the account that made it; any authenticated caller of the
/// emulator may use any bucket: no bucket policies). Objects live in memory and go with a reset.
/// </summary>
public sealed class S3Service
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly object sync = new();
    private readonly Dictionary<string, (string OwnerAccountId, SortedDictionary<string, S3Object> Objects)> buckets = new(StringComparer.Ordinal);
    private readonly EmulatorState state;

    public S3Service(EmulatorState state) => this.state = state;

    /// <summary>The operation a method and path (path style: /bucket or /bucket/key) and query name.</summary>
    public static string OperationOf(string method, string bucket, string key, IReadOnlyDictionary<string, string> query) => (method, bucket.Length > 0, key.Length > 0) switch
    {
        ("PUT", true, false) => "CreateBucket",
        ("PUT", true, true) => "PutObject",
        ("GET", true, true) => "GetObject",
        ("HEAD", true, true) => "HeadObject",
        ("GET", true, false) when query.TryGetValue("list-type", out var listType) && listType == "2" => "ListObjectsV2",
        _ => "Unsupported",
    };

    public S3Answer Handle(S3Request request) => request.Operation switch
    {
        "CreateBucket" => CreateBucket(request),
        "PutObject" => PutObject(request),
        "GetObject" => GetObject(request, withBody: true),
        "HeadObject" => GetObject(request, withBody: false),
        "ListObjectsV2" => S3Listing.List(request, Snapshot(request.Bucket)),
        _ => throw new AwsErrorException("NotImplemented", "A header or query you provided implies functionality that is not implemented (this emulator serves CreateBucket, PutObject, GetObject, HeadObject and ListObjectsV2).", 501),
    };

    private S3Answer CreateBucket(S3Request request)
    {
        if (!IsValidBucketName(request.Bucket))
        {
            throw new AwsErrorException("InvalidBucketName", "The specified bucket is not valid.", 400);
        }

        lock (sync)
        {
            if (buckets.TryGetValue(request.Bucket, out var existing))
            {
                throw existing.OwnerAccountId == request.Caller.Account.Id
                    ? new AwsErrorException("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409)
                    : new AwsErrorException("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", 409);
            }

            buckets[request.Bucket] = (request.Caller.Account.Id, new SortedDictionary<string, S3Object>(StringComparer.Ordinal));
        }

        return new S3Answer(200, new Dictionary<string, string> { ["Location"] = "/" + request.Bucket }, Array.Empty<byte>());
    }

    private S3Answer PutObject(S3Request request)
    {
        // MD5 because S3's protocol uses it (Content-MD5, single-part ETags), not for security.
#pragma warning disable CA5351
        var md5 = MD5.HashData(request.Body);
#pragma warning restore CA5351
        if (request.Headers.TryGetValue("Content-MD5", out var declared) && declared != Convert.ToBase64String(md5))
        {
            throw new AwsErrorException("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
        }

        var etag = "\"" + Convert.ToHexStringLower(md5) + "\"";
        var stored = new S3Object(request.Body, etag, Whole(state.Clock.WallNow),
            request.Headers.TryGetValue("Content-Type", out var type) && type.Length > 0 ? type : "binary/octet-stream");
        lock (sync)
        {
            BucketLocked(request.Bucket).Objects[request.Key] = stored;
        }

        return new S3Answer(200, new Dictionary<string, string> { ["ETag"] = etag }, Array.Empty<byte>());
    }

    private S3Answer GetObject(S3Request request, bool withBody)
    {
        S3Object found;
        lock (sync)
        {
            if (!BucketLocked(request.Bucket).Objects.TryGetValue(request.Key, out found!))
            {
                throw NoSuchKey(request.Key);
            }
        }

        var headers = new Dictionary<string, string>
        {
            ["ETag"] = found.ETag,
            ["Last-Modified"] = found.LastModified.ToString("R"),
            ["Content-Length"] = found.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Accept-Ranges"] = "bytes",
        };
        return new S3Answer(200, headers, withBody ? found.Body : Array.Empty<byte>(), found.ContentType);
    }

    /// <summary>The bucket's keys and objects at this moment, in key order.</summary>
    private KeyValuePair<string, S3Object>[] Snapshot(string bucket)
    {
        lock (sync)
        {
            return BucketLocked(bucket).Objects.ToArray();
        }
    }

    private (string OwnerAccountId, SortedDictionary<string, S3Object> Objects) BucketLocked(string bucket) =>
        buckets.TryGetValue(bucket, out var found) ? found : throw NoSuchBucket(bucket);

    /// <summary>S3 keeps times to the second in Last-Modified.</summary>
    private static DateTimeOffset Whole(DateTimeOffset time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static bool IsValidBucketName(string name) =>
        name.Length is >= 3 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);

    /// <summary>The S3 error document: no ErrorResponse wrapper; extra members (Key, BucketName) beside the code.</summary>
    public static string ErrorBody(AwsErrorException error, string requestId)
    {
        var extra = string.Concat((error.ExtraJsonMembers ?? new Dictionary<string, string>()).Select(m => $"<{m.Key}>{Escape(m.Value)}</{m.Key}>"));
        return $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{Escape(error.Code)}</Code><Message>{Escape(error.Message)}</Message>{extra}<RequestId>{requestId}</RequestId><HostId>{requestId}</HostId></Error>";
    }

    public static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? string.Empty;

    private static AwsErrorException NoSuchKey(string key) => new("NoSuchKey", "The specified key does not exist.", 404)
    {
        ExtraJsonMembers = new Dictionary<string, string> { ["Key"] = key },
    };

    private static AwsErrorException NoSuchBucket(string bucket) => new("NoSuchBucket", "The specified bucket does not exist", 404)
    {
        ExtraJsonMembers = new Dictionary<string, string> { ["BucketName"] = bucket },
    };
}
