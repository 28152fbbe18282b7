using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// Each operation's request checked against the full service-2.json (the operation exists, only input
/// members are sent, required ones are present, enums hold), including the operations the AWS CLI samples
/// lack; and the typed answers of the operations no fixture covers.
/// </summary>
public sealed class OperationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly Dictionary<string, Func<IamClient, Task>> IamCalls = new()
    {
        ["ListUsers"] = iam => TestClients.ToListAsync(iam.ListUsersAllAsync("/eng/", None)),
        ["GetUser"] = iam => RequestOnly(iam.GetUserAsync("alice", None)),
        ["ListAccessKeys"] = iam => TestClients.ToListAsync(iam.ListAccessKeysAllAsync("alice", None)),
        ["GetAccessKeyLastUsed"] = iam => iam.GetAccessKeyLastUsedAsync("AKIAIOSFODNN7EXAMPLE", None),
        ["UpdateAccessKey"] = iam => iam.UpdateAccessKeyAsync("alice", "AKIAIOSFODNN7EXAMPLE", "Inactive", None),
        ["DeleteAccessKey"] = iam => iam.DeleteAccessKeyAsync("alice", "AKIAIOSFODNN7EXAMPLE", None),
        ["CreateAccessKey"] = iam => RequestOnly(iam.CreateAccessKeyAsync("alice", None)),
        ["ListUserTags"] = iam => TestClients.ToListAsync(iam.ListUserTagsAllAsync("alice", None)),
        ["TagUser"] = iam => iam.TagUserAsync("alice", new[] { new ResourceTag("keyhygiene:AKIAIOSFODNN7EXAMPLE", "disabled=2026-11-27T10:00:00Z") }, None),
        ["UntagUser"] = iam => iam.UntagUserAsync("alice", new[] { "keyhygiene:AKIAIOSFODNN7EXAMPLE", "owner" }, None),
        ["GenerateCredentialReport"] = iam => iam.GenerateCredentialReportAsync(None),
        ["GetCredentialReport"] = iam => iam.GetCredentialReportAsync(None),
        ["ListAccountAliases"] = iam => TestClients.ToListAsync(iam.ListAccountAliasesAllAsync(None)),
        ["GetAccountSummary"] = iam => iam.GetAccountSummaryAsync(None),
    };

    private static readonly Dictionary<string, Func<OrganizationsClient, Task>> OrganizationsCalls = new()
    {
        ["DescribeOrganization"] = org => RequestOnly(org.DescribeOrganizationAsync(None)),
        ["ListRoots"] = org => TestClients.ToListAsync(org.ListRootsAllAsync(None)),
        ["ListOrganizationalUnitsForParent"] = org => TestClients.ToListAsync(org.ListOrganizationalUnitsForParentAllAsync("r-abcd", None)),
        ["ListAccountsForParent"] = org => TestClients.ToListAsync(org.ListAccountsForParentAllAsync("ou-abcd-12345678", None)),
        ["ListParents"] = org => TestClients.ToListAsync(org.ListParentsAllAsync("123456789012", None)),
        ["ListTagsForResource"] = org => TestClients.ToListAsync(org.ListTagsForResourceAllAsync("123456789012", None)),
    };

    /// <summary>These tests check requests; the stub's empty answer is refused where a member is required.</summary>
    private static async Task RequestOnly(Task call)
    {
        try
        {
            await call;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "MalformedResponse")
        {
        }
    }

    public static IEnumerable<object[]> IamOperations() => IamCalls.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> OrganizationsOperations() => OrganizationsCalls.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(IamOperations))]
    public async Task Iam_request_fits_the_model(string operation)
    {
        await using var server = new StubAwsServer((r, _) => StubReply.Xml($"<{r.Operation}Response><{r.Operation}Result/></{r.Operation}Response>"));
        await IamCalls[operation](TestClients.Iam(server));

        var form = HttpUtility.ParseQueryString(Assert.Single(server.Requests).BodyText);
        Assert.Equal(operation, form["Action"]);
        Assert.Equal("2010-05-08", form["Version"]);
        var sent = form.AllKeys.Where(k => k is not "Action" and not "Version").Select(k => k!.Split('.')[0]).Distinct().ToList();
        AssertFitsInput("iam/2010-05-08", operation, sent, member => form[member] ?? form[member + ".member.1"]);
    }

    [Theory]
    [MemberData(nameof(OrganizationsOperations))]
    public async Task Organizations_request_fits_the_model(string operation)
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Json("{}"));
        await OrganizationsCalls[operation](TestClients.Organizations(server));

        var request = Assert.Single(server.Requests);
        Assert.Equal("AWSOrganizationsV20161128." + operation, request.Header("X-Amz-Target"));
        var body = JsonNode.Parse(request.BodyText)!.AsObject();
        AssertFitsInput("organizations/2016-11-28", operation, body.Select(p => p.Key).ToList(), member => body[member]?.ToString());
    }

    [Theory]
    [InlineData("Publish")]
    [InlineData("CreateTopic")]
    [InlineData("ListTopics")]
    public async Task Sns_request_fits_the_model(string operation)
    {
        await using var server = new StubAwsServer((r, _) => StubReply.Xml($"<{r.Operation}Response><{r.Operation}Result/></{r.Operation}Response>"));
        var sns = TestClients.Sns(server);
        await (operation switch
        {
            "Publish" => (Task)sns.PublishAsync(new SnsMessage("arn:aws:sns:us-east-1:123456789012:t", "m", "s") { Attributes = { ["owner"] = "a@example.com" } }, None),
            "CreateTopic" => sns.CreateTopicAsync("key-hygiene", None),
            _ => TestClients.ToListAsync(sns.ListTopicsAllAsync(None)),
        });

        var form = HttpUtility.ParseQueryString(Assert.Single(server.Requests).BodyText);
        Assert.Equal((operation, "2010-03-31"), (form["Action"], form["Version"]));
        var sent = form.AllKeys.Where(k => k is not "Action" and not "Version").Select(k => k!.Split('.')[0]).Distinct().ToList();
        AssertFitsInput("sns/2010-03-31", operation, sent, member => form[member] ?? form[member + ".entry.1.Name"]);
    }

    [Fact]
    public async Task UntagUser_and_TagUser_send_lists_as_members()
    {
        await using var server = new StubAwsServer((r, _) => StubReply.Xml($"<{r.Operation}Response/>"));
        var iam = TestClients.Iam(server);

        await iam.UntagUserAsync("alice", new[] { "keyhygiene:AKIAIOSFODNN7EXAMPLE", "owner" }, None);
        await iam.TagUserAsync("alice", new[] { new ResourceTag("keyhygiene:AKIA1", "rotating-to=AKIA2 since=2026-11-27T10:00:00Z") }, None);

        Assert.Equal("Action=UntagUser&Version=2010-05-08&UserName=alice&TagKeys.member.1=keyhygiene%3AAKIAIOSFODNN7EXAMPLE&TagKeys.member.2=owner",
            server.Requests[0].BodyText);
        Assert.Equal("Action=TagUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=keyhygiene%3AAKIA1&Tags.member.1.Value=rotating-to%3DAKIA2+since%3D2026-11-27T10%3A00%3A00Z",
            server.Requests[1].BodyText);
    }

    [Fact]
    public async Task CreateAccessKey_answer_is_typed_and_its_secret_stays_out_of_ToString()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(
            "<CreateAccessKeyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateAccessKeyResult><AccessKey><UserName>Bob</UserName>" +
            "<AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId><Status>Active</Status><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>" +
            "<CreateDate>2026-11-27T10:00:00Z</CreateDate></AccessKey></CreateAccessKeyResult><ResponseMetadata><RequestId>c</RequestId></ResponseMetadata></CreateAccessKeyResponse>"));

        var key = await TestClients.Iam(server).CreateAccessKeyAsync("Bob", None);

        Assert.Equal(("Bob", "AKIAIOSFODNN7EXAMPLE", "Active", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"), (key.UserName, key.AccessKeyId, key.Status, key.SecretAccessKey));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), key.CreateDate);
        Assert.DoesNotContain("EXAMPLEKEY", key.ToString());
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_reads_used_and_never_used_keys()
    {
        await using var server = new StubAwsServer((r, _) => StubReply.Xml(r.BodyText.Contains("AKIAUSED")
            ? "<GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><UserName>alice</UserName><AccessKeyLastUsed><LastUsedDate>2026-11-20T08:30:00Z</LastUsedDate>" +
              "<ServiceName>s3</ServiceName><Region>eu-west-1</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>"
            : "<GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><UserName>bob</UserName><AccessKeyLastUsed><ServiceName>N/A</ServiceName>" +
              "<Region>N/A</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>"));
        var iam = TestClients.Iam(server);

        var used = await iam.GetAccessKeyLastUsedAsync("AKIAUSED", None);
        var never = await iam.GetAccessKeyLastUsedAsync("AKIANEVER", None);

        Assert.Equal(("alice", new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero), "s3", "eu-west-1"),
            (used.UserName, used.AccessKeyLastUsed.LastUsedDate, used.AccessKeyLastUsed.ServiceName, used.AccessKeyLastUsed.Region));
        Assert.Equal(("bob", (DateTimeOffset?)null, "N/A"), (never.UserName, never.AccessKeyLastUsed.LastUsedDate, never.AccessKeyLastUsed.ServiceName));
    }

    [Fact]
    public async Task DescribeOrganization_and_an_account_are_typed()
    {
        await using var server = new StubAwsServer((r, _) => StubReply.Json(r.Operation == "DescribeOrganization"
            ? "{\"Organization\":{\"Id\":\"o-exampleorgid\",\"Arn\":\"arn:aws:organizations::111111111111:organization/o-exampleorgid\",\"FeatureSet\":\"ALL\"," +
              "\"MasterAccountArn\":\"arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111\",\"MasterAccountId\":\"111111111111\"," +
              "\"MasterAccountEmail\":\"bill@example.com\",\"AvailablePolicyTypes\":[{\"Type\":\"SERVICE_CONTROL_POLICY\",\"Status\":\"ENABLED\"}]}}"
            : "{\"Accounts\":[{\"Id\":\"555555555555\",\"Arn\":\"arn:aws:organizations::111111111111:account/o-exampleorgid/555555555555\"," +
              "\"Email\":\"anika@example.com\",\"Name\":\"Beta account\",\"Status\":\"SUSPENDED\",\"State\":\"PENDING_CLOSURE\",\"JoinedMethod\":\"INVITED\",\"JoinedTimestamp\":1481835741.044}]}"));
        var org = TestClients.Organizations(server);

        var organization = await org.DescribeOrganizationAsync(None);
        var account = Assert.Single(await TestClients.ToListAsync(org.ListAccountsForParentAllAsync("ou-abcd-12345678", None)));

        Assert.Equal(("o-exampleorgid", "ALL", "111111111111", "bill@example.com"), (organization.Id, organization.FeatureSet, organization.MasterAccountId, organization.MasterAccountEmail));
        Assert.Equal(("555555555555", "Beta account", "PENDING_CLOSURE", "SUSPENDED", "PENDING_CLOSURE"), (account.Id, account.Name, account.State, account.Status, account.EffectiveState));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1481835741044), account.JoinedTimestamp);
    }

    /// <summary>The operation exists in the full model; sent members are input members; required ones are
    /// present; enum values are allowed.</summary>
    private static void AssertFitsInput(string folder, string operation, IReadOnlyCollection<string> sent, Func<string, string?> value)
    {
        using var doc = AwsReference.Json(new[] { "models" }.Concat(folder.Split('/')).Append("service-2.json").ToArray());
        var shapes = doc.RootElement.GetProperty("shapes");
        var op = doc.RootElement.GetProperty("operations").GetProperty(operation);
        if (!op.TryGetProperty("input", out var inputRef))
        {
            Assert.Empty(sent);
            return;
        }

        var input = shapes.GetProperty(inputRef.GetProperty("shape").GetString()!);
        var members = input.GetProperty("members");
        foreach (var name in sent)
        {
            Assert.True(members.TryGetProperty(name, out var member), $"{operation} sent {name}, which is not an input member");
            var target = shapes.GetProperty(member.GetProperty("shape").GetString()!);
            if (target.TryGetProperty("enum", out var allowed))
            {
                Assert.Contains(value(name), allowed.EnumerateArray().Select(e => e.GetString()));
            }
        }

        if (input.TryGetProperty("required", out var required))
        {
            Assert.All(required.EnumerateArray().Select(r => r.GetString()!), r => Assert.Contains(r, sent));
        }
    }
}
