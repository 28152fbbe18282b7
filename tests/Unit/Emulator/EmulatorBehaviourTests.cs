using System.Text.Json;
using IamKeyHygiene.Emulator.Scenario;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>IAM, STS and Organizations rules through raw signed HTTP (quotas, tags, clocks, report states, access).</summary>
public sealed class EmulatorBehaviourTests
{
    private const string V = "&Version=2010-05-08";

    [Fact]
    public async Task SignatureOlderThanFifteenMinutesOfWallTimeIsRefusedEvenAfterTheDataClockMoved()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 30 });

        var stale = await host.QueryAsync(host.Admin(), "iam", "Action=ListUsers" + V, DateTimeOffset.UtcNow.AddMinutes(-20));
        var current = await host.QueryAsync(host.Admin(), "iam", "Action=ListUsers" + V);

        Assert.Equal(403, stale.Status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", stale.Body, StringComparison.Ordinal);
        Assert.Contains("Signature expired:", stale.Body, StringComparison.Ordinal);
        Assert.Equal(200, current.Status);
    }

    [Fact]
    public async Task UnknownKeysGetTheProtocolsInvalidTokenError()
    {
        await using var host = await StartAsync();
        var unknown = new AwsCredentials("AKIAUNKNOWNKEY000001", "x");

        var query = await host.QueryAsync(unknown, "iam", "Action=ListUsers" + V);
        var json = await host.OrganizationsAsync(unknown, "ListAccounts");

        Assert.Equal(403, query.Status);
        Assert.Contains("<Code>InvalidClientTokenId</Code>", query.Body, StringComparison.Ordinal);
        Assert.Equal("UnrecognizedClientException", JsonDocument.Parse(json.Body).RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task AThirdKeyExceedsTheQuotaAndDeletedKeysStopAuthenticating()
    {
        await using var host = await StartAsync();

        var first = await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);
        var second = await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);
        var third = await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(409, third.Status);
        Assert.Contains("<Code>LimitExceeded</Code>", third.Body, StringComparison.Ordinal);
        var id = System.Text.RegularExpressions.Regex.Match(first.Body, "<AccessKeyId>(.*)</AccessKeyId>").Groups[1].Value;
        var secret = System.Text.RegularExpressions.Regex.Match(first.Body, "<SecretAccessKey>(.*)</SecretAccessKey>").Groups[1].Value;
        Assert.Equal(200, (await host.QueryAsync(new AwsCredentials(id, secret), "sts", "Action=GetCallerIdentity&Version=2011-06-15")).Status);
        Assert.Equal(200, (await host.QueryAsync(host.Admin(), "iam", $"Action=DeleteAccessKey&UserName=carol&AccessKeyId={id}" + V)).Status);
        var deleted = await host.QueryAsync(new AwsCredentials(id, secret), "sts", "Action=GetCallerIdentity&Version=2011-06-15");
        Assert.Contains("<Code>InvalidClientTokenId</Code>", deleted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiftyTagsPerUserAtMost()
    {
        await using var host = await StartAsync();
        var fifty = string.Concat(Enumerable.Range(1, 50).Select(i => $"&Tags.member.{i}.Key=k{i}&Tags.member.{i}.Value=v"));

        var full = await host.QueryAsync(host.Admin(), "iam", "Action=TagUser&UserName=carol" + fifty + V);
        var overwrite = await host.QueryAsync(host.Admin(), "iam", "Action=TagUser&UserName=carol&Tags.member.1.Key=K1&Tags.member.1.Value=new" + V);
        var oneMore = await host.QueryAsync(host.Admin(), "iam", "Action=TagUser&UserName=carol&Tags.member.1.Key=k51&Tags.member.1.Value=v" + V);
        var tooLong = await host.QueryAsync(host.Admin(), "iam", "Action=TagUser&UserName=bob&Tags.member.1.Key=k&Tags.member.1.Value=" + new string('a', 257) + V);
        var listed = await host.QueryAsync(host.Admin(), "iam", "Action=ListUserTags&UserName=carol&MaxItems=20" + V);

        Assert.Equal(200, full.Status);
        Assert.Equal(200, overwrite.Status);
        Assert.Equal(409, oneMore.Status);
        Assert.Contains("<Code>LimitExceeded</Code>", oneMore.Body, StringComparison.Ordinal);
        Assert.Equal(400, tooLong.Status);
        Assert.Contains("<IsTruncated>true</IsTruncated>", listed.Body, StringComparison.Ordinal);
        Assert.Contains("<Key>K1</Key>", listed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialReportStatesFollowTheDataClock()
    {
        await using var host = await StartAsync(StandardScenario(reportGenerationSeconds: 0));

        var none = await host.QueryAsync(host.Admin(), "iam", "Action=GetCredentialReport" + V);
        Assert.Equal(410, none.Status);
        Assert.Contains("<Code>ReportNotPresent</Code>", none.Body, StringComparison.Ordinal);

        Assert.Contains("<State>STARTED</State>", (await host.QueryAsync(host.Admin(), "iam", "Action=GenerateCredentialReport" + V)).Body, StringComparison.Ordinal);
        var firstReport = (await host.QueryAsync(host.Admin(), "iam", "Action=GetCredentialReport" + V)).Body;
        await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);
        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 0.1 });
        Assert.Contains("<State>COMPLETE</State>", (await host.QueryAsync(host.Admin(), "iam", "Action=GenerateCredentialReport" + V)).Body, StringComparison.Ordinal);
        Assert.Equal(Content(firstReport), Content((await host.QueryAsync(host.Admin(), "iam", "Action=GetCredentialReport" + V)).Body));

        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 0.1 });
        Assert.Contains("<State>STARTED</State>", (await host.QueryAsync(host.Admin(), "iam", "Action=GenerateCredentialReport" + V)).Body, StringComparison.Ordinal);
        var carolRow = Content((await host.QueryAsync(host.Admin(), "iam", "Action=GetCredentialReport" + V)).Body).Split('\n').Single(l => l.StartsWith("carol,", StringComparison.Ordinal));
        Assert.Equal("true", carolRow.Split(',')[8]);

        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 8 });
        var expired = await host.QueryAsync(host.Admin(), "iam", "Action=GetCredentialReport" + V);
        Assert.Equal(410, expired.Status);
        Assert.Contains("<Code>ReportExpired</Code>", expired.Body, StringComparison.Ordinal);
    }

    private static string Content(string body) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(System.Text.RegularExpressions.Regex.Match(body, "<Content>(.*)</Content>").Groups[1].Value));

    [Fact]
    public async Task LastUseAppearsAfterTheConfiguredLag()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "settings", new { lastUseLagMinutes = 60 });

        await host.QueryAsync(Dave, "sts", "Action=GetCallerIdentity&Version=2011-06-15");
        var before = await host.QueryAsync(host.Admin(), "iam", $"Action=GetAccessKeyLastUsed&AccessKeyId={Dave.AccessKeyId}" + V);
        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 0.05 });
        var after = await host.QueryAsync(host.Admin(), "iam", $"Action=GetAccessKeyLastUsed&AccessKeyId={Dave.AccessKeyId}" + V);

        Assert.Contains("<ServiceName>N/A</ServiceName>", before.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<LastUsedDate>", before.Body, StringComparison.Ordinal);
        Assert.Contains("<ServiceName>sts</ServiceName>", after.Body, StringComparison.Ordinal);
        Assert.Contains("<Region>us-east-1</Region>", after.Body, StringComparison.Ordinal);
        Assert.Contains("<LastUsedDate>", after.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganizationTreeIsNestedAndPaged()
    {
        await using var host = await StartAsync();

        var roots = JsonDocument.Parse((await host.OrganizationsAsync(host.Admin(), "ListRoots")).Body).RootElement;
        var rootId = roots.GetProperty("Roots")[0].GetProperty("Id").GetString();
        var top = JsonDocument.Parse((await host.OrganizationsAsync(host.Admin(), "ListOrganizationalUnitsForParent", $"{{\"ParentId\":\"{rootId}\"}}")).Body).RootElement;
        var workloads = top.GetProperty("OrganizationalUnits").EnumerateArray().Single(u => u.GetProperty("Name").GetString() == "Workloads").GetProperty("Id").GetString();
        var prod = JsonDocument.Parse((await host.OrganizationsAsync(host.Admin(), "ListOrganizationalUnitsForParent", $"{{\"ParentId\":\"{workloads}\"}}")).Body).RootElement.GetProperty("OrganizationalUnits")[0];
        var inProd = JsonDocument.Parse((await host.OrganizationsAsync(host.Admin(), "ListAccountsForParent", $"{{\"ParentId\":\"{prod.GetProperty("Id").GetString()}\"}}")).Body).RootElement;
        var parents = JsonDocument.Parse((await host.OrganizationsAsync(host.Admin(), "ListParents", $"{{\"ChildId\":\"{Member}\"}}")).Body).RootElement;
        var page = JsonDocument.Parse((await host.OrganizationsAsync(host.Admin(), "ListAccounts", "{\"MaxResults\":20}")).Body).RootElement;
        var tooMany = await host.OrganizationsAsync(host.Admin(), "ListAccounts", "{\"MaxResults\":21}");
        var member = await host.OrganizationsAsync(MemberUser, "ListAccounts");
        var missing = await host.OrganizationsAsync(host.Admin(), "DescribeAccount", "{\"AccountId\":\"999999999999\"}");

        Assert.Equal("Prod", prod.GetProperty("Name").GetString());
        Assert.Equal(Member, Assert.Single(inProd.GetProperty("Accounts").EnumerateArray()).GetProperty("Id").GetString());
        Assert.Equal("ORGANIZATIONAL_UNIT", parents.GetProperty("Parents")[0].GetProperty("Type").GetString());
        Assert.Equal(20, page.GetProperty("Accounts").GetArrayLength());
        Assert.True(page.TryGetProperty("NextToken", out _));
        Assert.Equal("ACTIVE", page.GetProperty("Accounts")[0].GetProperty("State").GetString());
        Assert.Equal("ACTIVE", page.GetProperty("Accounts")[0].GetProperty("Status").GetString());
        Assert.Equal("InvalidInputException", JsonDocument.Parse(tooMany.Body).RootElement.GetProperty("__type").GetString());
        Assert.Equal("AccessDeniedException", JsonDocument.Parse(member.Body).RootElement.GetProperty("__type").GetString());
        Assert.Equal("AccountNotFoundException", JsonDocument.Parse(missing.Body).RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task OrganizationsNotInUseWhenTheScenarioSaysSo()
    {
        await using var host = await StartAsync(StandardScenario().Replace("\"delegatedAdministrator\"", "\"organizationsEnabled\": false, \"delegatedAdministrator\"", StringComparison.Ordinal));

        var answer = await host.OrganizationsAsync(host.Admin(), "DescribeOrganization");

        Assert.Equal("AWSOrganizationsNotInUseException", JsonDocument.Parse(answer.Body).RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public void GeneratedScenariosAreDeterministicAndUnknownFieldsAreRefused()
    {
        var clock = new IamKeyHygiene.Emulator.State.DataClock(TimeProvider.System);
        var one = ScenarioLoader.Build(ScenarioDocument.Parse(StandardScenario(), "a"), clock);
        var two = ScenarioLoader.Build(ScenarioDocument.Parse(StandardScenario(), "b"), clock);

        Assert.Equal(one.Keys.Keys.Order(), two.Keys.Keys.Order());
        Assert.Equal(28, one.Accounts.Count);
        Assert.Throws<ScenarioException>(() => ScenarioDocument.Parse("{\"managementAccountId\":\"111111111111\",\"acounts\":[]}", "typo"));
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Build(ScenarioDocument.Parse("{\"managementAccountId\":\"111111111111\",\"accounts\":[{\"id\":\"222222222222\",\"users\":[{\"name\":\"u\",\"tags\":{\"k\":\"bad#\"}}]}]}", "tag"), clock));
    }

    [Fact]
    public async Task ResetReloadsTheScenarioAndTheClock()
    {
        await using var host = await StartAsync();
        await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);
        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 3 });

        await host.ControlAsync(HttpMethod.Post, "reset");

        var clock = await host.ControlAsync(HttpMethod.Get, "clock");
        Assert.Equal(0, clock.GetProperty("offsetDays").GetDouble());
        var keys = await host.QueryAsync(host.Admin(), "iam", "Action=ListAccessKeys&UserName=carol" + V);
        Assert.DoesNotContain("<member>", keys.Body, StringComparison.Ordinal);
        Assert.Equal(1, (await host.ControlAsync(HttpMethod.Get, "calls")).GetProperty("total").GetInt32());
    }
}
