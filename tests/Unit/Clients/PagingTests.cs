using System.Text.Json.Nodes;
using System.Web;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// Every list operation pages to the end: a local server hands out 7 items 3 a page with opaque tokens (IAM:
/// Marker + IsTruncated; Organizations: NextToken), checks each request carries the token it gave, and the
/// client must yield all 7 in order from exactly 3 requests.
/// </summary>
public sealed class PagingTests
{
    private const int Items = 7;
    private const int PageSize = 3;
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>IAM list operations: the XML of item i, the result member and how to call the client.</summary>
    private static readonly Dictionary<string, (string ResultKey, Func<int, string> Item, Func<IamClient, IAsyncEnumerable<string>> List)> IamLists = new()
    {
        ["ListUsers"] = ("Users",
            i => $"<member><Path>/</Path><UserName>user{i}</UserName><UserId>AIDA{i}</UserId><Arn>arn:aws:iam::123456789012:user/user{i}</Arn><CreateDate>2024-01-0{i + 1}T03:04:05Z</CreateDate></member>",
            iam => Select(iam.ListUsersAllAsync(None), u => $"{u.UserName}@{u.CreateDate:O}")),
        ["ListAccessKeys"] = ("AccessKeyMetadata",
            i => $"<member><UserName>alice</UserName><AccessKeyId>AKIA{i}</AccessKeyId><Status>{(i % 2 == 0 ? "Active" : "Inactive")}</Status><CreateDate>2024-02-0{i + 1}T00:00:00.123Z</CreateDate></member>",
            iam => Select(iam.ListAccessKeysAllAsync("alice", None), k => $"{k.AccessKeyId}/{k.Status}/{k.CreateDate:O}")),
        ["ListUserTags"] = ("Tags",
            i => $"<member><Key>k{i}</Key><Value>v {i}</Value></member>",
            iam => Select(iam.ListUserTagsAllAsync("alice", None), t => t.ToString())),
        ["ListAccountAliases"] = ("AccountAliases",
            i => $"<member>alias-{i}</member>",
            iam => iam.ListAccountAliasesAllAsync(None)),
    };

    private static readonly Dictionary<string, string[]> IamExpected = new()
    {
        ["ListUsers"] = Enumerable.Range(0, Items).Select(i => $"user{i}@{new DateTimeOffset(2024, 1, i + 1, 3, 4, 5, TimeSpan.Zero):O}").ToArray(),
        ["ListAccessKeys"] = Enumerable.Range(0, Items).Select(i => $"AKIA{i}/{(i % 2 == 0 ? "Active" : "Inactive")}/{new DateTimeOffset(2024, 2, i + 1, 0, 0, 0, 123, TimeSpan.Zero):O}").ToArray(),
        ["ListUserTags"] = Enumerable.Range(0, Items).Select(i => $"k{i}=v {i}").ToArray(),
        ["ListAccountAliases"] = Enumerable.Range(0, Items).Select(i => $"alias-{i}").ToArray(),
    };

    /// <summary>Organizations list operations: result member, JSON of item i, the call and the expected text.</summary>
    private static readonly Dictionary<string, (string ResultKey, Func<int, string> Item, Func<OrganizationsClient, IAsyncEnumerable<string>> List, Func<int, string> Expected)> OrganizationsLists = new()
    {
        ["ListAccountsForParent"] = ("Accounts",
            i => $"{{\"Id\":\"22222222222{i}\",\"Status\":\"{(i == 0 ? "PENDING_CLOSURE" : "ACTIVE")}\"}}",
            org => Select(org.ListAccountsForParentAllAsync("ou-abcd-12345678", None), a => $"{a.Id}/{a.EffectiveState}"),
            i => $"22222222222{i}/{(i == 0 ? "PENDING_CLOSURE" : "ACTIVE")}"),
        ["ListRoots"] = ("Roots",
            i => $"{{\"Id\":\"r-000{i}\",\"Arn\":\"arn:aws:organizations::1:root/o-x/r-000{i}\",\"Name\":\"Root{i}\",\"PolicyTypes\":[]}}",
            org => Select(org.ListRootsAllAsync(None), r => $"{r.Id}/{r.Name}"),
            i => $"r-000{i}/Root{i}"),
        ["ListOrganizationalUnitsForParent"] = ("OrganizationalUnits",
            i => $"{{\"Id\":\"ou-abcd-0000000{i}\",\"Arn\":\"arn\",\"Name\":\"OU {i}\"}}",
            org => Select(org.ListOrganizationalUnitsForParentAllAsync("r-abcd", None), o => $"{o.Id}/{o.Name}"),
            i => $"ou-abcd-0000000{i}/OU {i}"),
        ["ListParents"] = ("Parents",
            i => $"{{\"Id\":\"ou-p-{i}\",\"Type\":\"ORGANIZATIONAL_UNIT\"}}",
            org => Select(org.ListParentsAllAsync("111111111111", None), p => $"{p.Id}/{p.Type}"),
            i => $"ou-p-{i}/ORGANIZATIONAL_UNIT"),
        ["ListTagsForResource"] = ("Tags",
            i => $"{{\"Key\":\"k{i}\",\"Value\":\"v{i}\"}}",
            org => Select(org.ListTagsForResourceAllAsync("111111111111", None), t => t.ToString()),
            i => $"k{i}=v{i}"),
    };

    public static IEnumerable<object[]> IamOperations() => IamLists.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> OrganizationsOperations() => OrganizationsLists.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(IamOperations))]
    public async Task Iam_list_follows_Marker_to_the_end(string operation)
    {
        var (resultKey, item, list) = IamLists[operation];
        await using var server = new StubAwsServer((request, n) =>
        {
            var form = HttpUtility.ParseQueryString(request.BodyText);
            Assert.Equal(operation, form["Action"]);
            Assert.Equal(n == 1 ? null : $"marker/{n - 1}+=", form["Marker"]);
            var first = (n - 1) * PageSize;
            var last = Math.Min(first + PageSize, Items);
            var more = last < Items;
            return StubReply.Xml($"<{operation}Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><{operation}Result>" +
                $"<{resultKey}>{string.Concat(Enumerable.Range(first, last - first).Select(item))}</{resultKey}>" +
                $"<IsTruncated>{(more ? "true" : "false")}</IsTruncated>{(more ? $"<Marker>marker/{n}+=</Marker>" : "")}" +
                $"</{operation}Result><ResponseMetadata><RequestId>p{n}</RequestId></ResponseMetadata></{operation}Response>");
        });

        var items = await TestClients.ToListAsync(list(TestClients.Iam(server)));

        Assert.Equal(IamExpected[operation], items);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(OrganizationsOperations))]
    public async Task Organizations_list_follows_NextToken_to_the_end(string operation)
    {
        var (resultKey, item, list, expected) = OrganizationsLists[operation];
        await using var server = new StubAwsServer((request, n) =>
        {
            Assert.Equal("AWSOrganizationsV20161128." + operation, request.Header("X-Amz-Target"));
            var body = JsonNode.Parse(request.BodyText)!.AsObject();
            Assert.Equal(n == 1 ? null : $"token-{n - 1}", body["NextToken"]?.GetValue<string>());
            if (operation is "ListAccounts" or "ListAccountsForParent")
            {
                Assert.Equal(20, body["MaxResults"]!.GetValue<int>());
            }

            var first = (n - 1) * PageSize;
            var last = Math.Min(first + PageSize, Items);
            var next = last < Items ? $",\"NextToken\":\"token-{n}\"" : "";
            return StubReply.Json($"{{\"{resultKey}\":[{string.Join(",", Enumerable.Range(first, last - first).Select(item))}]{next}}}");
        });

        var items = await TestClients.ToListAsync(list(TestClients.Organizations(server)));

        Assert.Equal(Enumerable.Range(0, Items).Select(expected), items);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_page_token_handed_out_twice_stops_the_listing_instead_of_looping()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Json("{\"Roots\":[{\"Id\":\"r-1\"}],\"NextToken\":\"same\"}"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.ToListAsync(TestClients.Organizations(server).ListRootsAllAsync(None)));

        Assert.Equal("RepeatedPageToken", error.ErrorCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_failing_page_fails_the_listing_it_never_ends_early()
    {
        await using var server = new StubAwsServer((_, n) => n == 1
            ? StubReply.Json("{\"Accounts\":[{\"Id\":\"1\"}],\"NextToken\":\"t\"}")
            : StubReply.Json("{\"__type\":\"AccessDeniedException\",\"Message\":\"You don't have permissions\"}", 400));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.ToListAsync(TestClients.Organizations(server).ListAccountsForParentAllAsync("ou-abcd-12345678", None)));

        Assert.True(error.IsAccessDenied);
        Assert.Equal(("organizations", "ListAccountsForParent"), (error.Service, error.Operation));
    }

    private static async IAsyncEnumerable<string> Select<T>(IAsyncEnumerable<T> source, Func<T, string> text)
    {
        await foreach (var item in source)
        {
            yield return text(item);
        }
    }
}
