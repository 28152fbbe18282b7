using System.Text.Json;
using IamKeyHygiene.Emulator.Hosting;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>
/// Debian's awscli against the emulator: AssumeRoleWithWebIdentity (sent unsigned, as the CLI does) with a token from
/// the emulator's managed identity endpoint, and the calls it leads to counted by principal.
/// </summary>
public sealed class AwsCliWebIdentityTests
{
    private const string Issuer = "https://sts.windows.net/00000000-0000-0000-0000-0000000e1a70/";
    private const string Audience = "api://AzureADTokenExchange";
    private static readonly string RoleArn = $"arn:aws:iam::{Member}:role/AutomationRunbook";

    private static string Scenario(string? subject = null) => StandardScenario().Replace(
        """{ "name": "Audit" },""",
        $$"""{ "name": "Audit" }, { "name": "AutomationRunbook", "webIdentity": { "issuer": "{{Issuer}}", "audience": "{{Audience}}"{{(subject is null ? "" : $", \"subject\": \"{subject}\"")}} } },""",
        StringComparison.Ordinal);

    private static async Task<string> ManagedIdentityTokenAsync(EmulatorHost host, string resource, bool withHeader = true)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{host.Url}/_emulator/managed-identity/token?resource={Uri.EscapeDataString(resource)}&api-version=2019-08-01");
        if (withHeader)
        {
            request.Headers.Add("X-IDENTITY-HEADER", "automation-sandbox");
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static Task<CliResult> ExchangeAsync(EmulatorHost host, string token) =>
        AwsCli.RunAsync(host.Url, new AwsCredentials("AKIANOTUSEDUNSIGNED1", "not/used/for/an/unsigned/call/0000000001"),
            "sts", "assume-role-with-web-identity", "--role-arn", RoleArn, "--role-session-name", "runbook", "--web-identity-token", token);

    [Fact]
    public async Task A_managed_identity_token_becomes_a_role_session_counted_under_the_role()
    {
        await using var host = await StartAsync(Scenario());
        var token = await ManagedIdentityTokenAsync(host, Audience);

        var exchanged = (await ExchangeAsync(host, token)).AssertSuccess().Json;
        Assert.Equal(Issuer, exchanged.GetProperty("Provider").GetString());
        Assert.Equal(Audience, exchanged.GetProperty("Audience").GetString());
        var credentials = exchanged.GetProperty("Credentials");
        var session = new AwsCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
        var identity = (await AwsCli.RunAsync(host.Url, session, "sts", "get-caller-identity")).AssertSuccess().Json;
        Assert.Equal($"arn:aws:sts::{Member}:assumed-role/AutomationRunbook/runbook", identity.GetProperty("Arn").GetString());
        (await AwsCli.RunAsync(host.Url, host.Admin(), "organizations", "list-roots")).AssertSuccess();
        (await AwsCli.RunAsync(host.Url, MemberUser, "iam", "list-access-keys")).AssertSuccess();

        var byPrincipal = (await host.ControlAsync(HttpMethod.Get, "calls")).GetProperty("byPrincipal");
        Assert.Equal(1, byPrincipal.GetProperty("anonymous").GetProperty("sts:AssumeRoleWithWebIdentity").GetInt32());
        Assert.Equal(1, byPrincipal.GetProperty("AutomationRunbook").GetProperty("sts:GetCallerIdentity").GetInt32());
        Assert.Equal(1, byPrincipal.GetProperty("user/emulator-admin").GetProperty("organizations:ListRoots").GetInt32());
        Assert.Equal(1, byPrincipal.GetProperty("user/member-user").GetProperty("iam:ListAccessKeys").GetInt32());
    }

    [Theory]
    [InlineData("another-audience", null, "(AccessDenied)")]
    [InlineData(Audience, "someone-else", "(AccessDenied)")]
    [InlineData(Audience, null, "(InvalidIdentityToken)")]
    public async Task A_token_the_trust_does_not_name_is_refused(string audience, string? subject, string error)
    {
        await using var host = await StartAsync(Scenario(subject));
        var token = error == "(InvalidIdentityToken)" ? "not-a-token" : await ManagedIdentityTokenAsync(host, audience);

        var refused = await ExchangeAsync(host, token);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(error, refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_managed_identity_endpoint_wants_its_header()
    {
        await using var host = await StartAsync(Scenario());
        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => ManagedIdentityTokenAsync(host, Audience, withHeader: false));
    }
}
