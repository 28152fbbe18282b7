using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Endpoints;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>
/// Pins the endpoint order of the AWS SDKs and Tools reference guide ("Service-specific endpoints") through
/// AwsConnection, for every service the module calls: -EndpointUrl → AWS_ENDPOINT_URL_&lt;SERVICE&gt; →
/// AWS_ENDPOINT_URL → the service's endpoint_url in the profile's [services NAME] section → the profile's
/// endpoint_url → AWS's own; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
/// ignore_configured_endpoint_urls) leaves only -EndpointUrl. Each row makes sources present and names the winner.
/// </summary>
public sealed class EndpointOrderTests
{
    private static readonly TestKeys Keys = TestKeys.Make("endpoints");

    /// <summary>The order, highest first; each source has its own port so the winner is plain to see.</summary>
    private static readonly string[] Order = { "parameter", "service variable", "shared variable", "services section", "profile endpoint_url" };

    private static readonly Dictionary<string, string> Urls = new()
    {
        ["parameter"] = "http://127.0.0.1:1001",
        ["service variable"] = "http://127.0.0.1:1002",
        ["shared variable"] = "http://127.0.0.1:1003",
        ["services section"] = "http://127.0.0.1:1004",
        ["profile endpoint_url"] = "http://127.0.0.1:1005",
    };

    public static TheoryData<string, string[], string> Rows()
    {
        var rows = new TheoryData<string, string[], string>();
        foreach (var service in EndpointResolver.Services)
        {
            for (var i = 0; i < Order.Length; i++)
            {
                rows.Add(service, Order.Skip(i).ToArray(), Order[i]); // this source and every one below it
                rows.Add(service, new[] { Order[i] }, Order[i]);      // this source alone
            }
            rows.Add(service, Array.Empty<string>(), "AWS's own");
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_first_configured_endpoint_wins(string service, string[] present, string winner)
    {
        using var home = Home(service, present);

        var connection = AwsConnection.Resolve(home.Options(Configure(present)), new MemoryLog());
        var (url, source) = connection.DescribeEndpoint(service);

        if (winner == "AWS's own")
        {
            Assert.StartsWith("https://", url);
            Assert.StartsWith("partition aws", source);
            return;
        }
        Assert.Equal(Urls[winner], url);
        Assert.Contains(ExpectedSource(service, winner, home), source);
    }

    [Theory]
    [InlineData("environment")]
    [InlineData("profile")]
    public void The_ignore_flag_leaves_only_the_parameter_for_every_service(string flagFrom)
    {
        var configured = Order.Skip(1).ToArray();
        foreach (var service in EndpointResolver.Services)
        {
            using var home = Home(service, configured, ignoreFlagInProfile: flagFrom == "profile");
            if (flagFrom == "environment")
                home.Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
            var log = new MemoryLog();

            var connection = AwsConnection.Resolve(home.Options(Configure(configured)), log);
            var ignored = connection.DescribeEndpoint(service);
            var withParameter = AwsConnection.Resolve(home.Options(Configure(Order)), new MemoryLog()).DescribeEndpoint(service);

            Assert.Equal(EndpointResolver.ForPartition(service, "eu-west-1").Url, ignored.Url);
            Assert.Null(connection.EndpointUrl);
            Assert.Contains("AWS's own endpoints (configured endpoints are ignored", Assert.Single(log.DebugLines));
            Assert.Equal((Urls["parameter"], "-EndpointUrl"), withParameter);
        }
    }

    [Fact]
    public void The_STS_client_the_credentials_use_honours_the_ignore_flag_too()
    {
        // A role profile whose AssumeRole would go to the configured endpoint; with the flag it must not.
        using var sts = new FakeSts(_ => TestKeys.Make("ignored", session: true));
        using var home = new TestHome();
        home.Credentials($"[base]\naws_access_key_id = {Keys.AccessKeyId}\naws_secret_access_key = {Keys.SecretKey}")
            .Config($"[profile audit]\nrole_arn = arn:aws:iam::444455556666:role/Audit\nsource_profile = base\nregion = eu-west-1\nendpoint_url = {sts.Url}\nignore_configured_endpoint_urls = true")
            .Env("AWS_ENDPOINT_URL_STS", sts.Url);
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "audit"), new MemoryLog());

        Assert.Equal("https://sts.eu-west-1.amazonaws.com", connection.DescribeEndpoint("sts").Url);
        Assert.Empty(sts.Server.Requests);
    }

    /// <summary>Each bad value by where it is set: (service asked for, how to set it, what the message must name).</summary>
    private static readonly Dictionary<string, (string Service, Action<TestHome, AwsConnectionOptions> Set, string Expected)> BadValues = new()
    {
        ["service variable"] = ("sts", (h, o) => h.Env("AWS_ENDPOINT_URL_STS", "localhost:4566"), "AWS_ENDPOINT_URL_STS 'localhost:4566'"),
        ["IAM variable"] = ("iam", (h, o) => h.Env("AWS_ENDPOINT_URL_IAM", "not a url"), "AWS_ENDPOINT_URL_IAM 'not a url'"),
        ["shared variable"] = ("organizations", (h, o) => h.Env("AWS_ENDPOINT_URL", "ftp://127.0.0.1/"), "AWS_ENDPOINT_URL 'ftp://127.0.0.1/'"),
        ["profile endpoint_url"] = ("sts", (h, o) => h.Config("[profile dev]\nendpoint_url = sts.local"), "endpoint_url of the profile 'dev' in "),
        ["services section"] = ("sts", (h, o) => h.Config("[profile dev]\nservices = local\n[services local]\nsts =\n  endpoint_url = /relative"), "sts endpoint_url of [services local] (the profile 'dev' in "),
        ["missing services section"] = ("iam", (h, o) => h.Config("[profile dev]\nservices = nowhere"), "names services 'nowhere', but there is no [services nowhere] section"),
        ["ignore variable"] = ("iam", (h, o) => h.Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "yes"), "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is 'yes'"),
        ["ignore setting"] = ("iam", (h, o) => h.Config("[profile dev]\nignore_configured_endpoint_urls = 1"), "ignore_configured_endpoint_urls of the profile 'dev' in "),
        ["parameter"] = ("iam", (h, o) => o.EndpointUrl = "127.0.0.1:4566", "-EndpointUrl '127.0.0.1:4566'"),
    };

    public static TheoryData<string> Malformed() => new(BadValues.Keys);

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_bad_value_is_a_configuration_error_naming_its_source(string where)
    {
        var (service, set, expected) = BadValues[where];
        using var home = new TestHome();
        home.Env("AWS_PROFILE", "dev").Credentials($"[dev]\naws_access_key_id = {Keys.AccessKeyId}\naws_secret_access_key = {Keys.SecretKey}");
        var options = home.Options();
        set(home, options);

        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(options, new MemoryLog()).DescribeEndpoint(service));

        Assert.Contains(expected, error.Message);
        ProfileTests.AssertNoSecret(error.Message, Keys);
    }

    [Fact]
    public async Task A_role_profile_with_EndpointUrl_sends_its_AssumeRole_and_the_signed_call_there()
    {
        var issued = TestKeys.Make("viaparam", session: true);
        using var sts = new FakeSts(_ => issued, account: "444455556666");
        using var home = new TestHome();
        home.Credentials($"[base]\naws_access_key_id = {Keys.AccessKeyId}\naws_secret_access_key = {Keys.SecretKey}")
            .Config("[profile audit]\nrole_arn = arn:aws:iam::444455556666:role/Audit\nsource_profile = base\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:9");

        var connection = AwsConnection.Resolve(home.Options(o => { o.ProfileName = "audit"; o.EndpointUrl = sts.Url; }), new MemoryLog());
        var identity = await connection.GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("444455556666", identity.Account);
        Assert.Equal(new[] { "AssumeRole", "GetCallerIdentity" }, sts.Server.Requests.Select(r => FakeSts.ParseForm(r.BodyText)["Action"]));
        Assert.Equal(issued.AccessKeyId, FakeSts.SigningKeyId(sts.Server.Requests.Last()));
    }

    /// <summary>A profile "dev" with static keys and the profile-level sources of the row; environment sources as variables.</summary>
    private static TestHome Home(string service, IEnumerable<string> present, bool ignoreFlagInProfile = false)
    {
        var home = new TestHome();
        var config = $"[profile dev]\naws_access_key_id = {Keys.AccessKeyId}\naws_secret_access_key = {Keys.SecretKey}\nregion = eu-west-1\n";
        var serviceKey = EndpointResolver.ServiceId(service).ToLowerInvariant().Replace(' ', '_');
        foreach (var source in present)
        {
            switch (source)
            {
                case "service variable": home.Env(EndpointResolver.ServiceEnvironmentVariable(service), Urls[source]); break;
                case "shared variable": home.Env("AWS_ENDPOINT_URL", Urls[source]); break;
                case "services section": config += "services = local\n"; break;
                case "profile endpoint_url": config += $"endpoint_url = {Urls[source]}\n"; break;
            }
        }
        if (ignoreFlagInProfile)
            config += "ignore_configured_endpoint_urls = true\n";
        if (present.Contains("services section"))
            config += $"[services local]\n{serviceKey} =\n  endpoint_url = {Urls["services section"]}\n";
        home.Config(config);
        return home;
    }

    private static Action<AwsConnectionOptions> Configure(IEnumerable<string> present) => o =>
    {
        o.ProfileName = "dev";
        if (present.Contains("parameter"))
            o.EndpointUrl = Urls["parameter"];
    };

    private static string ExpectedSource(string service, string winner, TestHome home) => winner switch
    {
        "parameter" => "-EndpointUrl",
        "service variable" => EndpointResolver.ServiceEnvironmentVariable(service),
        "shared variable" => "AWS_ENDPOINT_URL",
        "services section" => $"endpoint_url of [services local] (the profile 'dev' in {home.ConfigPath})",
        _ => $"endpoint_url of the profile 'dev' in {home.ConfigPath}",
    };
}
