using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Records;

/// <summary>The audit log on an s3:// URI, through AWSSDK.S3 against the emulator: one part object per line stored before
/// Append returns, read back in order, a bad bucket refused at Open, S3's answers as AuditLogUnavailable.</summary>
public sealed class S3AuditLogTests : IAsyncLifetime
{
    private const string Bucket = "hygiene-records";
    private EmulatorHost _host = null!;
    private AuditLogConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorTestKit.StartAsync();
        _connection = new AuditLogConnection(Connect(_host.SecretAccessKey), new MemoryLog());
        using var s3 = SdkClient(RequestChecksumCalculation.WHEN_REQUIRED);
        await s3.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_line_is_a_part_object_under_the_date_and_run_stored_before_Append_returns()
    {
        using var log = AuditLogs.Open($"s3://{Bucket}/org/prod", _connection, "run-7");
        log.Append(LocalAuditLogTests.Record("run-7", "AKIA1", AuditRecord.IntentPhase));

        // Read with the SDK directly, while the log is still open: the intent is already stored.
        var keys = await ListKeysAsync("org/prod/");
        Assert.Equal(new[] { "org/prod/audit/2026-11-30/run-7/000000.jsonl" }, keys);

        log.Append(LocalAuditLogTests.Record("run-7", "AKIA1", AuditRecord.OutcomePhase));
        Assert.Equal("org/prod/audit/2026-11-30/run-7/000001.jsonl", (await ListKeysAsync("org/prod/"))[1]);
        Assert.Equal("s3://hygiene-records/org/prod", log.Location);
    }

    [Fact]
    public void ReadRun_concatenates_the_runs_parts_in_order_and_only_that_run()
    {
        using (var log = AuditLogs.Open($"s3://{Bucket}", _connection, "run-1"))
        using (var other = AuditLogs.Open($"s3://{Bucket}", _connection, "run-2"))
        {
            for (var i = 0; i < 12; i++)
            {
                log.Append(LocalAuditLogTests.Record("run-1", $"AKIA{i:D4}", AuditRecord.IntentPhase));
                other.Append(LocalAuditLogTests.Record("run-2", $"AKIB{i:D4}", AuditRecord.IntentPhase));
            }
        }

        var read = AuditLogs.ReadRun($"s3://{Bucket}/", _connection, "run-1", CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"AKIA{i:D4}"), read.Select(r => r.AccessKeyId));
    }

    [Fact]
    public void A_run_killed_mid_way_leaves_every_line_it_had_written_and_a_reopened_run_writes_after_them()
    {
        var killed = AuditLogs.Open($"s3://{Bucket}/p", _connection, "run-k");
        killed.Append(LocalAuditLogTests.Record("run-k", "AKIA1", AuditRecord.IntentPhase));
        killed.Append(LocalAuditLogTests.Record("run-k", "AKIA2", AuditRecord.IntentPhase));
        // Never disposed: nothing is buffered to lose.

        using (var again = AuditLogs.Open($"s3://{Bucket}/p", _connection, "run-k"))
            again.Append(LocalAuditLogTests.Record("run-k", "AKIA3", AuditRecord.OutcomePhase));

        var read = AuditLogs.ReadRun($"s3://{Bucket}/p", _connection, "run-k", CancellationToken.None);
        Assert.Equal(new[] { "AKIA1", "AKIA2", "AKIA3" }, read.Select(r => r.AccessKeyId));
    }

    [Fact]
    public void A_bucket_that_does_not_exist_is_AuditLogUnavailable_at_Open()
    {
        var error = Assert.Throws<EngineException>(() => AuditLogs.Open("s3://no-such-bucket/x", _connection, "run-1"));

        Assert.Equal("AuditLogUnavailable", error.ErrorId);
        Assert.Equal(EngineErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal("NoSuchBucket", error.AwsErrorCode);
        Assert.Contains("s3://no-such-bucket/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_S3_rejects_are_AuditLogUnavailable_and_never_show_the_secret()
    {
        var wrong = new AuditLogConnection(Connect("not-the-secret-0000000000000000000000000"), new MemoryLog());

        var error = Assert.Throws<EngineException>(() => AuditLogs.Open($"s3://{Bucket}", wrong, "run-1"));

        Assert.Equal("AuditLogUnavailable", error.ErrorId);
        Assert.Equal("SignatureDoesNotMatch", error.AwsErrorCode);
        Assert.DoesNotContain("not-the-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_intent_that_cannot_be_stored_throws_so_the_caller_changes_nothing()
    {
        using var log = AuditLogs.Open($"s3://{Bucket}", _connection, "run-d");
        await _host.ControlAsync(HttpMethod.Post, "faults", new { denyActions = new[] { new { action = "s3:PutObject" } } });

        var error = Assert.Throws<EngineException>(() => log.Append(LocalAuditLogTests.Record("run-d", "AKIA1", AuditRecord.IntentPhase)));

        Assert.Equal("AuditLogUnavailable", error.ErrorId);
        Assert.Equal(EngineErrorCategory.PermissionDenied, error.Category);
    }

    [Fact]
    public void An_s3_location_without_an_AWS_connection_or_a_bucket_is_AuditLogUnavailable()
    {
        Assert.Equal("AuditLogUnavailable", Assert.Throws<EngineException>(() => AuditLogs.Open($"s3://{Bucket}", AuditLogConnection.None, "run-1")).ErrorId);
        Assert.Equal("AuditLogUnavailable", Assert.Throws<EngineException>(() => AuditLogs.Open("s3:///prefix", _connection, "run-1")).ErrorId);
    }

    [Fact]
    public async Task The_emulator_refuses_the_SDKs_default_aws_chunked_upload_which_the_module_does_not_send()
    {
        using var s3 = SdkClient(RequestChecksumCalculation.WHEN_SUPPORTED);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "k", ContentBody = "x" }));

        Assert.Equal("NotImplemented", error.ErrorCode);
    }

    private AwsConnection Connect(string secret) => Connect(_host, secret);

    /// <summary>The module's connection to the emulator (the run history's tests share it).</summary>
    internal static AwsConnection Connect(EmulatorHost host, string? secret = null) => AwsConnection.Resolve(new AwsConnectionOptions
    {
        AccessKey = host.AccessKeyId,
        SecretKey = secret ?? host.SecretAccessKey,
        Region = "us-east-1",
        EndpointUrl = host.Url,
        Environment = new Dictionary<string, string>(),
    }, NullEngineLog.Instance);

    private AmazonS3Client SdkClient(RequestChecksumCalculation checksums) => SdkClient(_host, checksums);

    internal static AmazonS3Client SdkClient(EmulatorHost host, RequestChecksumCalculation checksums) => new(new BasicAWSCredentials(host.AccessKeyId, host.SecretAccessKey),
        new AmazonS3Config { ServiceURL = host.Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1", RequestChecksumCalculation = checksums, MaxErrorRetry = 0 });

    private async Task<List<string>> ListKeysAsync(string prefix)
    {
        using var s3 = SdkClient(RequestChecksumCalculation.WHEN_REQUIRED);
        var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix });
        return (page.S3Objects ?? new List<S3Object>()).Select(o => o.Key).ToList();
    }
}
