using System.Text.Json;
using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// Endpoint resolution against the services' own endpoint-tests-1.json vectors (non-FIPS, non-dual-stack;
/// STS's legacy UseGlobalEndpoint switch is not offered, so those vectors are skipped except aws-global), the
/// override order -EndpointUrl &gt; AWS_ENDPOINT_URL_&lt;SERVICE&gt; &gt; AWS_ENDPOINT_URL &gt; partition, and the
/// partition table against partitions.json.
/// </summary>
public sealed class EndpointTests
{
    private static readonly Dictionary<string, string> Folders = new()
    {
        [EndpointResolver.Iam] = "iam/2010-05-08",
        [EndpointResolver.Organizations] = "organizations/2016-11-28",
        [EndpointResolver.Sts] = "sts/2011-06-15",
    };

    public static IEnumerable<object[]> Vectors()
    {
        foreach (var (service, folder) in Folders)
        {
            using var doc = AwsReference.Json(new[] { "models" }.Concat(folder.Split('/')).Append("endpoint-tests-1.json").ToArray());
            var index = 0;
            foreach (var test in doc.RootElement.GetProperty("testCases").EnumerateArray())
            {
                index++;
                if (!test.TryGetProperty("params", out var p) || !test.GetProperty("expect").TryGetProperty("endpoint", out _))
                {
                    continue; // error vectors are FIPS/dual-stack combinations we never build
                }

                bool Flag(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
                if (Flag("UseFIPS") || Flag("UseDualStack") || (Flag("UseGlobalEndpoint") && p.GetProperty("Region").GetString() != "aws-global"))
                {
                    continue;
                }

                yield return new object[] { service, index, p.GetRawText(), test.GetProperty("expect").GetRawText() };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Endpoint_vector(string service, int index, string parameters, string expectation)
    {
        Assert.True(index > 0);
        using var p = JsonDocument.Parse(parameters);
        using var e = JsonDocument.Parse(expectation);
        var region = p.RootElement.TryGetProperty("Region", out var r) ? r.GetString()! : "us-east-1";
        var custom = p.RootElement.TryGetProperty("Endpoint", out var ep) ? ep.GetString() : null;
        var expected = e.RootElement.GetProperty("endpoint");

        var resolved = Resolve(service, region, custom, _ => null);

        Assert.Equal(expected.GetProperty("url").GetString(), resolved.Url);
        if (expected.TryGetProperty("properties", out var properties))
        {
            var scheme = properties.GetProperty("authSchemes")[0];
            Assert.Equal(scheme.GetProperty("signingRegion").GetString(), resolved.SigningRegion);
            if (scheme.TryGetProperty("signingName", out var name))
            {
                Assert.Equal(name.GetString(), resolved.SigningName);
            }
        }
        else if (custom == null)
        {
            // Regional STS vectors sign in their own region.
            Assert.Equal(region, resolved.SigningRegion);
        }
    }

    [Theory]
    [InlineData("iam", "AWS_ENDPOINT_URL_IAM")]
    [InlineData("organizations", "AWS_ENDPOINT_URL_ORGANIZATIONS")]
    [InlineData("sts", "AWS_ENDPOINT_URL_STS")]
    public void Overrides_apply_in_the_sdk_order(string service, string serviceVariable)
    {
        Assert.Equal(serviceVariable, EndpointResolver.ServiceEnvironmentVariable(service));
        var environment = new Dictionary<string, string?>
        {
            [serviceVariable] = "http://127.0.0.1:1001",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1002",
        };

        var parameter = Resolve(service, "eu-west-1", "http://127.0.0.1:1000", k => environment.GetValueOrDefault(k));
        var perService = Resolve(service, "eu-west-1", null, k => environment.GetValueOrDefault(k));
        environment.Remove(serviceVariable);
        var global = Resolve(service, "eu-west-1", null, k => environment.GetValueOrDefault(k));
        environment.Remove("AWS_ENDPOINT_URL");
        var partition = Resolve(service, "eu-west-1", null, k => environment.GetValueOrDefault(k));

        Assert.Equal(("http://127.0.0.1:1000", "-EndpointUrl"), (parameter.Url, parameter.Source));
        Assert.Equal(("http://127.0.0.1:1001", serviceVariable), (perService.Url, perService.Source));
        Assert.Equal(("http://127.0.0.1:1002", "AWS_ENDPOINT_URL"), (global.Url, global.Source));
        Assert.Equal("partition aws", partition.Source);
        // A custom endpoint keeps the partition's signing region: global services sign in their home region.
        Assert.Equal(partition.SigningRegion, parameter.SigningRegion);
        Assert.Equal(service == "sts" ? "eu-west-1" : "us-east-1", parameter.SigningRegion);
    }

    [Fact]
    public void Global_services_sign_in_their_partitions_home_region()
    {
        Assert.Equal(("https://iam.amazonaws.com", "us-east-1"), Pair(EndpointResolver.ForPartition("iam", "ap-northeast-1")));
        Assert.Equal(("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"), Pair(EndpointResolver.ForPartition("iam", "cn-northwest-1")));
        Assert.Equal(("https://iam.us-gov.amazonaws.com", "us-gov-west-1"), Pair(EndpointResolver.ForPartition("iam", "us-gov-east-1")));
        Assert.Equal(("https://organizations.us-east-1.amazonaws.com", "us-east-1"), Pair(EndpointResolver.ForPartition("organizations", "eu-central-1")));
        Assert.Equal(("https://sts.eu-central-1.amazonaws.com", "eu-central-1"), Pair(EndpointResolver.ForPartition("sts", "eu-central-1")));
    }

    [Fact]
    public void AwsClients_ResolveEndpoint_reads_the_settings_environment()
    {
        var settings = new AwsClientSettings("us-west-2", null, k => k == "AWS_ENDPOINT_URL_STS" ? "http://127.0.0.1:4566" : null);

        Assert.Equal(("http://127.0.0.1:4566", "AWS_ENDPOINT_URL_STS"), (AwsClients.ResolveEndpoint("sts", settings).Url, AwsClients.ResolveEndpoint("sts", settings).Source));
        Assert.Equal("https://iam.amazonaws.com", AwsClients.ResolveEndpoint("iam", settings).Url);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    public void A_bad_endpoint_url_is_a_configuration_error_naming_its_source(string url)
    {
        var error = Assert.Throws<AwsConfigurationException>(() => Resolve("iam", "us-east-1", null, k => k == "AWS_ENDPOINT_URL" ? url : null));
        Assert.Contains("AWS_ENDPOINT_URL", error.Message);
    }

    [Fact]
    public void Logs_never_show_credentials_in_an_endpoint_url_and_a_region_is_required()
    {
        var resolved = Resolve("iam", "us-east-1", "http://user:s3cret@127.0.0.1:4566/", _ => null);

        Assert.Equal("http://user:s3cret@127.0.0.1:4566/", resolved.Url);
        Assert.DoesNotContain("s3cret", resolved.ToString());
        Assert.Throws<ArgumentException>(() => Resolve("sts", "", null, _ => null));
    }

    [Fact]
    public void Partition_table_matches_partitions_json()
    {
        using var doc = AwsReference.Json("models", "_common", "partitions.json");
        var reference = doc.RootElement.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(reference.Select(p => p.GetProperty("id").GetString()), Partition.All.Select(p => p.Id));
        foreach (var p in reference)
        {
            var ours = Partition.All.Single(x => x.Id == p.GetProperty("id").GetString());
            Assert.Equal(p.GetProperty("outputs").GetProperty("dnsSuffix").GetString(), ours.DnsSuffix);
            Assert.Equal(p.GetProperty("outputs").GetProperty("implicitGlobalRegion").GetString(), ours.ImplicitGlobalRegion);
            var listed = p.GetProperty("regions").EnumerateObject().Select(x => x.Name).ToList();
            Assert.Equal(listed.Where(r => !ours.IsGlobalPseudoRegion(r)).OrderBy(r => r, StringComparer.Ordinal), ours.Regions.OrderBy(r => r, StringComparer.Ordinal));
            var regex = new Regex(p.GetProperty("regionRegex").GetString()!);
            foreach (var region in p.GetProperty("regions").EnumerateObject().Select(x => x.Name))
            {
                Assert.Equal(ours.Id, Partition.For(region).Id);
                Assert.True(regex.IsMatch(region) || ours.IsGlobalPseudoRegion(region), region);
            }
        }
    }

    private static (string, string) Pair(ResolvedEndpoint e) => (e.Url, e.SigningRegion);

    /// <summary>-EndpointUrl and the environment only; the profile's settings are covered by EndpointOrderTests.</summary>
    private static ResolvedEndpoint Resolve(string service, string region, string? parameter, Func<string, string?> environment)
        => EndpointResolver.Resolve(service, region, new EndpointSources(parameter, environment));
}
