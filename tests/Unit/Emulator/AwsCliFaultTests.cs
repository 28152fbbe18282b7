using System.Text.Json;
using IamKeyHygiene.Emulator.Hosting;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli under injected faults: 30 % throttling and a hold released through the control API.</summary>
public sealed class AwsCliFaultTests
{
    private const int MaxRuns = 25;

    [Fact]
    public async Task EveryCommandStillSucceedsUnderThirtyPercentThrottling()
    {
        await using var host = await StartAsync(StandardScenario(reportGenerationSeconds: 0.5));
        await host.ControlAsync(HttpMethod.Post, "faults", new { seed = 30, rules = new[] { new { throttleProbability = 0.3 } } });

        // Each command runs until its operation was throttled at least once (about 3 runs on average at 30 %),
        // so the throttle count is above zero for every operation while every run has to succeed.
        await Task.WhenAll(
            UntilThrottled(host, "iam:ListUsers", async () =>
            {
                var users = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "list-users", "--page-size", "2")).AssertSuccess().Json.GetProperty("Users");
                Assert.Equal(7, users.GetArrayLength());
            }),
            KeyLifecycle(host),
            Report(host),
            UntilThrottled(host, "organizations:ListAccounts", async () =>
            {
                var (management, delegated) = (AwsCli.RunAsync(host.Url, host.Admin(), "organizations", "list-accounts"), AwsCli.RunAsync(host.Url, DelegatedReader, "organizations", "list-accounts"));
                Assert.Equal(28, (await management).AssertSuccess().Json.GetProperty("Accounts").GetArrayLength());
                Assert.Equal(28, (await delegated).AssertSuccess().Json.GetProperty("Accounts").GetArrayLength());
            }),
            UntilThrottled(host, "sts:AssumeRole", async () =>
            {
                var credentials = (await AwsCli.RunAsync(host.Url, host.Admin(), "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/Audit", "--role-session-name", "throttled")).AssertSuccess().Json.GetProperty("Credentials");
                var session = new AwsCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
                Assert.Equal(2, (await AwsCli.RunAsync(host.Url, session, "iam", "list-users")).AssertSuccess().Json.GetProperty("Users").GetArrayLength());
            }),
            Tags(host));

        // The expiry check last: moving the data clock would disturb the other groups.
        var assumed = (await AwsCli.RunAsync(host.Url, host.Admin(), "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/Audit", "--role-session-name", "expiry", "--duration-seconds", "900")).AssertSuccess().Json.GetProperty("Credentials");
        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 1 });
        var expired = await AwsCli.RunAsync(host.Url, new AwsCredentials(assumed.GetProperty("AccessKeyId").GetString()!, assumed.GetProperty("SecretAccessKey").GetString()!, assumed.GetProperty("SessionToken").GetString()), "iam", "list-users");
        Assert.Contains("(ExpiredToken)", expired.StdErr, StringComparison.Ordinal);
        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "list-users")).AssertSuccess();

        var counts = await host.ControlAsync(HttpMethod.Get, "faults/counts");
        foreach (var operation in new[] { "iam:ListUsers", "iam:CreateAccessKey", "sts:GetCallerIdentity", "iam:UpdateAccessKey", "iam:DeleteAccessKey", "iam:GenerateCredentialReport", "iam:GetCredentialReport", "organizations:ListAccounts", "sts:AssumeRole", "iam:TagUser" })
        {
            Assert.True(FaultCount(counts, "throttle", operation) > 0, $"no throttle injected for {operation}");
        }
    }

    private static Task UntilThrottled(EmulatorHost host, string operation, Func<Task> run) => UntilThrottled(host, new[] { operation }, run);

    private static async Task UntilThrottled(EmulatorHost host, string[] operations, Func<Task> run)
    {
        for (var i = 0; i < MaxRuns; i++)
        {
            await run();
            var counts = await host.ControlAsync(HttpMethod.Get, "faults/counts");
            if (operations.All(operation => FaultCount(counts, "throttle", operation) > 0))
            {
                return;
            }
        }
    }

    private static Task KeyLifecycle(EmulatorHost host)
    {
        var firstRun = true;
        var createAndDelete = UntilThrottled(host, new[] { "iam:CreateAccessKey", "iam:DeleteAccessKey" }, async () =>
        {
            var key = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-access-key", "--user-name", "carol")).AssertSuccess().Json.GetProperty("AccessKey");
            var carol = new AwsCredentials(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
            if (firstRun)
            {
                firstRun = false;
                Assert.EndsWith("user/carol", (await AwsCli.RunAsync(host.Url, carol, "sts", "get-caller-identity")).AssertSuccess().Json.GetProperty("Arn").GetString(), StringComparison.Ordinal);
            }

            (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-access-key", "--user-name", "carol", "--access-key-id", carol.AccessKeyId)).AssertSuccess();
        });
        var callerIdentity = UntilThrottled(host, new[] { "sts:GetCallerIdentity" }, async () =>
            Assert.EndsWith("user/dave", (await AwsCli.RunAsync(host.Url, Dave, "sts", "get-caller-identity")).AssertSuccess().Json.GetProperty("Arn").GetString(), StringComparison.Ordinal));
        var disable = UntilThrottled(host, new[] { "iam:UpdateAccessKey" }, async () =>
            (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "update-access-key", "--user-name", "erin", "--access-key-id", Erin.AccessKeyId, "--status", "Inactive")).AssertSuccess());
        return Task.WhenAll(createAndDelete, callerIdentity, disable.ContinueWith(
            async _ => Assert.Contains("(InvalidClientTokenId)", (await AwsCli.RunAsync(host.Url, Erin, "sts", "get-caller-identity")).StdErr, StringComparison.Ordinal),
            TaskScheduler.Default).Unwrap());
    }

    private static async Task Report(EmulatorHost host)
    {
        string? state = null;
        await UntilThrottled(host, "iam:GenerateCredentialReport", async () =>
            state = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "generate-credential-report")).AssertSuccess().Json.GetProperty("State").GetString());
        for (var poll = 0; poll < 40 && state != "COMPLETE"; poll++)
        {
            await Task.Delay(200);
            state = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "generate-credential-report")).AssertSuccess().Json.GetProperty("State").GetString();
        }

        Assert.Equal("COMPLETE", state);
        await UntilThrottled(host, "iam:GetCredentialReport", async () =>
        {
            var content = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "get-credential-report")).AssertSuccess().Json.GetProperty("Content").GetString();
            Assert.StartsWith("user,arn,", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(content!)), StringComparison.Ordinal);
        });
    }

    private static async Task Tags(EmulatorHost host)
    {
        Assert.Contains("(ValidationError)", (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "bob", "--tags", "Key=owner,Value=bob#example")).StdErr, StringComparison.Ordinal);
        Assert.Contains("(SignatureDoesNotMatch)", (await AwsCli.RunAsync(host.Url, host.Admin() with { SecretAccessKey = "wrong" }, "iam", "list-users")).StdErr, StringComparison.Ordinal);
        await UntilThrottled(host, "iam:TagUser", async () =>
            (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "tag-user", "--user-name", "bob", "--tags", "Key=owner,Value=bob@example.com")).AssertSuccess());
    }

    [Fact]
    public async Task HeldOperationWaitsUntilReleasedAndAKilledClientLeavesNothingWaiting()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "iam:ListUsers" } });

        using var held = AwsCli.Start(host.Url, host.Admin(), "iam", "list-users");
        await host.WaitForWaitingAsync(1);
        await Task.Delay(300);
        Assert.False(held.HasExited, "the held request was answered");

        var released = await host.ControlAsync(HttpMethod.Post, "release");
        Assert.Equal(1, released.GetProperty("released").GetInt32());
        var output = await held.StandardOutput.ReadToEndAsync();
        await held.WaitForExitAsync();
        Assert.Equal(0, held.ExitCode);
        Assert.Equal(7, JsonDocument.Parse(output).RootElement.GetProperty("Users").GetArrayLength());

        await host.ControlAsync(HttpMethod.Post, "faults", new { hold = new { operation = "CreateAccessKey" } });
        using var killed = AwsCli.Start(host.Url, host.Admin(), "iam", "create-access-key", "--user-name", "frank");
        await host.WaitForWaitingAsync(1);
        killed.Kill(entireProcessTree: true);
        await killed.WaitForExitAsync();
        await host.WaitForWaitingAsync(0);
        var state = await host.ControlAsync(HttpMethod.Get, $"state?account={Management}");
        Assert.Empty(state.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("name").GetString() == "frank").GetProperty("keys").EnumerateArray());
    }
}
