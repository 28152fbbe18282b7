using Amazon.SSOOIDC.Model;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Emulator.SsoKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>SSO-OIDC CreateToken (refresh grant) and the control call that signs a user in without a browser.</summary>
public sealed class SsoOidcTests
{
    [Fact]
    public async Task AwsSdkOidcClientRefreshesATokenThatKeepsTheEntitlements()
    {
        await using var host = await StartAsync();
        using var client = host.SdkOidc();

        var refreshed = await client.CreateTokenAsync(new CreateTokenRequest { ClientId = ClientId, ClientSecret = ClientSecret, GrantType = "refresh_token", RefreshToken = AliceRefresh });
        var again = await client.CreateTokenAsync(new CreateTokenRequest { ClientId = ClientId, ClientSecret = ClientSecret, GrantType = "refresh_token", RefreshToken = refreshed.RefreshToken });

        Assert.Equal(("Bearer", 3600), (refreshed.TokenType, refreshed.ExpiresIn));
        Assert.NotEqual(AliceToken, refreshed.AccessToken);
        Assert.NotEqual(AliceRefresh, refreshed.RefreshToken);
        Assert.NotEqual(refreshed.AccessToken, again.AccessToken);
        var audit = await host.GetRoleCredentialsAsync(refreshed.AccessToken, Account, "Audit");
        var admin = await host.GetRoleCredentialsAsync(refreshed.AccessToken, Account, "Admin");
        Assert.Equal(200, audit.Status);
        Assert.Equal(403, admin.Status);
        var identity = await host.QueryAsync(RoleCredentials(audit.Body), "sts", "Action=GetCallerIdentity&Version=2011-06-15");
        Assert.Contains($"<Arn>arn:aws:sts::{Account}:assumed-role/Audit/alice@example.com</Arn>", identity.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsSdkOidcClientReadsTheOAuthErrors()
    {
        await using var host = await StartAsync();
        using var client = host.SdkOidc();

        var wrongSecret = await Assert.ThrowsAsync<InvalidClientException>(() => client.CreateTokenAsync(new CreateTokenRequest { ClientId = ClientId, ClientSecret = "wrong", GrantType = "refresh_token", RefreshToken = AliceRefresh }));
        var unknownClient = await Assert.ThrowsAsync<InvalidClientException>(() => client.CreateTokenAsync(new CreateTokenRequest { ClientId = "no-such-client", ClientSecret = ClientSecret, GrantType = "refresh_token", RefreshToken = AliceRefresh }));
        var unknownRefresh = await Assert.ThrowsAsync<InvalidGrantException>(() => client.CreateTokenAsync(new CreateTokenRequest { ClientId = ClientId, ClientSecret = ClientSecret, GrantType = "refresh_token", RefreshToken = "no-such-refresh" }));
        var deviceCode = await Assert.ThrowsAsync<UnsupportedGrantTypeException>(() => client.CreateTokenAsync(new CreateTokenRequest { ClientId = ClientId, ClientSecret = ClientSecret, GrantType = "urn:ietf:params:oauth:grant-type:device_code", DeviceCode = "x" }));

        Assert.Equal(("invalid_client", System.Net.HttpStatusCode.Unauthorized), (wrongSecret.Error, wrongSecret.StatusCode));
        Assert.Equal("invalid_client", unknownClient.Error);
        Assert.Equal(("invalid_grant", System.Net.HttpStatusCode.BadRequest), (unknownRefresh.Error, unknownRefresh.StatusCode));
        Assert.Equal("unsupported_grant_type", deviceCode.Error);
    }

    [Fact]
    public async Task ARefreshTokenOfAnotherClientIsAnInvalidGrant()
    {
        await using var host = await StartAsync();
        var other = await host.ControlAsync(HttpMethod.Post, "sso/tokens", new { assignments = new[] { new { accountId = Account, roleName = "Admin" } } });

        var crossed = await host.CreateTokenAsync(new { clientId = other.GetProperty("clientId").GetString(), clientSecret = other.GetProperty("clientSecret").GetString(), grantType = "refresh_token", refreshToken = AliceRefresh });
        var missing = await host.CreateTokenAsync(new { clientId = ClientId, grantType = "refresh_token", refreshToken = AliceRefresh });

        Assert.Equal((400, "InvalidGrantException", "invalid_grant"), (crossed.Status, crossed.ErrorType, crossed.Body.GetProperty("error").GetString()));
        Assert.Equal((400, "InvalidRequestException"), (missing.Status, missing.ErrorType));
        var calls = await host.ControlAsync(HttpMethod.Get, "calls");
        Assert.Equal(2, calls.GetProperty("byOperation").GetProperty("sso-oidc:CreateToken").GetInt32());
    }

    [Fact]
    public async Task AwscliRefreshesThroughCreateToken()
    {
        await using var host = await StartAsync();

        var created = (await AwsCli.RunAsync(host.Url, Nobody, "sso-oidc", "create-token", "--client-id", ClientId, "--client-secret", ClientSecret, "--grant-type", "refresh_token", "--refresh-token", AliceRefresh)).AssertSuccess().Json;
        var refused = await AwsCli.RunAsync(host.Url, Nobody, "sso-oidc", "create-token", "--client-id", ClientId, "--client-secret", ClientSecret, "--grant-type", "refresh_token", "--refresh-token", "no-such-refresh");

        Assert.Equal("Bearer", created.GetProperty("tokenType").GetString());
        Assert.Equal(200, (await host.GetRoleCredentialsAsync(created.GetProperty("accessToken").GetString(), Account, "Audit")).Status);
        Assert.Contains("(InvalidGrantException) when calling the CreateToken operation", refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheControlCallSignsAUserInWithWhatTheLoginCacheHolds()
    {
        await using var host = await StartAsync();

        var token = await host.ControlAsync(HttpMethod.Post, "sso/tokens", new { userName = "carol", expiresInSeconds = 600, assignments = new[] { new { accountId = Account, roleName = "Admin" } } });
        var expiredAtOnce = await host.ControlAsync(HttpMethod.Post, "sso/tokens", new { expiresInSeconds = 0, assignments = new[] { new { accountId = Account, roleName = "Admin" } } });

        var expiresAt = DateTimeOffset.Parse(token.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", token.GetProperty("expiresAt").GetString());
        Assert.InRange(expiresAt - host.Runtime.Clock.Now, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(600));
        Assert.Equal(600, token.GetProperty("expiresIn").GetInt32());
        Assert.InRange(DateTimeOffset.Parse(token.GetProperty("registrationExpiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - host.Runtime.Clock.Now, TimeSpan.FromDays(89), TimeSpan.FromDays(90));
        var admin = await host.GetRoleCredentialsAsync(token.GetProperty("accessToken").GetString(), Account, "Admin");
        var audit = await host.GetRoleCredentialsAsync(token.GetProperty("accessToken").GetString(), Account, "Audit");
        Assert.Equal((200, 403), (admin.Status, audit.Status));
        var identity = await host.QueryAsync(RoleCredentials(admin.Body), "sts", "Action=GetCallerIdentity&Version=2011-06-15");
        Assert.Contains($"<Arn>arn:aws:sts::{Account}:assumed-role/Admin/carol</Arn>", identity.Body, StringComparison.Ordinal);
        Assert.Equal(401, (await host.GetRoleCredentialsAsync(expiredAtOnce.GetProperty("accessToken").GetString(), Account, "Admin")).Status);
        var refreshed = await host.CreateTokenAsync(new { clientId = expiredAtOnce.GetProperty("clientId").GetString(), clientSecret = expiredAtOnce.GetProperty("clientSecret").GetString(), grantType = "refresh_token", refreshToken = expiredAtOnce.GetProperty("refreshToken").GetString() });
        Assert.Equal(200, (await host.GetRoleCredentialsAsync(refreshed.Body.GetProperty("accessToken").GetString(), Account, "Admin")).Status);
    }

    [Fact]
    public async Task TheControlCallRefusesAnAssignmentToAMissingRole()
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => host.ControlAsync(HttpMethod.Post, "sso/tokens", new { assignments = new[] { new { accountId = Account, roleName = "Missing" } } }));

        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no role", error.Message, StringComparison.Ordinal);
        Assert.Contains("Missing", error.Message, StringComparison.Ordinal);
    }
}
