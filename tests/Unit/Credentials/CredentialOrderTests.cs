using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>Servers shared by the rows of the order table: a container endpoint and instance metadata.</summary>
public sealed class OrderServers : IDisposable
{
    internal static readonly Dictionary<string, TestKeys> Keys = new()
    {
        ["parameter"] = TestKeys.Make("param"),
        ["credential object"] = TestKeys.Make("credobj", session: true),
        ["profile named"] = TestKeys.Make("named"),
        ["stored session credentials"] = TestKeys.Make("stored"),
        ["environment"] = TestKeys.Make("envkeys", session: true),
        ["profile envprofile"] = TestKeys.Make("awsprofile"),
        ["profile default"] = TestKeys.Make("default"),
        ["container"] = TestKeys.Make("container", session: true),
        ["instance"] = TestKeys.Make("instance", session: true),
    };

    internal FakeContainerEndpoint Container { get; } = new(_ => Keys["container"]);
    internal FakeInstanceMetadata Instance { get; } = new(Keys["instance"]);

    public void Dispose()
    {
        Container.Dispose();
        Instance.Dispose();
    }
}

/// <summary>
/// Pins AWS Tools for PowerShell V5's credential order (STYLE.md): each row makes some sources present
/// and says which one wins, by its CredentialSource and by the key it actually yields.
/// </summary>
public sealed class CredentialOrderTests(OrderServers servers) : IClassFixture<OrderServers>
{
    /// <summary>The order, highest first, by the CredentialSource each source reports.</summary>
    private static readonly string[] Order =
    {
        "parameter", "credential object", "profile named", "stored session credentials", "environment",
        "profile envprofile", "profile default", "container", "instance",
    };

    public static TheoryData<string[], string> Rows()
    {
        var rows = new TheoryData<string[], string>();
        for (var i = 0; i < Order.Length; i++)
        {
            rows.Add(Order.Skip(i).ToArray(), Order[i]); // this source and every one below it
            if (i < Order.Length - 1)
                rows.Add(new[] { Order[i] }, Order[i]);  // this source alone
        }
        rows.Add(new[] { "environment", "container" }, "environment");
        rows.Add(new[] { "profile default", "instance" }, "profile default");
        rows.Add(new[] { "parameter", "instance" }, "parameter");
        rows.Add(new[] { "stored session credentials", "profile default" }, "stored session credentials");
        rows.Add(new[] { "credential object", "environment", "profile default" }, "credential object");
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_first_present_source_wins(string[] present, string winner)
    {
        using var home = new TestHome();
        var options = home.Options();
        foreach (var source in present)
            MakePresent(source, home, options);

        var log = new MemoryLog();
        var connection = AwsConnection.Resolve(options, log);

        Assert.Equal(winner, connection.CredentialSource);
        var expected = OrderServers.Keys[winner];
        var actual = connection.Credentials.GetCredentials();
        Assert.Equal(expected.AccessKeyId, actual.AccessKey);
        Assert.Equal(expected.SecretKey, actual.SecretKey);
        Assert.Equal(expected.SessionToken, string.IsNullOrEmpty(actual.Token) ? null : actual.Token);

        var debug = Assert.Single(log.DebugLines);
        Assert.Contains("credentials from " + winner, debug);
        foreach (var keys in OrderServers.Keys.Values)
            foreach (var secret in keys.Secrets)
                Assert.DoesNotContain(secret, log.Text);
    }

    private void MakePresent(string source, TestHome home, AwsConnectionOptions options)
    {
        var keys = OrderServers.Keys[source];
        switch (source)
        {
            case "parameter":
                options.AccessKey = keys.AccessKeyId;
                options.SecretKey = keys.SecretKey;
                break;
            case "credential object":
                options.Credential = new ForeignAwsCredentials(() => keys.Public);
                break;
            case "profile named":
                options.ProfileName = "named";
                home.Credentials($"[named]\naws_access_key_id = {keys.AccessKeyId}\naws_secret_access_key = {keys.SecretKey}");
                break;
            case "stored session credentials":
                options.StoredCredentials = new ForeignAwsPsCredentials(new ForeignAwsCredentials(() => keys.Public), "stored");
                break;
            case "environment":
                home.Env("AWS_ACCESS_KEY_ID", keys.AccessKeyId).Env("AWS_SECRET_ACCESS_KEY", keys.SecretKey).Env("AWS_SESSION_TOKEN", keys.SessionToken!);
                break;
            case "profile envprofile":
                home.Env("AWS_PROFILE", "envprofile");
                home.Config($"[profile envprofile]\naws_access_key_id = {keys.AccessKeyId}\naws_secret_access_key = {keys.SecretKey}");
                break;
            case "profile default":
                home.Credentials($"[default]\naws_access_key_id = {keys.AccessKeyId}\naws_secret_access_key = {keys.SecretKey}");
                break;
            case "container":
                home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", servers.Container.FullUri);
                break;
            case "instance":
                home.Environment.Remove("AWS_EC2_METADATA_DISABLED");
                home.Env("AWS_METADATA_SERVICE_TIMEOUT", "10"); // the 1 s default is for EC2, not a loaded test machine
                home.Env("AWS_EC2_METADATA_SERVICE_ENDPOINT", servers.Instance.Server.Url);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, null);
        }
    }

    [Fact]
    public void No_source_at_all_is_an_error_that_lists_what_was_searched()
    {
        using var home = new TestHome();
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(), new MemoryLog()));
        Assert.Contains("No AWS credentials found", error.Message);
        Assert.Contains(home.CredentialsPath, error.Message);
        Assert.Contains("AWS_EC2_METADATA_DISABLED", error.Message);
    }

    [Fact]
    public void An_AWS_PROFILE_profile_with_only_a_region_leaves_credentials_to_later_sources_but_gives_the_region()
    {
        using var home = new TestHome();
        home.Config("[profile ops]\nregion = eu-south-2").Env("AWS_PROFILE", "ops");
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", servers.Container.FullUri);

        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        Assert.Equal(("container", "eu-south-2", "profile ops"), (connection.CredentialSource, connection.Region, connection.RegionSource));
    }

    [Fact]
    public void A_default_profile_with_only_a_region_is_skipped_not_an_error()
    {
        using var home = new TestHome();
        home.Config("[default]\nregion = eu-central-1");
        home.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", servers.Container.FullUri);

        var connection = AwsConnection.Resolve(home.Options(), new MemoryLog());

        Assert.Equal("container", connection.CredentialSource);
        Assert.Equal("eu-central-1", connection.Region);
        Assert.Equal("profile default", connection.RegionSource);
    }
}
