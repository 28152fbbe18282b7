using System.Text.Json;
using IamKeyHygiene.Emulator.Hosting;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>
/// What the acting cmdlets meet, checked with Debian's awscli: a new key that has not propagated yet, a hold after
/// the change committed, IAM's refusals for unknown keys and bad tags, and the control route listing every secret.
/// </summary>
public sealed class AwsCliActingTests
{
    [Fact]
    public async Task ANewKeyIsAnUnknownTokenUntilItsPropagationTimeHasPassed()
    {
        var wall = new MovableTimeProvider();
        await using var host = await EmulatorHost.StartFromJsonAsync(StandardScenario(), new EmulatorOptions { TimeProvider = wall });
        var settings = await host.ControlAsync(HttpMethod.Post, "settings", new { newKeyPropagationSeconds = 600 });
        Assert.Equal(600, settings.GetProperty("newKeyPropagationSeconds").GetDouble());

        var key = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-access-key", "--user-name", "carol")).AssertSuccess().Json.GetProperty("AccessKey");
        var carol = new AwsCredentials(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);

        var early = await AwsCli.RunAsync(host.Url, carol, "sts", "get-caller-identity");
        Assert.NotEqual(0, early.ExitCode);
        Assert.Contains("(InvalidClientTokenId)", early.StdErr, StringComparison.Ordinal);
        Assert.Contains("The security token included in the request is invalid.", early.StdErr, StringComparison.Ordinal);

        wall.Shift += TimeSpan.FromSeconds(601);
        var later = (await AwsCli.RunAsync(host.Url, carol, "sts", "get-caller-identity")).AssertSuccess();
        Assert.EndsWith("user/carol", later.Json.GetProperty("Arn").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScenarioPropagationAppliesToCreatedKeysOnlyNotToLoadedOnes()
    {
        var wall = new MovableTimeProvider();
        var scenario = StandardScenario().Replace("\"settings\": {", "\"settings\": { \"newKeyPropagationSeconds\": 600,", StringComparison.Ordinal);
        await using var host = await EmulatorHost.StartFromJsonAsync(scenario, new EmulatorOptions { TimeProvider = wall });

        (await AwsCli.RunAsync(host.Url, Dave, "sts", "get-caller-identity")).AssertSuccess();
        var created = await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=frank&Version=2010-05-08");
        var id = System.Text.RegularExpressions.Regex.Match(created.Body, "<AccessKeyId>(.*)</AccessKeyId>").Groups[1].Value;
        var secret = System.Text.RegularExpressions.Regex.Match(created.Body, "<SecretAccessKey>(.*)</SecretAccessKey>").Groups[1].Value;
        Assert.Contains("(InvalidClientTokenId)", (await AwsCli.RunAsync(host.Url, new AwsCredentials(id, secret), "iam", "list-users")).StdErr, StringComparison.Ordinal);
        wall.Shift += TimeSpan.FromSeconds(601);
        (await AwsCli.RunAsync(host.Url, new AwsCredentials(id, secret), "iam", "list-users")).AssertSuccess();
    }

    [Fact]
    public async Task AHoldWithSkipLetsTheFirstRequestsPassAndHoldsTheNext()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "iam:TagUser", skip = 1 } });

        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "carol", "--tags", "Key=first,Value=1")).AssertSuccess();
        using var held = AwsCli.Start(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "carol", "--tags", "Key=second,Value=2");
        await host.WaitForWaitingAsync(1);
        Assert.Equal(1, FaultCount(await host.ControlAsync(HttpMethod.Get, "faults/counts"), "hold", "iam:TagUser"));
        Assert.Equal(1, (await host.ControlAsync(HttpMethod.Post, "release")).GetProperty("released").GetInt32());
        await held.WaitForExitAsync();
        Assert.Equal(0, held.ExitCode);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "iam:TagUser", skip = -1 } }));
        Assert.Contains("hold.skip must not be negative", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAfterCommitHoldMakesTheChangeThenHoldsTheAnswerAndAKilledClientLeavesTheChangeInPlace()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "iam:UpdateAccessKey", phase = "afterCommit" } });

        using var killed = AwsCli.Start(host.Url, host.Admin(), "iam", "update-access-key", "--user-name", "erin", "--access-key-id", Erin.AccessKeyId, "--status", "Inactive");
        await host.WaitForWaitingAsync(1);
        Assert.Equal("Inactive", await KeyStatus(host, "erin"));
        Assert.False(killed.HasExited, "the held answer was sent");
        killed.Kill(entireProcessTree: true);
        await killed.WaitForExitAsync();
        await host.WaitForWaitingAsync(0);
        Assert.Equal("Inactive", await KeyStatus(host, "erin"));
        Assert.Equal(1, FaultCount(await host.ControlAsync(HttpMethod.Get, "faults/counts"), "hold", "iam:UpdateAccessKey"));

        // Released, a held answer arrives: the client sees success for a change made before the release.
        await host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "CreateAccessKey", phase = "afterCommit" } });
        using var held = AwsCli.Start(host.Url, host.Admin(), "iam", "create-access-key", "--user-name", "frank");
        await host.WaitForWaitingAsync(1);
        Assert.Single(await Keys(host, "frank"));
        Assert.Equal(1, (await host.ControlAsync(HttpMethod.Post, "release")).GetProperty("released").GetInt32());
        var output = await held.StandardOutput.ReadToEndAsync();
        await held.WaitForExitAsync();
        Assert.Equal(0, held.ExitCode);
        Assert.Equal((await Keys(host, "frank")).Single().GetProperty("accessKeyId").GetString(), JsonDocument.Parse(output).RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString());
    }

    [Fact]
    public async Task AnUnknownHoldPhaseIsRefused()
    {
        await using var host = await StartAsync();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "iam:UpdateAccessKey", phase = "during" } }));
        Assert.Contains("hold.phase must be beforeCommit or afterCommit", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKeysAndBadTagsAreRefusedAsIamRefusesThem()
    {
        await using var host = await StartAsync();
        const string Unknown = "AKIAUNKNOWNKEY000042";

        var update = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "update-access-key", "--user-name", "carol", "--access-key-id", Unknown, "--status", "Inactive");
        var delete = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-access-key", "--user-name", "carol", "--access-key-id", Unknown);
        var otherUsersKey = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-access-key", "--user-name", "carol", "--access-key-id", Dave.AccessKeyId);
        var badKey = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "carol", "--tags", "Key=key#1,Value=v");
        var longKey = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "carol", "--tags", $"Key={new string('k', 129)},Value=v");
        var reserved = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "carol", "--tags", "Key=aws:owner,Value=v");

        foreach (var refusal in new[] { update, delete })
        {
            Assert.Contains("(NoSuchEntity)", refusal.StdErr, StringComparison.Ordinal);
            Assert.Contains($"The Access Key with id {Unknown} cannot be found.", refusal.StdErr, StringComparison.Ordinal);
        }

        Assert.Contains("(NoSuchEntity)", otherUsersKey.StdErr, StringComparison.Ordinal);
        Assert.Contains(@"(ValidationError) when calling the TagUser operation: 1 validation error detected: Value 'key#1' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+", badKey.StdErr, StringComparison.Ordinal);
        Assert.Contains("at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128", longKey.StdErr, StringComparison.Ordinal);
        Assert.Contains("(InvalidInput)", reserved.StdErr, StringComparison.Ordinal);
        Assert.Equal("AKIAMANAGEMENTDAVE01", (await Keys(host, "dave")).Single().GetProperty("accessKeyId").GetString());
    }

    [Fact]
    public async Task SecretsRouteListsEverySecretIssuedOrLoadedDeletedKeysIncluded()
    {
        await using var host = await StartAsync();
        var created = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-access-key", "--user-name", "grace")).AssertSuccess().Json.GetProperty("AccessKey");
        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-access-key", "--user-name", "grace", "--access-key-id", created.GetProperty("AccessKeyId").GetString()!)).AssertSuccess();
        var session = (await AwsCli.RunAsync(host.Url, host.Admin(), "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/Audit", "--role-session-name", "scan")).AssertSuccess().Json.GetProperty("Credentials");
        var sso = await host.ControlAsync(HttpMethod.Post, "sso/tokens", new { assignments = new[] { new { accountId = Member, roleName = "Audit" } } });

        var secrets = (await host.ControlAsync(HttpMethod.Get, "secrets")).GetProperty("secrets").EnumerateArray().Select(s => s.GetString()).ToHashSet();

        Assert.Contains(host.SecretAccessKey, secrets);
        Assert.Contains(Dave.SecretAccessKey, secrets);
        Assert.Contains(created.GetProperty("SecretAccessKey").GetString(), secrets);
        Assert.Contains(session.GetProperty("SecretAccessKey").GetString(), secrets);
        Assert.Contains(session.GetProperty("SessionToken").GetString(), secrets);
        Assert.Contains(sso.GetProperty("accessToken").GetString(), secrets);
        Assert.Contains(sso.GetProperty("refreshToken").GetString(), secrets);
        Assert.Contains(sso.GetProperty("clientSecret").GetString(), secrets);
        Assert.DoesNotContain(Dave.AccessKeyId, secrets);
        Assert.Equal(secrets.Count, (await host.ControlAsync(HttpMethod.Get, "secrets")).GetProperty("secrets").GetArrayLength());
    }

    private static async Task<JsonElement[]> Keys(EmulatorHost host, string user) =>
        (await host.ControlAsync(HttpMethod.Get, $"state?account={Management}")).GetProperty("users").EnumerateArray()
            .Single(u => u.GetProperty("name").GetString() == user).GetProperty("keys").EnumerateArray().ToArray();

    private static async Task<string?> KeyStatus(EmulatorHost host, string user) => (await Keys(host, user)).Single().GetProperty("status").GetString();

    /// <summary>Wall time that a test moves forward (under the 15 minutes of skew the signature check tolerates; propagation 10 min, so a slow CLI start cannot outlast it).</summary>
    private sealed class MovableTimeProvider : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }
}
