using Amazon.SSO.Model;
using IamKeyHygiene.Emulator.Scenario;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Emulator.SsoKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>The IAM Identity Center portal's GetRoleCredentials: raw restJson1, Debian's awscli and AWSSDK.SSO.</summary>
public sealed class SsoPortalTests
{
    [Fact]
    public async Task PortalCredentialsAuthenticateAsTheRoleSessionInAwscli()
    {
        await using var host = await StartAsync();

        var portal = (await AwsCli.RunAsync(host.Url, Nobody, "sso", "get-role-credentials", "--access-token", AliceToken, "--account-id", Account, "--role-name", "Audit")).AssertSuccess().Json;
        var session = RoleCredentials(portal);
        var identity = (await AwsCli.RunAsync(host.Url, session, "sts", "get-caller-identity")).AssertSuccess().Json;

        Assert.StartsWith("ASIA", session.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/Audit/alice@example.com", identity.GetProperty("Arn").GetString());
        Assert.Equal(Account, identity.GetProperty("Account").GetString());
        var calls = await host.ControlAsync(HttpMethod.Get, "calls");
        Assert.Equal(1, calls.GetProperty("byAccount").GetProperty(Account).GetProperty("sso:GetRoleCredentials").GetInt32());
        Assert.Equal(1, calls.GetProperty("byAccount").GetProperty(Account).GetProperty("sts:GetCallerIdentity").GetInt32());
    }

    [Fact]
    public async Task AwscliSeesTheModelledErrorsOfTheRealService()
    {
        await using var host = await StartAsync();

        var expired = AwsCli.RunAsync(host.Url, Nobody, "sso", "get-role-credentials", "--access-token", ExpiredToken, "--account-id", Account, "--role-name", "Audit");
        var unassigned = AwsCli.RunAsync(host.Url, Nobody, "sso", "get-role-credentials", "--access-token", AliceToken, "--account-id", Account, "--role-name", "Admin");

        Assert.Contains("(UnauthorizedException) when calling the GetRoleCredentials operation: Session token not found or invalid", (await expired).StdErr, StringComparison.Ordinal);
        Assert.Contains("(ForbiddenException) when calling the GetRoleCredentials operation: No access", (await unassigned).StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensAreCheckedBeforeRolesAndRolesBeforeAssignments()
    {
        await using var host = await StartAsync();

        var noToken = await host.GetRoleCredentialsAsync(null, Account, "Audit");
        var unknownToken = await host.GetRoleCredentialsAsync("no-such-token", Account, "NoSuchRole");
        var expired = await host.GetRoleCredentialsAsync(ExpiredToken, Account, "Audit");
        var unknownRole = await host.GetRoleCredentialsAsync(AliceToken, Account, "NoSuchRole");
        var unknownAccount = await host.GetRoleCredentialsAsync(AliceToken, "999999999999", "Audit");
        var unassigned = await host.GetRoleCredentialsAsync(AliceToken, Account, "Admin");
        var suspended = await host.GetRoleCredentialsAsync(AliceToken, "444444444444", "Audit");
        var noAccount = await host.GetRoleCredentialsAsync(AliceToken, string.Empty, "Audit");

        foreach (var answer in new[] { noToken, unknownToken, expired })
        {
            Assert.Equal((401, "UnauthorizedException"), (answer.Status, answer.ErrorType));
            Assert.Equal("Session token not found or invalid", answer.Body.GetProperty("message").GetString());
        }

        Assert.Equal((404, "ResourceNotFoundException"), (unknownRole.Status, unknownRole.ErrorType));
        Assert.Equal((404, "ResourceNotFoundException"), (unknownAccount.Status, unknownAccount.ErrorType));
        Assert.Equal((403, "ForbiddenException", "No access"), (unassigned.Status, unassigned.ErrorType, unassigned.Body.GetProperty("message").GetString()));
        Assert.Equal((403, "ForbiddenException"), (suspended.Status, suspended.ErrorType));
        Assert.Equal((400, "InvalidRequestException"), (noAccount.Status, noAccount.ErrorType));
    }

    [Fact]
    public async Task TheTokenExpiresOnTheDataClockWhileIssuedCredentialsLiveTheRolesSessionDuration()
    {
        await using var host = await StartAsync();
        var issued = await host.GetRoleCredentialsAsync(AliceToken, Account, "Audit");
        var session = RoleCredentials(issued.Body);
        var expiration = DateTimeOffset.FromUnixTimeMilliseconds(issued.Body.GetProperty("roleCredentials").GetProperty("expiration").GetInt64());

        Assert.Equal(200, issued.Status);
        Assert.InRange(expiration - host.Runtime.Clock.Now, TimeSpan.FromSeconds(7190), TimeSpan.FromSeconds(7200));
        Assert.Equal(0, expiration.ToUnixTimeMilliseconds() % 1000);

        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 1.5 / 24 });
        var afterTokenExpiry = await host.GetRoleCredentialsAsync(AliceToken, Account, "Audit");
        var stillValid = await host.QueryAsync(session, "sts", "Action=GetCallerIdentity&Version=2011-06-15");
        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 0.75 / 24 });
        var sessionExpired = await host.QueryAsync(session, "sts", "Action=GetCallerIdentity&Version=2011-06-15");

        Assert.Equal(401, afterTokenExpiry.Status);
        Assert.Equal(200, stillValid.Status);
        Assert.Contains("<Code>ExpiredToken</Code>", sessionExpired.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsSdkSsoClientReadsCredentialsAndModelledErrors()
    {
        await using var host = await StartAsync();
        using var client = host.SdkPortal();

        var response = await client.GetRoleCredentialsAsync(new GetRoleCredentialsRequest { AccessToken = AliceToken, AccountId = Account, RoleName = "Audit" });
        var unauthorized = await Assert.ThrowsAsync<UnauthorizedException>(() => client.GetRoleCredentialsAsync(new GetRoleCredentialsRequest { AccessToken = ExpiredToken, AccountId = Account, RoleName = "Audit" }));
        var notFound = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetRoleCredentialsAsync(new GetRoleCredentialsRequest { AccessToken = AliceToken, AccountId = Account, RoleName = "NoSuchRole" }));
        var forbidden = await Assert.ThrowsAsync<Amazon.SSO.AmazonSSOException>(() => client.GetRoleCredentialsAsync(new GetRoleCredentialsRequest { AccessToken = AliceToken, AccountId = Account, RoleName = "Admin" }));

        var credentials = response.RoleCredentials;
        Assert.StartsWith("ASIA", credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(40, credentials.SecretAccessKey.Length);
        Assert.False(string.IsNullOrEmpty(credentials.SessionToken));
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(credentials.Expiration!.Value) - host.Runtime.Clock.Now, TimeSpan.FromSeconds(7190), TimeSpan.FromSeconds(7200));
        Assert.Equal(200, (await host.QueryAsync(new AwsCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), "sts", "Action=GetCallerIdentity&Version=2011-06-15")).Status);
        Assert.Equal(("Session token not found or invalid", System.Net.HttpStatusCode.Unauthorized), (unauthorized.Message, unauthorized.StatusCode));
        Assert.Equal("ResourceNotFoundException", notFound.ErrorCode);
        Assert.Equal(("ForbiddenException", "No access", System.Net.HttpStatusCode.Forbidden), (forbidden.ErrorCode, forbidden.Message, forbidden.StatusCode));
    }

    [Fact]
    public async Task FaultsTargetThePortalAndCountIt()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { rules = new[] { new { operation = "sso:GetRoleCredentials", throttleProbability = 1.0 } } });

        var throttled = await host.GetRoleCredentialsAsync(AliceToken, Account, "Audit");

        Assert.Equal((429, "TooManyRequestsException"), (throttled.Status, throttled.ErrorType));
        Assert.Equal(1, EmulatorTestKit.FaultCount(await host.ControlAsync(HttpMethod.Get, "faults/counts"), "throttle", "sso:GetRoleCredentials"));
    }

    [Fact]
    public void AnAssignmentToARoleTheAccountLacksIsAScenarioError()
    {
        var scenario = Scenario.Replace("\"roleName\": \"Audit\" }, { \"accountId\": \"444444444444\"", "\"roleName\": \"Missing\" }, { \"accountId\": \"444444444444\"", StringComparison.Ordinal);

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Build(ScenarioDocument.Parse(scenario, "sso"), new IamKeyHygiene.Emulator.State.DataClock(TimeProvider.System)));

        Assert.Contains("has no role 'Missing'", error.Message, StringComparison.Ordinal);
    }
}
