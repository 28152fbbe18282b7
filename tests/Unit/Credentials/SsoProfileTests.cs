using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Tests.Unit.Emulator;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>
/// IAM Identity Center (SSO) profiles end to end against the emulator's portal and SSO-OIDC, with the token cache
/// `aws sso login` leaves in ~/.aws/sso/cache: sso_session and legacy profiles, a refresh of an expired token,
/// and the login error when nothing can be refreshed. Debian's AWS CLI 2.9.19 is not the judge here: it would need
/// the same emulator endpoints and cache, so these are proven by the module alone (tests/Unit/README.md says why).
/// </summary>
public sealed class SsoProfileTests
{
    private const string StartUrl = "https://emulator.awsapps.com/start";

    [Fact]
    public async Task An_sso_session_profile_with_a_cached_token_signs_as_the_role_session()
    {
        await using var host = await SsoKit.StartAsync();
        using var home = SsoHome(host, "[profile sso]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = Audit\nregion = eu-west-1\n" +
                                       $"[sso-session corp]\nsso_start_url = {StartUrl}\nsso_region = us-east-1");
        await CacheTokenAsync(host, home, "corp", expiresInSeconds: 3600);
        var log = new MemoryLog();

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "sso"), log);
        var identity = await connection.GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Audit/sso-test", identity.Arn);
        Assert.Equal(("profile sso", "eu-west-1"), (connection.CredentialSource, connection.Region));
        Assert.Contains("IAM Identity Center role 'Audit' in account 333333333333 of profile 'sso' (sso-session 'corp')", Assert.Single(log.DebugLines));
        var calls = await host.ControlAsync(HttpMethod.Get, "calls");
        Assert.Equal(1, calls.GetProperty("byAccount").GetProperty("333333333333").GetProperty("sso:GetRoleCredentials").GetInt32());
    }

    [Fact]
    public async Task A_legacy_profile_reads_the_cache_keyed_by_its_start_url()
    {
        await using var host = await SsoKit.StartAsync();
        using var home = SsoHome(host, $"[profile old]\nsso_start_url = {StartUrl}\nsso_region = us-east-1\nsso_account_id = 333333333333\nsso_role_name = Audit");
        await CacheTokenAsync(host, home, StartUrl, expiresInSeconds: 3600);

        var identity = await AwsConnection.Resolve(home.Options(o => o.ProfileName = "old"), new MemoryLog()).GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("333333333333", identity.Account);
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_through_SSO_OIDC_and_written_back_to_the_cache()
    {
        await using var host = await SsoKit.StartAsync();
        using var home = SsoHome(host, "[profile sso]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = Audit\n" +
                                       $"[sso-session corp]\nsso_start_url = {StartUrl}\nsso_region = us-east-1");
        var path = await CacheTokenAsync(host, home, "corp", expiresInSeconds: 0);
        var before = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("accessToken").GetString();

        var identity = await AwsConnection.Resolve(home.Options(o => o.ProfileName = "sso"), new MemoryLog()).GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("333333333333", identity.Account);
        var after = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("accessToken").GetString();
        Assert.NotEqual(before, after);
        var calls = await host.ControlAsync(HttpMethod.Get, "calls");
        Assert.Contains("sso-oidc:CreateToken", calls.GetRawText());
    }

    [Theory]
    [InlineData("expired without refresh data")]
    [InlineData("no cached token")]
    public async Task A_sign_in_that_cannot_be_renewed_asks_for_aws_sso_login(string situation)
    {
        await using var host = await SsoKit.StartAsync();
        using var home = SsoHome(host, "[profile sso]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = Audit\n" +
                                       $"[sso-session corp]\nsso_start_url = {StartUrl}\nsso_region = us-east-1");
        if (situation == "expired without refresh data")
            await CacheTokenAsync(host, home, "corp", expiresInSeconds: 0, withRefresh: false);
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "sso"), new MemoryLog());

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => connection.GetCallerIdentityAsync(CancellationToken.None));

        Assert.Contains("run `aws sso login --profile sso`", error.Message);
        Assert.Contains("never opens a browser", error.Message);
        Assert.Contains(Path.Combine(home.AwsFolder, "sso", "cache"), error.Message);
    }

    [Fact]
    public async Task The_portal_and_SSO_OIDC_take_their_own_endpoint_variables()
    {
        await using var host = await SsoKit.StartAsync();
        using var home = new TestHome();
        home.Config("[profile sso]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = Audit\n" +
                    $"[sso-session corp]\nsso_start_url = {StartUrl}\nsso_region = ap-southeast-2")
            .Env("AWS_ENDPOINT_URL_SSO", host.Url).Env("AWS_ENDPOINT_URL_SSO_OIDC", host.Url).Env("AWS_ENDPOINT_URL_STS", host.Url)
            .Env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        await CacheTokenAsync(host, home, "corp", expiresInSeconds: 0);

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "sso"), new MemoryLog());
        var identity = await connection.GetCallerIdentityAsync(CancellationToken.None);

        Assert.Equal("333333333333", identity.Account);
        Assert.Equal((host.Url, "AWS_ENDPOINT_URL_SSO"), connection.DescribeEndpoint("sso"));
        Assert.Equal((host.Url, "AWS_ENDPOINT_URL_SSO_OIDC"), connection.DescribeEndpoint("sso-oidc"));
    }

    private static TestHome SsoHome(EmulatorHost host, string config)
    {
        var home = new TestHome();
        home.Config(config).Env("AWS_ENDPOINT_URL", host.Url);
        return home;
    }

    /// <summary>Signs a user in at the emulator and writes the cache file `aws sso login` would: its name is the
    /// SHA-1 (hex) of the sso_session name, or of the start URL for a legacy profile.</summary>
    private static async Task<string> CacheTokenAsync(EmulatorHost host, TestHome home, string cacheKey, int expiresInSeconds, bool withRefresh = true)
    {
        var token = await host.ControlAsync(HttpMethod.Post, "sso/tokens", new
        {
            userName = "sso-test",
            expiresInSeconds,
            assignments = new[] { new { accountId = "333333333333", roleName = "Audit" } },
        });
        var cache = new Dictionary<string, string?>
        {
            ["startUrl"] = StartUrl,
            ["region"] = "us-east-1",
            ["accessToken"] = token.GetProperty("accessToken").GetString(),
            ["expiresAt"] = DateTime.UtcNow.AddSeconds(expiresInSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (withRefresh)
        {
            cache["clientId"] = token.GetProperty("clientId").GetString();
            cache["clientSecret"] = token.GetProperty("clientSecret").GetString();
            cache["registrationExpiresAt"] = token.GetProperty("registrationExpiresAt").GetString();
            cache["refreshToken"] = token.GetProperty("refreshToken").GetString();
        }
        var folder = Path.Combine(home.AwsFolder, "sso", "cache");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(cacheKey))).ToLowerInvariant() + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(cache));
        return path;
    }
}
