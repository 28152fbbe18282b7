using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the in-process emulator's S3 (the audit log, run history and shard findings store):
/// a bucket made, objects put with the CLI's default checksum settings, read back byte for byte, listed by prefix and
/// by delimiter, and S3's errors for a missing bucket or key.</summary>
public sealed class AwsCliS3Tests
{
    [Fact]
    public async Task ObjectsArePutReadBackAndListedAsS3DoesAndMissingOnesAreS3Errors()
    {
        await using var host = await StartAsync();
        var admin = host.Admin();
        var body = Path.Combine(Path.GetTempPath(), $"ikh-s3-{Guid.NewGuid():N}.jsonl");
        var back = body + ".back";
        try
        {
            var line = "{\"runId\":\"r1\",\"user\":\"a=b,c_d-e\",\"note\":\"é ünïcode\"}\n";
            await File.WriteAllTextAsync(body, line);

            (await AwsCli.RunAsync(host.Url, admin, "s3api", "create-bucket", "--bucket", "key-hygiene-records")).AssertSuccess();
            (await AwsCli.RunAsync(host.Url, admin, "s3api", "put-object", "--bucket", "key-hygiene-records", "--key", "prod/audit/2026-11-30/r1/000000.jsonl", "--body", body)).AssertSuccess();
            (await AwsCli.RunAsync(host.Url, admin, "s3api", "put-object", "--bucket", "key-hygiene-records", "--key", "prod/history/2026-11-30/r1/000000.jsonl", "--body", body)).AssertSuccess();
            (await AwsCli.RunAsync(host.Url, admin, "s3", "cp", body, "s3://key-hygiene-records/prod/findings/2026-11-30/r2.jsonl")).AssertSuccess();
            (await AwsCli.RunAsync(host.Url, admin, "s3api", "get-object", "--bucket", "key-hygiene-records", "--key", "prod/audit/2026-11-30/r1/000000.jsonl", back)).AssertSuccess();
            var listed = (await AwsCli.RunAsync(host.Url, admin, "s3api", "list-objects-v2", "--bucket", "key-hygiene-records", "--prefix", "prod/")).AssertSuccess().Json;
            var folders = (await AwsCli.RunAsync(host.Url, admin, "s3api", "list-objects-v2", "--bucket", "key-hygiene-records", "--prefix", "prod/", "--delimiter", "/")).AssertSuccess().Json;
            var noKey = await AwsCli.RunAsync(host.Url, admin, "s3api", "get-object", "--bucket", "key-hygiene-records", "--key", "prod/none.jsonl", back + ".none");
            var noBucket = await AwsCli.RunAsync(host.Url, admin, "s3api", "list-objects-v2", "--bucket", "no-such-bucket");

            Assert.Equal(await File.ReadAllBytesAsync(body), await File.ReadAllBytesAsync(back));
            Assert.Equal(new[] { "prod/audit/2026-11-30/r1/000000.jsonl", "prod/findings/2026-11-30/r2.jsonl", "prod/history/2026-11-30/r1/000000.jsonl" },
                listed.GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()).ToArray());
            Assert.Equal(new[] { "prod/audit/", "prod/findings/", "prod/history/" },
                folders.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()).ToArray());
            Assert.Contains("(NoSuchKey)", noKey.StdErr, StringComparison.Ordinal);
            Assert.Contains("(NoSuchBucket)", noBucket.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(body);
            File.Delete(back);
        }
    }
}
