using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>SecretsManagerClient against a stub (wire form, retries) and against the emulator over HTTP.</summary>
public sealed class SecretsManagerClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string InternalError = "{\"__type\":\"InternalServiceError\",\"Message\":\"An error occurred on the server side.\"}";

    private static string NewToken() => Guid.NewGuid().ToString();

    private static SecretsManagerClient Client(EmulatorHost host, AwsCredentials credentials, MemoryLog? log = null)
    {
        var settings = TestClients.Settings(host.Url);
        settings.Log = log ?? settings.Log;
        return AwsClients.CreateSecretsManager(new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey), settings);
    }

    [Fact]
    public async Task CreateSecret_goes_out_as_awsJson_with_its_token_and_is_never_retried()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Json(InternalError, 500));
        var secret = new NewSecret("ikh/alice", "value-1", "11111111-2222-3333-4444-555555555555") { KmsKeyId = "alias/central" };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.SecretsManager(server).CreateSecretAsync(secret, None));

        Assert.Equal(("CreateSecret", "InternalServiceError", 500), (error.Operation, error.ErrorCode, error.StatusCode));
        var request = Assert.Single(server.Requests);
        Assert.Contains(request.Headers, h => h.Key.Equals("X-Amz-Target", StringComparison.OrdinalIgnoreCase) && h.Value == "secretsmanager.CreateSecret");
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(secret.ClientRequestToken, body.GetProperty("ClientRequestToken").GetString());
        Assert.Equal("alias/central", body.GetProperty("KmsKeyId").GetString());
    }

    [Fact]
    public async Task PutSecretValue_is_not_retried_after_a_dropped_connection_but_reads_are()
    {
        await using var dropping = new StubAwsServer((_, _) => new StubReply { Drop = true });
        var dropped = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.SecretsManager(dropping).PutSecretValueAsync("s", "v", NewToken(), None));
        Assert.True(dropped.IsConnectionFailure);
        Assert.Single(dropping.Requests);

        await using var failing = new StubAwsServer((_, _) => StubReply.Json(InternalError, 500));
        await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.SecretsManager(failing).DescribeSecretAsync("s", None));
        Assert.True(failing.Requests.Count > 1);
    }

    [Fact]
    public async Task Versions_move_AWSCURRENT_to_AWSPREVIOUS_and_a_resent_token_changes_nothing()
    {
        await using var host = await StartAsync();
        var client = Client(host, host.Admin());
        var first = NewToken();
        var second = NewToken();

        var created = await client.CreateSecretAsync(new NewSecret("ikh/dave", "first-value", first)
        {
            KmsKeyId = "alias/ikh-central",
            Description = "dave's key",
            Tags = { new ResourceTag("owner", "dave") },
        }, None);
        var put = await client.PutSecretValueAsync(created.ARN, "second-value", second, None);
        var again = await client.PutSecretValueAsync("ikh/dave", "second-value", second, None);
        await client.TagResourceAsync("ikh/dave", new[] { new ResourceTag("rotated-by", "ikh") }, None);

        Assert.Matches($"^arn:aws:secretsmanager:us-east-1:{Management}:secret:ikh/dave-[A-Za-z0-9]{{6}}$", created.ARN);
        Assert.Equal(first, created.VersionId);
        Assert.Equal(new[] { "AWSCURRENT" }, put.VersionStages);
        Assert.Equal(second, again.VersionId);
        Assert.Equal("second-value", (await client.GetSecretValueAsync("ikh/dave", null, null, None)).SecretString);
        Assert.Equal("first-value", (await client.GetSecretValueAsync(created.ARN, null, "AWSPREVIOUS", None)).SecretString);
        var described = await client.DescribeSecretAsync("ikh/dave", None);
        Assert.Equal("alias/ikh-central", described.KmsKeyId);
        Assert.Equal("dave's key", described.Description);
        Assert.Equal(new[] { "owner=dave", "rotated-by=ikh" }, described.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(new[] { "AWSPREVIOUS" }, described.VersionIdsToStages[first]);
        Assert.Equal(new[] { "AWSCURRENT" }, described.VersionIdsToStages[second]);
        Assert.Equal(2, (await client.ListSecretVersionIdsAllAsync("ikh/dave", false, None)).Count);
        var reused = await Assert.ThrowsAsync<AwsServiceException>(() => client.PutSecretValueAsync("ikh/dave", "third-value", second, None));
        Assert.Equal("ResourceExistsException", reused.ErrorCode);
        var taken = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateSecretAsync(new NewSecret("ikh/dave", "x", NewToken()), None));
        Assert.Equal("ResourceExistsException", taken.ErrorCode);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeSecretAsync("ikh/nobody", None));
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
    }

    [Fact]
    public async Task The_secret_value_reaches_no_debug_line_or_error_even_through_retries()
    {
        const string value = "wJalr/XUtnFEMI+K7MDENG=bPxRfiCY&EXAMPLE KEY";
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new
        {
            seed = 1,
            rules = new[] { new { service = "secretsmanager", operation = "GetSecretValue", throttleProbability = 0.5 } },
        });
        var log = new MemoryLog();
        var client = Client(host, host.Admin(), log);

        await client.CreateSecretAsync(new NewSecret("ikh/logged", value, NewToken()), None);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(value, (await client.GetSecretValueAsync("ikh/logged", null, null, None)).SecretString);
        }

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateSecretAsync(new NewSecret("ikh/logged", value, NewToken()), None));
        Assert.Contains(log.DebugLines, line => line.StartsWith("Retry ", StringComparison.Ordinal)); // the log was written to
        var text = log.Text + "\n" + refused;
        foreach (var form in new[] { value, Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), Uri.EscapeDataString(value), WebUtility.UrlEncode(value) })
        {
            Assert.DoesNotContain(form, text, StringComparison.Ordinal);
        }
    }
}
