using System.Net.Http.Json;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SSO;
using Amazon.SSOOIDC;
using IamKeyHygiene.Emulator.Hosting;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>An IAM Identity Center scenario and unsigned portal/OIDC requests for the SSO tests.</summary>
internal static class SsoKit
{
    public const string Account = "333333333333";
    public const string AliceToken = "token-alice";
    public const string AliceRefresh = "refresh-alice";
    public const string ClientId = "client-1";
    public const string ClientSecret = "client-1-secret";
    public const string ExpiredToken = "token-expired";

    /// <summary>Unused by the unsigned SSO calls; awscli still wants some credentials in its environment.</summary>
    public static readonly AwsCredentials Nobody = new("AKIANOBODY0000000000", "nobody/secret/000000000000000000000000001");

    /// <summary>alice may use Audit (2 h sessions) in the member account, not Admin; bob's token has expired.</summary>
    public const string Scenario = $$"""
        {
          "managementAccountId": "111111111111",
          "accounts": [
            { "id": "{{Account}}", "name": "prod", "roles": [ { "name": "Audit", "maxSessionDurationSeconds": 7200 }, { "name": "Admin" } ] },
            { "id": "444444444444", "name": "closed", "state": "SUSPENDED", "roles": [ { "name": "Audit" } ] }
          ],
          "sso": { "tokens": [
            { "accessToken": "{{AliceToken}}", "refreshToken": "{{AliceRefresh}}", "clientId": "{{ClientId}}", "clientSecret": "{{ClientSecret}}",
              "userName": "alice@example.com", "expiresInSeconds": 3600,
              "assignments": [ { "accountId": "{{Account}}", "roleName": "Audit" }, { "accountId": "444444444444", "roleName": "Audit" } ] },
            { "accessToken": "{{ExpiredToken}}", "clientId": "{{ClientId}}", "userName": "bob", "expiresInSeconds": -60,
              "assignments": [ { "accountId": "{{Account}}", "roleName": "Audit" } ] }
          ] }
        }
        """;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static Task<EmulatorHost> StartAsync() => EmulatorHost.StartFromJsonAsync(Scenario);

    /// <summary>GET /federation/credentials as the portal's clients send it (no signature; the token in a header).</summary>
    public static async Task<SsoAnswer> GetRoleCredentialsAsync(this EmulatorHost host, string? token, string accountId, string roleName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{host.Url}/federation/credentials?account_id={accountId}&role_name={Uri.EscapeDataString(roleName)}");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", token);
        }

        return await SendAsync(request);
    }

    public static async Task<SsoAnswer> CreateTokenAsync(this EmulatorHost host, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Url + "/token") { Content = JsonContent.Create(body) };
        return await SendAsync(request);
    }

    public static AmazonSSOClient SdkPortal(this EmulatorHost host) =>
        new(new AnonymousAWSCredentials(), new AmazonSSOConfig { ServiceURL = host.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public static AmazonSSOOIDCClient SdkOidc(this EmulatorHost host) =>
        new(new AnonymousAWSCredentials(), new AmazonSSOOIDCConfig { ServiceURL = host.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public static AwsCredentials RoleCredentials(JsonElement answer)
    {
        var credentials = answer.GetProperty("roleCredentials");
        return new AwsCredentials(credentials.GetProperty("accessKeyId").GetString()!, credentials.GetProperty("secretAccessKey").GetString()!, credentials.GetProperty("sessionToken").GetString());
    }

    private static async Task<SsoAnswer> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
        return new SsoAnswer((int)response.StatusCode, errorType, JsonDocument.Parse(text).RootElement.Clone());
    }
}

internal sealed record SsoAnswer(int Status, string? ErrorType, JsonElement Body);
