using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the emulator: STS GetSessionToken, with and without the user's MFA device.</summary>
public sealed class AwsCliSessionTokenTests
{
    private const string Account = "111122223333";
    private static readonly AwsCredentials Mia = new("AKIAMFAUSERKEY000001", "mia/secret/000000000000000000000000000000001");
    private static readonly AwsCredentials Ned = new("AKIANOMFAUSERKEY0001", "ned/secret/000000000000000000000000000000001");
    private static readonly string Serial = $"arn:aws:iam::{Account}:mfa/mia";

    private static string Scenario() => $$"""
    {
      "managementAccountId": "{{Account}}",
      "admin": { "accessKeyId": "AKIAEMULATORADMIN001", "secretAccessKey": "emulator/admin/secret/000000000000000000001" },
      "accounts": [ { "id": "{{Account}}", "name": "self", "users": [
        { "name": "mia", "mfa": { "tokenCode": "246810", "requiredForIam": true },
          "keys": [ { "accessKeyId": "{{Mia.AccessKeyId}}", "secretAccessKey": "{{Mia.SecretAccessKey}}", "ageDays": 95 } ] },
        { "name": "ned", "keys": [ { "accessKeyId": "{{Ned.AccessKeyId}}", "secretAccessKey": "{{Ned.SecretAccessKey}}", "ageDays": 5 } ] }
      ] } ]
    }
    """;

    private static AwsCredentials SessionOf(CliResult result)
    {
        var credentials = result.AssertSuccess().Json.GetProperty("Credentials");
        return new AwsCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
    }

    [Fact]
    public async Task A_valid_code_gives_a_session_that_acts_as_the_user_and_passes_its_MFA_requirement()
    {
        await using var host = await StartAsync(Scenario());

        var withoutMfa = await AwsCli.RunAsync(host.Url, Mia, "iam", "list-access-keys");
        Assert.Contains("(AccessDenied)", withoutMfa.StdErr, StringComparison.Ordinal);

        var session = SessionOf(await AwsCli.RunAsync(host.Url, Mia, "sts", "get-session-token", "--serial-number", Serial, "--token-code", "246810", "--duration-seconds", "900"));
        Assert.StartsWith("ASIA", session.AccessKeyId, StringComparison.Ordinal);

        var identity = (await AwsCli.RunAsync(host.Url, session, "sts", "get-caller-identity")).AssertSuccess().Json;
        Assert.Equal($"arn:aws:iam::{Account}:user/mia", identity.GetProperty("Arn").GetString());
        var keys = (await AwsCli.RunAsync(host.Url, session, "iam", "list-access-keys")).AssertSuccess().Json;
        Assert.Equal(Mia.AccessKeyId, keys.GetProperty("AccessKeyMetadata")[0].GetProperty("AccessKeyId").GetString());
    }

    [Theory]
    [InlineData("123456", "invalid MFA one time pass code")]
    [InlineData(null, "unable to validate MFA code")]
    public async Task A_wrong_code_or_serial_is_AccessDenied(string? code, string message)
    {
        await using var host = await StartAsync(Scenario());
        var serial = code is null ? $"arn:aws:iam::{Account}:mfa/someone-else" : Serial;

        var refused = await AwsCli.RunAsync(host.Url, Mia, "sts", "get-session-token", "--serial-number", serial, "--token-code", code ?? "246810");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(AccessDenied)", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains(message, refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_MFA_a_session_works_for_a_user_without_the_requirement_but_cannot_ask_for_another()
    {
        await using var host = await StartAsync(Scenario());

        var session = SessionOf(await AwsCli.RunAsync(host.Url, Ned, "sts", "get-session-token"));
        (await AwsCli.RunAsync(host.Url, session, "iam", "list-access-keys")).AssertSuccess();

        var again = await AwsCli.RunAsync(host.Url, session, "sts", "get-session-token");
        Assert.Contains("(AccessDenied)", again.StdErr, StringComparison.Ordinal);
        Assert.Contains("session credentials", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_expires_on_the_data_clock()
    {
        await using var host = await StartAsync(Scenario());
        var session = SessionOf(await AwsCli.RunAsync(host.Url, Ned, "sts", "get-session-token", "--duration-seconds", "900"));

        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 0.0105 });

        var expired = await AwsCli.RunAsync(host.Url, session, "sts", "get-caller-identity");
        Assert.Contains("(ExpiredToken)", expired.StdErr, StringComparison.Ordinal);
    }
}
