using System.Text.Json;
using Amazon.SecurityToken.Model;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// The one retry policy, through real clients and a local server: throttling (the real IAM and Organizations
/// error bodies from samples/errors) is retried with backoff well past the AWS CLI's 3 attempts, 5xx and
/// dropped connections too, CreateAccessKey never, and a 30 % throttled workload completes (no retry quota
/// to run dry). Backoff is shrunk to milliseconds for the tests (TestClients.Settings).
/// </summary>
public sealed class RetryTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string IamThrottling = ObservedBody("iam");
    private static readonly string OrganizationsThrottling =
        "{\"__type\":\"TooManyRequestsException\",\"Message\":\"You have sent too many requests in too short a period of time. Try again later.\",\"Type\":\"client\"}";

    private const string ListUsersPage =
        "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUsersResult><IsTruncated>false</IsTruncated><Users>" +
        "<member><Path>/</Path><UserName>alice</UserName><UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/alice</Arn>" +
        "<CreateDate>2024-01-02T03:04:05Z</CreateDate></member></Users></ListUsersResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListUsersResponse>";

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(12)]
    public async Task Iam_throttled_n_times_then_succeeds_after_n_plus_1_attempts(int throttles)
    {
        await using var server = new StubAwsServer((_, n) => n <= throttles ? StubReply.Xml(IamThrottling, 400) : StubReply.Xml(ListUsersPage));

        var users = await TestClients.ToListAsync(TestClients.Iam(server).ListUsersAllAsync(None));

        Assert.Equal("alice", Assert.Single(users).UserName);
        Assert.Equal(throttles + 1, server.Requests.Count);
    }

    [Fact]
    public async Task Organizations_TooManyRequests_is_retried()
    {
        await using var server = new StubAwsServer((_, n) => n <= 10
            ? StubReply.Json(OrganizationsThrottling, 400)
            : StubReply.Json("{\"Accounts\":[{\"Id\":\"123456789012\",\"State\":\"ACTIVE\",\"Status\":\"ACTIVE\"}]}"));

        var account = Assert.Single(await TestClients.ToListAsync(TestClients.Organizations(server).ListAccountsForParentAllAsync("ou-abcd-12345678", None)));

        Assert.Equal("ACTIVE", account.State);
        Assert.Equal(11, server.Requests.Count);
    }

    [Fact]
    public async Task Throttling_that_never_ends_fails_after_the_attempt_limit_with_the_services_error()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(IamThrottling, 400));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.Iam(server).GetUserAsync("alice", None));

        Assert.True(error.IsThrottling);
        Assert.Equal(("Throttling", "Rate exceeded", 400, "b70a15bc-1a52-11e5-a0f5-9f4ba966731e"), (error.ErrorCode, error.ServiceMessage, error.StatusCode, error.RequestId));
        Assert.Equal(new RetryOptions().MaxThrottlingAttempts, server.Requests.Count);
        Assert.True(server.Requests.Count >= 10);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Server_errors_are_retried(int status)
    {
        await using var server = new StubAwsServer((_, n) => n <= 2
            ? StubReply.Xml("<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceFailure</Code><Message>boom</Message></Error><RequestId>x</RequestId></ErrorResponse>", status)
            : StubReply.Xml(ListUsersPage));

        var users = await TestClients.ToListAsync(TestClients.Iam(server).ListUsersAllAsync(None));

        Assert.Single(users);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Dropped_connections_are_retried()
    {
        await using var server = new StubAwsServer((_, n) => n <= 2 ? new StubReply { Drop = true } : StubReply.Xml(ListUsersPage));

        var users = await TestClients.ToListAsync(TestClients.Iam(server).ListUsersAllAsync(None));

        Assert.Single(users);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_keeps_dropping_gives_a_connection_failure()
    {
        await using var server = new StubAwsServer((_, _) => new StubReply { Drop = true });
        var log = new MemoryLog();
        var settings = TestClients.Settings(server.Url);
        settings.Log = log;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => AwsClients.CreateIam(TestClients.Credentials, settings).GetUserAsync("alice", None));

        Assert.True(error.IsConnectionFailure);
        Assert.Equal(0, error.StatusCode);
        // Our policy makes MaxTransientAttempts attempts; .NET's HTTP stack may itself resend a request whose
        // pooled connection died before any answer, so the server can see more.
        Assert.Equal(new RetryOptions().MaxTransientAttempts - 1, log.DebugLines.Count(l => l.StartsWith("Retry ", StringComparison.Ordinal)));
        Assert.True(server.Requests.Count >= new RetryOptions().MaxTransientAttempts);
        Assert.DoesNotContain("wJalrXUtnFEMI", error.ToString());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task CreateAccessKey_is_never_retried(int status)
    {
        await using var server = new StubAwsServer((_, _) =>
            StubReply.Xml("<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceFailure</Code><Message>Internal failure</Message></Error><RequestId>c1</RequestId></ErrorResponse>", status));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.Iam(server).CreateAccessKeyAsync("alice", None));

        Assert.Equal(("CreateAccessKey", "ServiceFailure", status), (error.Operation, error.ErrorCode, error.StatusCode));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CreateAccessKey_is_not_retried_after_a_dropped_connection_but_is_after_throttling_which_AWS_answers_before_it_runs()
    {
        await using var dropping = new StubAwsServer((_, _) => new StubReply { Drop = true });
        var dropped = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.Iam(dropping).CreateAccessKeyAsync("alice", None));
        Assert.True(dropped.IsConnectionFailure);
        Assert.Single(dropping.Requests);

        // Issue 10's fault suite: a rotation under 30 % throttling must not fail on a throttled CreateAccessKey.
        var calls = 0;
        await using var throttledOnce = new StubAwsServer((_, _) => Interlocked.Increment(ref calls) == 1
            ? StubReply.Xml(IamThrottling, 400)
            : StubReply.Xml("<CreateAccessKeyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateAccessKeyResult><AccessKey><UserName>alice</UserName>"
                + "<AccessKeyId>AKIAALICENEW00000001</AccessKeyId><Status>Active</Status><SecretAccessKey>alice/new/secret</SecretAccessKey>"
                + "<CreateDate>2026-11-30T00:00:00Z</CreateDate></AccessKey></CreateAccessKeyResult></CreateAccessKeyResponse>", 200));
        var created = await TestClients.Iam(throttledOnce).CreateAccessKeyAsync("alice", None);
        Assert.Equal("AKIAALICENEW00000001", created.AccessKeyId);
        Assert.Equal(2, throttledOnce.Requests.Count);

        await using var throttling = new StubAwsServer((_, _) => StubReply.Xml(IamThrottling, 400));
        var throttled = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.Iam(throttling).CreateAccessKeyAsync("alice", None));
        Assert.True(throttled.IsThrottling);
        Assert.Equal(new RetryOptions().MaxThrottlingAttempts, throttling.Requests.Count);
    }

    [Fact]
    public async Task Iam_LimitExceeded_is_a_quota_not_throttling_and_is_not_retried()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(
            "<ErrorResponse><Error><Type>Sender</Type><Code>LimitExceeded</Code><Message>Cannot exceed quota for AccessKeysPerUser: 2</Message></Error><RequestId>q</RequestId></ErrorResponse>", 409));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.Iam(server).UpdateAccessKeyAsync("alice", "AKIAEXAMPLE", "Active", None));

        Assert.False(error.IsThrottling);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Thirty_percent_throttling_over_200_calls_all_succeed()
    {
        var random = new Random(20261127);
        var gate = new object();
        await using var server = new StubAwsServer((_, _) =>
        {
            bool throttle;
            lock (gate)
            {
                throttle = random.NextDouble() < 0.3;
            }

            return throttle ? StubReply.Xml(IamThrottling, 400) : StubReply.Xml(ListUsersPage);
        });
        var iam = TestClients.Iam(server);

        // Eight callers at a time over one shared client: the SDK's own retry quota would run dry here.
        using var slots = new SemaphoreSlim(8);
        var calls = Enumerable.Range(0, 200).Select(async _ =>
        {
            await slots.WaitAsync();
            try
            {
                return await TestClients.ToListAsync(iam.ListUsersAllAsync(None));
            }
            finally
            {
                slots.Release();
            }
        });
        var results = await Task.WhenAll(calls);

        Assert.All(results, users => Assert.Equal("alice", Assert.Single(users).UserName));
        Assert.True(server.Requests.Count > 200 * 1.2, $"expected throttled retries, saw {server.Requests.Count} requests");
    }

    [Fact]
    public async Task Sts_client_uses_the_same_retry_policy()
    {
        var identity = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>" +
            "<Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>" +
            "</GetCallerIdentityResult><ResponseMetadata><RequestId>s</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        await using var server = new StubAwsServer((_, n) => n <= 9
            ? StubReply.Xml(IamThrottling.Replace("iam.amazonaws.com", "sts.amazonaws.com"), 400)
            : StubReply.Xml(identity));
        var sts = AwsClients.CreateSts(TestClients.Credentials, TestClients.Settings(server.Url));

        var response = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), None);

        Assert.Equal("123456789012", response.Account);
        Assert.Equal(10, server.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_during_a_backoff_returns_long_before_the_wait_ends()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(IamThrottling, 400));
        var settings = TestClients.Settings(server.Url);
        settings.Retry = new RetryOptions { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(20) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AwsClients.CreateIam(TestClients.Credentials, settings).GetUserAsync("alice", cancel.Token));

        // The first backoff is at least 5 s; cancellation must not wait it out.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped_near_20_seconds()
    {
        var policy = new AwsRetryPolicy(RetryOptions.Default, Array.Empty<string>(), _ => "Op", Engine.NullEngineLog.Instance);
        var options = RetryOptions.Default;
        for (var retry = 0; retry < 15; retry++)
        {
            var ceiling = Math.Min(options.BaseDelay.TotalMilliseconds * Math.Pow(2, retry), options.MaxDelay.TotalMilliseconds);
            var delays = Enumerable.Range(0, 50).Select(_ => policy.Delay(retry).TotalMilliseconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 1, "delays should be jittered");
        }

        Assert.Equal(TimeSpan.FromSeconds(20), options.MaxDelay);
        Assert.True(options.MaxThrottlingAttempts >= 10);
    }

    private static string ObservedBody(string service)
    {
        using var doc = AwsReference.Json("samples", "errors", "observed-error-responses.json");
        return doc.RootElement.GetProperty("responses").EnumerateArray()
            .First(r => r.GetProperty("service").GetString() == service && r.TryGetProperty("body", out _))
            .GetProperty("body").GetString()!;
    }
}
