using System.Collections;
using Amazon.Runtime;
using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>The connection's own surface: caller identity, duck-typed credential objects, the debug line, factories.</summary>
public sealed class AwsConnectionTests
{
    private static readonly TestKeys Keys = TestKeys.Make("conn");

    [Fact]
    public async Task GetCallerIdentity_goes_to_STS_signed_with_the_resolved_credentials()
    {
        using var sts = new FakeSts(_ => throw new InvalidOperationException("no AssumeRole here"), account: "123456789012");
        using var home = new TestHome();

        var connection = AwsConnection.Resolve(home.Options(o =>
        {
            o.AccessKey = Keys.AccessKeyId;
            o.SecretKey = Keys.SecretKey;
            o.Region = "eu-west-1";
            o.EndpointUrl = sts.Url;
        }), new MemoryLog());
        var identity = await connection.GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("123456789012", identity.Account);
        Assert.Equal($"arn:aws:iam::123456789012:user/signed-with-{Keys.AccessKeyId[^4..]}", identity.Arn);
        Assert.Equal("AIDACKCEVSQ6C2EXAMPLE", identity.UserId);
        var request = Assert.Single(sts.Server.Requests);
        Assert.Equal("Action=GetCallerIdentity&Version=2011-06-15", request.BodyText);
        Assert.Contains($"Credential={Keys.AccessKeyId}/", request.Header("Authorization"));
        Assert.Contains("/eu-west-1/sts/aws4_request", request.Header("Authorization"));
    }

    [Fact]
    public async Task A_credential_failure_at_first_use_surfaces_as_the_configuration_error()
    {
        using var home = new TestHome();
        var script = home.Script("fail.sh", "echo 'session expired' >&2; exit 2");
        home.Config($"[profile p]\ncredential_process = {script}").Env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "p"), new MemoryLog());

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => connection.GetCallerIdentityAsync(CancellationToken.None));

        Assert.Contains("session expired", error.Message);
    }

    [Fact]
    public void The_debug_line_names_both_sources_and_only_the_last_four_characters_of_the_key()
    {
        var session = TestKeys.Make("debugline", session: true);
        using var home = new TestHome();
        home.Env("AWS_ACCESS_KEY_ID", session.AccessKeyId).Env("AWS_SECRET_ACCESS_KEY", session.SecretKey)
            .Env("AWS_SESSION_TOKEN", session.SessionToken!).Env("AWS_DEFAULT_REGION", "us-west-2")
            .Env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        var log = new MemoryLog();

        var connection = AwsConnection.Resolve(home.Options(), log);

        var line = Assert.Single(log.Lines);
        Assert.Equal(
            $"DEBUG: AWS credentials from environment (AWS_ACCESS_KEY_ID session key …{session.AccessKeyId[^4..]}); region us-west-2 from environment; endpoint override http://127.0.0.1:4566 (AWS_ENDPOINT_URL).",
            line);
        Assert.Equal("http://127.0.0.1:4566", connection.EndpointUrl);
        ProfileTests.AssertNoSecret(log.Text, session);
    }

    [Fact]
    public void No_override_means_a_null_EndpointUrl()
    {
        using var home = new TestHome();
        var connection = AwsConnection.Resolve(home.Options(o => { o.AccessKey = Keys.AccessKeyId; o.SecretKey = Keys.SecretKey; }), new MemoryLog());
        Assert.Null(connection.EndpointUrl);
        Assert.Null(connection.ClientSettings.EndpointUrl);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative")]
    public void A_bad_EndpointUrl_is_refused(string url)
    {
        using var home = new TestHome();
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(
            home.Options(o => { o.AccessKey = Keys.AccessKeyId; o.SecretKey = Keys.SecretKey; o.EndpointUrl = url; }), new MemoryLog()));
        Assert.Contains("-EndpointUrl", error.Message);
    }

    [Theory]
    [InlineData(true, false, false, "-AccessKey was given without -SecretKey")]
    [InlineData(false, true, false, "-SecretKey or -SessionToken was given without -AccessKey")]
    [InlineData(false, false, true, "-SecretKey or -SessionToken was given without -AccessKey")]
    public void Half_given_literal_keys_are_an_error_without_the_secret(bool accessKey, bool secretKey, bool token, string expected)
    {
        var session = TestKeys.Make("half", session: true);
        using var home = new TestHome();
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(o =>
        {
            if (accessKey) o.AccessKey = session.AccessKeyId;
            if (secretKey) o.SecretKey = session.SecretKey;
            if (token) o.SessionToken = session.SessionToken;
        }), new MemoryLog()));
        Assert.Contains(expected, error.Message);
        ProfileTests.AssertNoSecret(error.Message, session);
    }

    [Fact]
    public void Half_set_environment_keys_are_an_error_not_a_fall_through()
    {
        using var home = new TestHome();
        home.Env("AWS_ACCESS_KEY_ID", Keys.AccessKeyId)
            .Credentials($"[default]\naws_access_key_id = {Keys.AccessKeyId}\naws_secret_access_key = {Keys.SecretKey}");
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));
        Assert.Contains("AWS_SECRET_ACCESS_KEY is not", error.Message);
    }

    public static TheoryData<string, object> CredentialObjects()
    {
        var session = TestKeys.Make("duck", session: true);
        // What AwsCmdletBase hands over for a [pscustomobject] (its properties; Pester covers the real one).
        var customObject = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AccessKey"] = session.AccessKeyId, ["SecretKey"] = session.SecretKey, ["SessionToken"] = session.SessionToken,
        };
        return new TheoryData<string, object>
        {
            { "AWS.Tools AWSCredentials", new ForeignAwsCredentials(() => session.Public) },
            { "AWSPSCredentials wrapper", new ForeignAwsPsCredentials(new ForeignAwsCredentials(() => session.Public), "wrapped") },
            { "custom object's properties", customObject },
            { "plain object", new PlainKeyObject { AccessKey = session.AccessKeyId, SecretKey = session.SecretKey, SessionToken = session.SessionToken } },
            { "hashtable", new Hashtable { ["accesskey"] = session.AccessKeyId, ["SecretKey"] = session.SecretKey, ["SessionToken"] = session.SessionToken } },
            { "our own AWSCredentials", new SessionAWSCredentials(session.AccessKeyId, session.SecretKey, session.SessionToken) },
        };
    }

    [Theory]
    [MemberData(nameof(CredentialObjects))]
    public void Credential_objects_are_read_by_duck_typing(string kind, object credential)
    {
        var session = TestKeys.Make("duck", session: true);
        using var home = new TestHome();

        foreach (var asStored in new[] { false, true })
        {
            var connection = AwsConnection.Resolve(home.Options(o =>
            {
                if (asStored) o.StoredCredentials = credential;
                else o.Credential = credential;
            }), new MemoryLog());
            var credentials = connection.Credentials.GetCredentials();

            Assert.Equal(asStored ? "stored session credentials" : "credential object", connection.CredentialSource);
            Assert.True((session.AccessKeyId, session.SecretKey, session.SessionToken) == (credentials.AccessKey, credentials.SecretKey, credentials.Token), kind);
        }
    }

    [Fact]
    public void A_foreign_credentials_object_is_asked_again_at_each_use_so_its_own_refresh_works()
    {
        var current = TestKeys.Make("before", session: true);
        var foreign = new ForeignAwsCredentials(() => current.Public);
        using var home = new TestHome();
        var connection = AwsConnection.Resolve(home.Options(o => o.Credential = foreign), new MemoryLog());

        var first = connection.Credentials.GetCredentials().AccessKey;
        current = TestKeys.Make("after", session: true);
        var second = connection.Credentials.GetCredentials().AccessKey;

        Assert.Equal((TestKeys.Make("before", true).AccessKeyId, current.AccessKeyId), (first, second));
        Assert.Equal(2, foreign.Calls);
    }

    [Fact]
    public void The_debug_line_names_a_foreign_credentials_object_by_its_type()
    {
        var keys = TestKeys.Make("foreignlog", session: true);
        using var home = new TestHome();
        var log = new MemoryLog();

        AwsConnection.Resolve(home.Options(o => o.Credential = new ForeignAwsCredentials(() => keys.Public)), log);

        Assert.Contains("credentials from credential object (a ForeignAwsCredentials read by its GetCredentials())", Assert.Single(log.DebugLines));
        ProfileTests.AssertNoSecret(log.Text, keys);
    }

    [Fact]
    public void An_object_that_is_not_credentials_is_refused_by_its_type_name()
    {
        using var home = new TestHome();
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(o => o.Credential = new Uri("http://x")), new MemoryLog()));
        Assert.Contains("the -Credential object (a Uri)", error.Message);
    }

    [Fact]
    public void WithCredentials_keeps_region_and_endpoints_and_says_where_the_new_credentials_came_from()
    {
        using var home = new TestHome();
        var connection = AwsConnection.Resolve(home.Options(o =>
        {
            o.AccessKey = Keys.AccessKeyId; o.SecretKey = Keys.SecretKey; o.Region = "eu-west-1"; o.EndpointUrl = "http://127.0.0.1:4566";
        }), new MemoryLog());
        var role = TestKeys.Make("member", session: true);

        var member = connection.WithCredentials(new SessionAWSCredentials(role.AccessKeyId, role.SecretKey, role.SessionToken), "role arn:aws:iam::111122223333:role/Audit");

        Assert.Equal(("role arn:aws:iam::111122223333:role/Audit", "eu-west-1", "parameter", "http://127.0.0.1:4566"),
            (member.CredentialSource, member.Region, member.RegionSource, member.EndpointUrl));
        Assert.Same(connection.ClientSettings, member.ClientSettings);
        Assert.Equal(role.AccessKeyId, member.Credentials.GetCredentials().AccessKey);
        Assert.Equal(Keys.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Environment_values_are_read_from_the_injected_dictionary_not_the_process()
    {
        using var home = new TestHome();
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));
        // Whatever this machine's environment holds, the injected one has no credentials at all.
        Assert.Contains("No AWS credentials found", error.Message);
    }
}

