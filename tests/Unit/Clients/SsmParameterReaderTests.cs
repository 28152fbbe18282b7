using System.Net;
using System.Text.Json;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>SsmParameterReader: AWSSDK.SimpleSystemsManagement on the module's endpoint resolver and retry policy,
/// against a stub (wire form, retries) and the emulator (decryption, errors as engine errors, nothing logged).</summary>
public sealed class SsmParameterReaderTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    internal const string SmtpPassword = "BPaSsW0rd/with+chars=EXAMPLE&more";

    internal static string Scenario => StandardScenario().TrimEnd().TrimEnd('}') + """
        , "ssm": { "parameters": [
            { "name": "/key-hygiene/smtp-user", "value": "AKIASMTPUSEREXAMPLE1", "type": "String" },
            { "name": "/key-hygiene/smtp-password", "value": "BPaSsW0rd/with+chars=EXAMPLE&more", "type": "SecureString", "keyId": "alias/key-hygiene" } ] },
          "sns": { "topics": [ { "name": "key-hygiene" } ] }
        }
        """;

    /// <summary>The admin's connection to the emulator; its clients log (endpoints, retries) to <paramref name="log"/>.</summary>
    internal static AwsConnection Connect(EmulatorHost host, IEngineLog? log = null)
    {
        log ??= new MemoryLog();
        var connection = AwsConnection.Resolve(new AwsConnectionOptions
        {
            AccessKey = host.AccessKeyId,
            SecretKey = host.SecretAccessKey,
            Region = "us-east-1",
            EndpointUrl = host.Url,
            Environment = new Dictionary<string, string>(),
        }, log);
        connection.ClientSettings.Log = log;
        return connection;
    }

    private static SsmParameterReader Reader(string url) =>
        new(AwsClients.CreateSsm(TestClients.Credentials, TestClients.Settings(url)), ErrorCatalog.SmtpCredentialParameterUnavailable);

    [Fact]
    public async Task GetParameter_asks_for_decryption_as_the_aws_cli_does_and_is_retried_after_a_5xx()
    {
        await using var server = new StubAwsServer((_, n) => n == 1
            ? StubReply.Json("{\"__type\":\"InternalServerError\",\"message\":\"oops\"}", 500)
            : StubReply.Json("{\"Parameter\":{\"Name\":\"/key-hygiene/smtp-password\",\"Type\":\"SecureString\",\"Value\":\"plain\",\"Version\":1}}"));
        using var reader = Reader(server.Url);

        Assert.Equal("plain", await reader.GetDecryptedAsync("/key-hygiene/smtp-password", None));

        Assert.Equal(2, server.Requests.Count);
        var request = server.Requests[1];
        Assert.Equal("AmazonSSM.GetParameter", request.Header("X-Amz-Target"));
        Assert.Contains("/us-east-1/ssm/aws4_request", request.Header("Authorization"));
        var body = JsonDocument.Parse(request.BodyText).RootElement;
        Assert.Equal(("/key-hygiene/smtp-password", true), (body.GetProperty("Name").GetString(), body.GetProperty("WithDecryption").GetBoolean()));
    }

    [Fact]
    public async Task A_SecureString_comes_back_decrypted_and_its_value_reaches_no_log()
    {
        await using var host = await StartAsync(Scenario);
        var log = new MemoryLog();
        using var reader = Connect(host, log).CreateSsmParameterReader(ErrorCatalog.SmtpCredentialParameterUnavailable);

        Assert.Equal(SmtpPassword, await reader.GetDecryptedAsync("/key-hygiene/smtp-password", None));
        Assert.Equal("AKIASMTPUSEREXAMPLE1", await reader.GetDecryptedAsync("/key-hygiene/smtp-user", None));

        Assert.Contains(log.DebugLines, line => line.Contains("ssm endpoint", StringComparison.Ordinal));
        Assert.DoesNotContain(SmtpPassword, log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(WebUtility.UrlEncode(SmtpPassword), log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_parameter_and_a_denied_one_are_engine_errors_naming_the_parameter()
    {
        await using var host = await StartAsync(Scenario);
        using var reader = Connect(host).CreateSsmParameterReader(ErrorCatalog.SmtpCredentialParameterUnavailable);

        var missing = await Assert.ThrowsAsync<EngineException>(() => reader.GetDecryptedAsync("/key-hygiene/nothing", None));
        await host.ControlAsync(HttpMethod.Post, "faults", new { denyActions = new[] { new { action = "ssm:GetParameter" } } });
        var denied = await Assert.ThrowsAsync<EngineException>(() => reader.GetDecryptedAsync("/key-hygiene/smtp-password", None));

        Assert.Equal(("SmtpCredentialParameterUnavailable", "/key-hygiene/nothing", EngineErrorCategory.ObjectNotFound, "ParameterNotFound"),
            (missing.Entry.Id, missing.Target, missing.Category, missing.AwsErrorCode));
        Assert.Equal(("/key-hygiene/smtp-password", EngineErrorCategory.PermissionDenied, "AccessDeniedException"), (denied.Target, denied.Category, denied.AwsErrorCode));
        Assert.DoesNotContain(SmtpPassword, denied.ToString(), StringComparison.Ordinal);
    }
}
