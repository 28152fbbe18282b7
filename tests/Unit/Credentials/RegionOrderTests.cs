using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

public sealed class RegionServers : IDisposable
{
    internal FakeInstanceMetadata Instance { get; } = new(TestKeys.Make("imdsregion", session: true), region: "ap-southeast-2");
    public void Dispose() => Instance.Dispose();
}

/// <summary>
/// Pins AWS Tools' region order: -Region → $StoredAWSRegion → the profile → AWS_REGION/AWS_DEFAULT_REGION
/// → instance metadata → us-east-1 ("default").
/// </summary>
public sealed class RegionOrderTests(RegionServers servers) : IClassFixture<RegionServers>
{
    private static readonly TestKeys Keys = TestKeys.Make("region");

    private static readonly (string Source, string Region, string RegionSource)[] Order =
    {
        ("parameter", "eu-west-1", "parameter"),
        ("stored", "eu-west-2", "stored session region"),
        ("profile", "eu-west-3", "profile work"),
        ("AWS_REGION", "ca-central-1", "environment"),
        ("AWS_DEFAULT_REGION", "sa-east-1", "environment"),
        ("instance", "ap-southeast-2", "instance"),
    };

    public static TheoryData<string[], string, string> Rows()
    {
        var rows = new TheoryData<string[], string, string>();
        for (var i = 0; i < Order.Length; i++)
        {
            rows.Add(Order.Skip(i).Select(o => o.Source).ToArray(), Order[i].Region, Order[i].RegionSource);
            if (i < Order.Length - 1)
                rows.Add(new[] { Order[i].Source }, Order[i].Region, Order[i].RegionSource);
        }
        rows.Add(Array.Empty<string>(), "us-east-1", "default");
        rows.Add(new[] { "stored", "instance" }, "eu-west-2", "stored session region");
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_first_present_region_source_wins(string[] present, string region, string regionSource)
    {
        using var home = new TestHome();
        // Credentials always come from profile "work"; whether it carries a region is part of the row.
        var profile = $"[work]\naws_access_key_id = {Keys.AccessKeyId}\naws_secret_access_key = {Keys.SecretKey}";
        var options = home.Options(o => o.ProfileName = "work");
        foreach (var source in present)
        {
            switch (source)
            {
                case "parameter": options.Region = "eu-west-1"; break;
                case "stored": options.StoredRegion = "eu-west-2"; break;
                case "profile": profile += "\nregion = eu-west-3"; break;
                case "AWS_REGION": home.Env("AWS_REGION", "ca-central-1"); break;
                case "AWS_DEFAULT_REGION": home.Env("AWS_DEFAULT_REGION", "sa-east-1"); break;
                case "instance":
                    home.Environment.Remove("AWS_EC2_METADATA_DISABLED");
                    home.Env("AWS_METADATA_SERVICE_TIMEOUT", "10"); // the 1 s default is for EC2, not a loaded test machine
                    home.Env("AWS_EC2_METADATA_SERVICE_ENDPOINT", servers.Instance.Server.Url);
                    break;
            }
        }
        home.Credentials(profile);

        var log = new MemoryLog();
        var connection = AwsConnection.Resolve(options, log);

        Assert.Equal((region, regionSource), (connection.Region, connection.RegionSource));
        Assert.Equal(region, connection.ClientSettings.Region);
        Assert.Contains($"region {region} from {regionSource}", Assert.Single(log.DebugLines));
    }

    [Fact]
    public void The_region_comes_from_the_profile_actually_used_not_from_default()
    {
        using var home = new TestHome();
        home.Credentials($"[work]\naws_access_key_id = {Keys.AccessKeyId}\naws_secret_access_key = {Keys.SecretKey}\n[default]\nregion = us-west-1");

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "work"), new MemoryLog());

        Assert.Equal(("us-east-1", "default"), (connection.Region, connection.RegionSource));
    }

    [Fact]
    public void With_credentials_from_elsewhere_the_AWS_PROFILE_profile_still_gives_the_region()
    {
        using var home = new TestHome();
        home.Config("[profile ops]\nregion = eu-south-1\n[default]\nregion = us-west-1")
            .Env("AWS_PROFILE", "ops").Env("AWS_REGION", "ca-central-1");

        var connection = AwsConnection.Resolve(home.Options(o => { o.AccessKey = Keys.AccessKeyId; o.SecretKey = Keys.SecretKey; }), new MemoryLog());

        Assert.Equal("parameter", connection.CredentialSource);
        Assert.Equal(("eu-south-1", "profile ops"), (connection.Region, connection.RegionSource));
    }

    [Fact]
    public void Instance_metadata_that_is_switched_off_leaves_the_default()
    {
        using var home = new TestHome();
        home.Env("AWS_EC2_METADATA_SERVICE_ENDPOINT", servers.Instance.Server.Url); // present, but disabled stays true

        var connection = AwsConnection.Resolve(home.Options(o => { o.AccessKey = Keys.AccessKeyId; o.SecretKey = Keys.SecretKey; }), new MemoryLog());

        Assert.Equal(("us-east-1", "default"), (connection.Region, connection.RegionSource));
    }
}
