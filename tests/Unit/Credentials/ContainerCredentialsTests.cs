using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>Container credentials through a real HTTP endpoint on 127.0.0.1 (AWS_CONTAINER_CREDENTIALS_FULL_URI).</summary>
public sealed class ContainerCredentialsTests
{
    [Fact]
    public void The_token_file_is_sent_as_Authorization_and_wins_over_the_token_variable()
    {
        var keys = TestKeys.Make("pod", session: true);
        using var endpoint = new FakeContainerEndpoint(_ => keys, requiredAuthorization: "file-token-123");
        using var home = new TestHome();
        var tokenFile = Path.Combine(home.Root, "eks-pod-identity-token");
        File.WriteAllText(tokenFile, "file-token-123\n");
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.FullUri)
            .Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile)
            .Env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "variable-token");

        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());
        var credentials = connection.Credentials.GetCredentials();

        Assert.Equal("container", connection.CredentialSource);
        Assert.Equal((keys.AccessKeyId, keys.SecretKey, keys.SessionToken), (credentials.AccessKey, credentials.SecretKey, credentials.Token));
        var request = Assert.Single(endpoint.Server.Requests);
        Assert.Equal(("GET", "/v2/credentials/task-1", "file-token-123"), (request.Method, request.Path, request.Header("Authorization")));
    }

    [Fact]
    public void The_token_variable_is_used_when_there_is_no_token_file()
    {
        var keys = TestKeys.Make("task", session: true);
        using var endpoint = new FakeContainerEndpoint(_ => keys, requiredAuthorization: "variable-token");
        using var home = new TestHome();
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.FullUri).Env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "variable-token");

        var credentials = AwsConnection.Resolve(home.Options(), new MemoryLog()).Credentials.GetCredentials();

        Assert.Equal(keys.AccessKeyId, credentials.AccessKey);
    }

    [Fact]
    public void Credentials_are_fetched_again_when_they_are_about_to_expire()
    {
        var first = TestKeys.Make("first", session: true);
        var second = TestKeys.Make("second", session: true);
        // The first answer expires within the refresh margin, so the next use must fetch anew.
        using var endpoint = new FakeContainerEndpoint(call => call == 1 ? first : second,
            expiration: () => DateTime.UtcNow.AddMinutes(2));
        using var home = new TestHome();
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.FullUri);
        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        var before = connection.Credentials.GetCredentials().AccessKey;
        var after = connection.Credentials.GetCredentials().AccessKey;

        Assert.Equal(first.AccessKeyId, before);
        Assert.Equal(second.AccessKeyId, after);
        Assert.Equal(2, endpoint.Served);
    }

    [Fact]
    public void Credentials_far_from_expiry_are_reused()
    {
        var keys = TestKeys.Make("steady", session: true);
        using var endpoint = new FakeContainerEndpoint(_ => keys);
        using var home = new TestHome();
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.FullUri);
        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        connection.Credentials.GetCredentials();
        connection.Credentials.GetCredentials();

        Assert.Equal(1, endpoint.Served);
    }

    [Fact]
    public void A_rejected_token_is_an_error_naming_the_endpoint_and_status()
    {
        using var endpoint = new FakeContainerEndpoint(_ => TestKeys.Make("never"), requiredAuthorization: "right");
        using var home = new TestHome();
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.FullUri).Env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong");
        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        var error = Assert.Throws<AwsConfigurationException>(() => connection.Credentials.GetCredentials());

        Assert.Contains("HTTP 401", error.Message);
        Assert.Contains(endpoint.Server.Url, error.Message);
        Assert.Single(endpoint.Server.Requests); // a client error is not retried
    }

    [Theory]
    [InlineData("http://10.0.0.8/creds")]
    [InlineData("http://metadata.example.com/creds")]
    public void Plain_http_to_anything_but_loopback_or_the_agent_is_refused(string uri)
    {
        using var home = new TestHome();
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);

        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));

        Assert.Contains("plain http", error.Message);
    }

    [Fact]
    public void The_relative_uri_goes_to_the_ECS_agent_address()
    {
        using var home = new TestHome();
        home.Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");

        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        Assert.Equal("container", connection.CredentialSource);
        Assert.Contains("http://169.254.170.2/v2/credentials/abc", DescribeOf(connection));
    }

    private static string DescribeOf(AwsConnection connection)
        => ((IamKeyHygiene.Engine.Aws.Credentials.FetchingCredentials)connection.Credentials).Description;
}
