using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Scenario;
using System.Text.Json;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Faults through raw signed HTTP: seeded determinism, failing pages, resets, denied AssumeRole, real throttling codes.</summary>
public sealed class EmulatorFaultTests
{
    private const string ListUsers = "Action=ListUsers&Version=2010-05-08&MaxItems=1";

    private static async Task<List<int>> Statuses(IamKeyHygiene.Emulator.Hosting.EmulatorHost host, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await host.QueryAsync(host.Admin(), "iam", ListUsers)).Status);
        }

        return statuses;
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameFaultsInArrivalOrder()
    {
        await using var host = await StartAsync();
        var config = new { seed = 42, rules = new object[] { new { service = "iam", throttleProbability = 0.4, serverErrorProbability = 0.2 } } };

        await host.ControlAsync(HttpMethod.Post, "faults", config);
        var first = await Statuses(host, 40);
        var firstCounts = (await host.ControlAsync(HttpMethod.Get, "faults/counts")).GetProperty("counts").GetRawText();
        await host.ControlAsync(HttpMethod.Post, "faults", config);
        var second = await Statuses(host, 40);
        var secondCounts = (await host.ControlAsync(HttpMethod.Get, "faults/counts")).GetProperty("counts").GetRawText();
        await host.ControlAsync(HttpMethod.Post, "faults", new { seed = 43, config.rules });
        var otherSeed = await Statuses(host, 40);

        Assert.Equal(first, second);
        Assert.Equal(firstCounts, secondCounts);
        Assert.Contains(400, first);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public async Task ThrottlesAndServerErrorsUseTheRealCodes()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { rules = new object[] { new { service = "organizations", throttleProbability = 1.0 }, new { operation = "sts:GetCallerIdentity", serverErrorProbability = 1.0 }, new { throttleProbability = 1.0 } } });

        var organizations = await host.OrganizationsAsync(host.Admin(), "ListAccounts");
        var sts = await host.QueryAsync(host.Admin(), "sts", "Action=GetCallerIdentity&Version=2011-06-15");
        var iam = await host.QueryAsync(host.Admin(), "iam", ListUsers);

        Assert.Equal(400, organizations.Status);
        Assert.Equal("TooManyRequestsException", JsonDocument.Parse(organizations.Body).RootElement.GetProperty("__type").GetString());
        Assert.Equal(503, sts.Status);
        Assert.Contains("<Code>ServiceUnavailable</Code>", sts.Body, StringComparison.Ordinal);
        Assert.Contains("<Type>Receiver</Type>", sts.Body, StringComparison.Ordinal);
        Assert.Equal(400, iam.Status);
        Assert.Contains("<Type>Sender</Type>", iam.Body, StringComparison.Ordinal);
        Assert.Contains("<Code>Throttling</Code>", iam.Body, StringComparison.Ordinal);
        Assert.Contains("<Message>Rate exceeded</Message>", iam.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateCredentialReportAnswersLimitExceededFromTheControlApiOrTheScenario()
    {
        const string generate = "Action=GenerateCredentialReport&Version=2010-05-08";
        var refusing = new { operation = "iam:GenerateCredentialReport", limitExceededProbability = 1.0 };
        await using var controlled = await StartAsync();
        await controlled.ControlAsync(HttpMethod.Post, "faults", new { seed = 1, rules = new object[] { refusing } });
        var scenario = ScenarioDocument.Parse(StandardScenario(), "test");
        scenario.Faults = new FaultConfig { Rules = { new FaultRule { Operation = "iam:GenerateCredentialReport", LimitExceededProbability = 1 } } };
        await using var seeded = await IamKeyHygiene.Emulator.Hosting.EmulatorHost.StartAsync(scenario);

        var refused = await controlled.QueryAsync(controlled.Admin(), "iam", generate);
        var other = await controlled.QueryAsync(controlled.Admin(), "iam", ListUsers);
        var fromScenario = await seeded.QueryAsync(seeded.Admin(), "iam", generate);
        await seeded.ControlAsync(HttpMethod.Post, "reset");
        var afterReset = await seeded.QueryAsync(seeded.Admin(), "iam", generate);

        Assert.Equal(409, refused.Status);
        Assert.Contains("<Code>LimitExceeded</Code>", refused.Body, StringComparison.Ordinal);
        Assert.Contains("<Type>Sender</Type>", refused.Body, StringComparison.Ordinal);
        Assert.Equal(200, other.Status);
        Assert.Equal(1, controlled.Runtime.Faults.Counts()["limitExceeded"]["iam:GenerateCredentialReport"]);
        Assert.Equal(409, fromScenario.Status);
        Assert.Equal(409, afterReset.Status);
    }

    [Fact]
    public async Task OnePageOfAListFailsAsConfigured()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { failPage = new { operation = "ListUsers", pageNumber = 2, times = 1 } });

        var first = await host.QueryAsync(host.Admin(), "iam", ListUsers);
        var marker = System.Text.RegularExpressions.Regex.Match(first.Body, "<Marker>(.*)</Marker>").Groups[1].Value;
        var second = await host.QueryAsync(host.Admin(), "iam", ListUsers + "&Marker=" + Uri.EscapeDataString(marker));
        var retried = await host.QueryAsync(host.Admin(), "iam", ListUsers + "&Marker=" + Uri.EscapeDataString(marker));

        Assert.Equal(200, first.Status);
        Assert.Equal(503, second.Status);
        Assert.Equal(200, retried.Status);
        Assert.Contains("<UserName>bob</UserName>", retried.Body, StringComparison.Ordinal);
        Assert.Equal(1, FaultCount(await host.ControlAsync(HttpMethod.Get, "faults/counts"), "failPage", "iam:ListUsers"));
    }

    [Fact]
    public async Task ResetBeforeChangesNothingAndResetAfterCommits()
    {
        await using var host = await StartAsync();

        await host.ControlAsync(HttpMethod.Post, "faults", new { rules = new[] { new { operation = "CreateAccessKey", resetBeforeProbability = 1.0 } } });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&Version=2010-05-08&UserName=carol"));
        Assert.Empty(await KeysOf(host, "carol"));

        await host.ControlAsync(HttpMethod.Post, "faults", new { rules = new[] { new { operation = "CreateAccessKey", resetAfterProbability = 1.0 } } });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&Version=2010-05-08&UserName=carol"));
        Assert.Single(await KeysOf(host, "carol"));
        var counts = await host.ControlAsync(HttpMethod.Get, "faults/counts");
        Assert.Equal(1, FaultCount(counts, "resetAfter", "iam:CreateAccessKey"));
    }

    private static async Task<List<JsonElement>> KeysOf(IamKeyHygiene.Emulator.Hosting.EmulatorHost host, string user)
    {
        var state = await host.ControlAsync(HttpMethod.Get, $"state?account={Management}");
        return state.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("name").GetString() == user).GetProperty("keys").EnumerateArray().ToList();
    }

    [Fact]
    public async Task AssumeRoleIntoChosenAccountsIsDenied()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { denyAssumeRoleInto = new[] { Member } });

        var denied = await host.QueryAsync(host.Admin(), "sts", $"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A{Member}%3Arole%2FAudit&RoleSessionName=s1");
        await host.ControlAsync(HttpMethod.Delete, "faults");
        var allowed = await host.QueryAsync(host.Admin(), "sts", $"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A{Member}%3Arole%2FAudit&RoleSessionName=s1");

        Assert.Equal(403, denied.Status);
        Assert.Contains("<Code>AccessDenied</Code>", denied.Body, StringComparison.Ordinal);
        Assert.Equal(200, allowed.Status);
    }
}
