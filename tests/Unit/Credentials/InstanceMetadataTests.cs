using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>Instance profile credentials and region through a real IMDSv2-shaped server (AWS_EC2_METADATA_SERVICE_ENDPOINT).</summary>
public sealed class InstanceMetadataTests
{
    private static TestHome HomeFor(FakeInstanceMetadata metadata)
    {
        var home = new TestHome();
        home.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        home.Env("AWS_METADATA_SERVICE_TIMEOUT", "10"); // the 1 s default is for EC2, not a loaded test machine
        home.Env("AWS_EC2_METADATA_SERVICE_ENDPOINT", metadata.Server.Url);
        return home;
    }

    [Fact]
    public void IMDSv2_token_then_role_then_credentials_and_the_region()
    {
        var keys = TestKeys.Make("ec2", session: true);
        using var metadata = new FakeInstanceMetadata(keys, region: "eu-west-3");
        using var home = HomeFor(metadata);

        var log = new MemoryLog();
        var connection = AwsConnection.Resolve(home.Options(), log);
        var credentials = connection.Credentials.GetCredentials();

        Assert.Equal(("instance", "eu-west-3", "instance"), (connection.CredentialSource, connection.Region, connection.RegionSource));
        Assert.Equal((keys.AccessKeyId, keys.SecretKey, keys.SessionToken), (credentials.AccessKey, credentials.SecretKey, credentials.Token));
        var requests = metadata.Server.Requests.ToArray();
        Assert.Equal("PUT /latest/api/token", $"{requests[0].Method} {requests[0].Path}");
        Assert.Equal("21600", requests[0].Header("X-aws-ec2-metadata-token-ttl-seconds"));
        Assert.All(requests.Skip(1), r => Assert.Equal(FakeInstanceMetadata.Token, r.Header("X-aws-ec2-metadata-token")));
        Assert.Contains(requests, r => r.Path == "/latest/meta-data/iam/security-credentials/" + FakeInstanceMetadata.RoleName);
        Assert.Contains(FakeInstanceMetadata.RoleName, Assert.Single(log.DebugLines));
        ProfileTests.AssertNoSecret(log.Text, keys);
    }

    [Fact]
    public void Disabled_metadata_is_never_asked()
    {
        using var metadata = new FakeInstanceMetadata(TestKeys.Make("unused", session: true));
        using var home = HomeFor(metadata);
        home.Env("AWS_EC2_METADATA_DISABLED", "true");

        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));

        Assert.Contains("AWS_EC2_METADATA_DISABLED", error.Message);
        Assert.Empty(metadata.Server.Requests);
    }

    [Fact]
    public void A_403_on_the_token_means_no_instance_credentials()
    {
        using var metadata = new FakeInstanceMetadata(TestKeys.Make("refused", session: true), tokenStatus: 403);
        using var home = HomeFor(metadata);

        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));

        Assert.Contains("No AWS credentials found", error.Message);
        Assert.Contains(metadata.Server.Url, error.Message);
        Assert.DoesNotContain(metadata.Server.Requests, r => r.Method == "GET");
    }

    [Fact]
    public void An_instance_without_a_role_gives_no_credentials_but_still_a_region()
    {
        using var metadata = new FakeInstanceMetadata(TestKeys.Make("norole", session: true), region: "us-west-2", hasRole: false);
        using var home = HomeFor(metadata);
        var keys = TestKeys.Make("envkeys");
        home.Env("AWS_ACCESS_KEY_ID", keys.AccessKeyId).Env("AWS_SECRET_ACCESS_KEY", keys.SecretKey);

        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        Assert.Equal(("environment", "us-west-2", "instance"), (connection.CredentialSource, connection.Region, connection.RegionSource));
    }

    [Fact]
    public void A_token_call_the_service_does_not_know_falls_back_to_IMDSv1()
    {
        var keys = TestKeys.Make("v1", session: true);
        using var metadata = new FakeInstanceMetadata(keys, tokenStatus: 405);
        using var home = HomeFor(metadata);

        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        Assert.Equal(keys.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.All(metadata.Server.Requests.Where(r => r.Method == "GET"), r => Assert.Null(r.Header("X-aws-ec2-metadata-token")));
    }

    [Fact]
    public void IMDSv1_fallback_is_refused_when_AWS_EC2_METADATA_V1_DISABLED()
    {
        using var metadata = new FakeInstanceMetadata(TestKeys.Make("v1off", session: true), tokenStatus: 405);
        using var home = HomeFor(metadata);
        home.Env("AWS_EC2_METADATA_V1_DISABLED", "true");

        Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));
        Assert.DoesNotContain(metadata.Server.Requests, r => r.Method == "GET");
    }

    [Fact]
    public void A_metadata_endpoint_that_does_not_answer_costs_about_the_timeout_and_no_more()
    {
        // A port nobody listens on: connection refused, like a laptop with no IMDS.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var home = new TestHome();
        home.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        home.Env("AWS_EC2_METADATA_SERVICE_ENDPOINT", $"http://127.0.0.1:{port}");
        var keys = TestKeys.Make("quick");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var connection = AwsConnection.Resolve(home.Options(o => { o.AccessKey = keys.AccessKeyId; o.SecretKey = keys.SecretKey; }), new MemoryLog());

        Assert.Equal(("us-east-1", "default"), (connection.Region, connection.RegionSource));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}"); // generous: proves it does not hang
    }

    [Fact]
    public void A_metadata_endpoint_that_is_not_a_URL_is_a_configuration_error()
    {
        using var home = new TestHome();
        home.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        home.Env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254");

        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));

        Assert.Contains("AWS_EC2_METADATA_SERVICE_ENDPOINT '169.254.169.254'", error.Message);
    }
}
