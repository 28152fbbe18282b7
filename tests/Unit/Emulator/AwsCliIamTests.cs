using System.Text;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the in-process emulator: IAM.</summary>
public sealed class AwsCliIamTests
{
    [Fact]
    public async Task ListUsersFollowsEveryPage()
    {
        await using var host = await StartAsync();

        var result = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "list-users", "--page-size", "2")).AssertSuccess();

        var names = result.Json.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()).ToArray();
        Assert.Equal(new[] { "alice", "bob", "carol", "dave", "erin", "frank", "grace" }, names);
        var calls = await host.ControlAsync(HttpMethod.Get, "calls");
        Assert.Equal(4, calls.GetProperty("byOperation").GetProperty("iam:ListUsers").GetInt32());
    }

    [Fact]
    public async Task CreatedKeyAuthenticatesUntilMadeInactive()
    {
        await using var host = await StartAsync();

        var created = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-access-key", "--user-name", "carol")).AssertSuccess().Json.GetProperty("AccessKey");
        var carol = new AwsCredentials(created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("SecretAccessKey").GetString()!);
        Assert.StartsWith("AKIA", carol.AccessKeyId, StringComparison.Ordinal);

        var identity = (await AwsCli.RunAsync(host.Url, carol, "sts", "get-caller-identity")).AssertSuccess().Json;
        Assert.Equal($"arn:aws:iam::{Management}:user/carol", identity.GetProperty("Arn").GetString());
        Assert.Equal(Management, identity.GetProperty("Account").GetString());

        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "update-access-key", "--user-name", "carol", "--access-key-id", carol.AccessKeyId, "--status", "Inactive")).AssertSuccess();
        var refused = await AwsCli.RunAsync(host.Url, carol, "sts", "get-caller-identity");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(InvalidClientTokenId)", refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialReportGoesStartedInProgressCompleteWithTheExactHeader()
    {
        // Generation lasts "forever" until the test shortens it through the control API: no race with a slow machine.
        await using var host = await StartAsync(StandardScenario(reportGenerationSeconds: 3600));

        var started = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "generate-credential-report")).AssertSuccess().Json;
        var (whileBuilding, inProgress) = (AwsCli.RunAsync(host.Url, host.Admin(), "iam", "get-credential-report"), AwsCli.RunAsync(host.Url, host.Admin(), "iam", "generate-credential-report"));
        var notReady = await whileBuilding;
        var second = (await inProgress).AssertSuccess().Json;

        Assert.Equal("STARTED", started.GetProperty("State").GetString());
        Assert.Equal("INPROGRESS", second.GetProperty("State").GetString());
        Assert.NotEqual(0, notReady.ExitCode);
        Assert.Contains("(ReportInProgress)", notReady.StdErr, StringComparison.Ordinal);

        await host.ControlAsync(HttpMethod.Post, "settings", new { credentialReportGenerationSeconds = 0 });
        var state = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "generate-credential-report")).AssertSuccess().Json.GetProperty("State").GetString();
        Assert.Equal("COMPLETE", state);
        var report = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "get-credential-report")).AssertSuccess().Json;
        Assert.Equal("text/csv", report.GetProperty("ReportFormat").GetString());
        var csv = Encoding.UTF8.GetString(Convert.FromBase64String(report.GetProperty("Content").GetString()!));
        var expectedHeader = File.ReadAllBytes(AwsReference.Path("samples", "iam", "credential-report-header.csv"));
        var header = Encoding.UTF8.GetBytes(csv.Split('\n')[0]);
        Assert.Equal(Encoding.UTF8.GetString(expectedHeader).TrimEnd('\n', '\r'), Encoding.UTF8.GetString(header));
        Assert.Equal(expectedHeader.AsSpan(0, header.Length).ToArray(), header);
        var rows = csv.Split('\n').Skip(1).Select(line => line.Split(',')).ToList();
        Assert.All(rows, row => Assert.Equal(22, row.Length));
        Assert.Equal("<root_account>", rows[0][0]);
        Assert.Equal("not_supported", rows[0][3]);
        var alice = rows.Single(row => row[0] == "alice");
        Assert.Equal("true", alice[8]);
        Assert.Equal("N/A", alice[14]);
        Assert.Equal("iam", alice[12]);
    }

    [Fact]
    public async Task TagValueWithAForbiddenCharacterIsRefused()
    {
        await using var host = await StartAsync();

        var refused = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "bob", "--tags", "Key=keyhygiene:AKIA1,Value=disabled#2026");
        var accepted = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "bob", "--tags", "Key=keyhygiene:AKIA1,Value=disabled=2026-11-27T10:00:00Z");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(ValidationError)", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("tags.1.member.value", refused.StdErr, StringComparison.Ordinal);
        accepted.AssertSuccess();
        var tags = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "list-user-tags", "--user-name", "bob")).AssertSuccess().Json.GetProperty("Tags");
        Assert.Equal("disabled=2026-11-27T10:00:00Z", Assert.Single(tags.EnumerateArray()).GetProperty("Value").GetString());
    }

    [Fact]
    public async Task WrongSecretGetsSignatureDoesNotMatch()
    {
        await using var host = await StartAsync();

        var result = await AwsCli.RunAsync(host.Url, host.Admin() with { SecretAccessKey = host.SecretAccessKey + "x" }, "iam", "list-users");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(SignatureDoesNotMatch)", result.StdErr, StringComparison.Ordinal);
    }
}
