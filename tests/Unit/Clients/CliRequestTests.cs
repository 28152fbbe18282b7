using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SecurityToken.Model;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// Every IAM, Organizations, STS, SNS and SSM command in samples/awscli-2.9.19/requests.json that has a client operation
/// here is replayed through our client against a local server answering the CLI's stub replies; each request
/// must match what the real AWS CLI sent (method, path, content type, target, body, credential scope and
/// signed headers), after normalising signature, date, user agent and JSON whitespace.
/// </summary>
public sealed class CliRequestTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>argv of the CLI case → the same call on our clients. list-children has no client operation.</summary>
    private static readonly Dictionary<string, Func<ClientSet, Task>> Calls = new()
    {
        ["iam list-users"] = c => TestClients.ToListAsync(c.Iam.ListUsersAllAsync(None)),
        ["iam list-users --path-prefix /engineering/"] = c => TestClients.ToListAsync(c.Iam.ListUsersAllAsync("/engineering/", None)),
        ["iam get-user --user-name alice"] = c => Refused(c.Iam.GetUserAsync("alice", None)),
        ["iam list-access-keys --user-name alice"] = c => TestClients.ToListAsync(c.Iam.ListAccessKeysAllAsync("alice", None)),
        ["iam get-access-key-last-used --access-key-id AKIAIOSFODNN7EXAMPLE"] = c => c.Iam.GetAccessKeyLastUsedAsync("AKIAIOSFODNN7EXAMPLE", None),
        ["iam update-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive"] =
            c => c.Iam.UpdateAccessKeyAsync("alice", "AKIAIOSFODNN7EXAMPLE", "Inactive", None),
        ["iam delete-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE"] =
            c => c.Iam.DeleteAccessKeyAsync("alice", "AKIAIOSFODNN7EXAMPLE", None),
        ["iam create-access-key --user-name alice"] = c => Refused(c.Iam.CreateAccessKeyAsync("alice", None)),
        ["iam list-user-tags --user-name alice"] = c => TestClients.ToListAsync(c.Iam.ListUserTagsAllAsync("alice", None)),
        ["iam list-account-aliases"] = c => TestClients.ToListAsync(c.Iam.ListAccountAliasesAllAsync(None)),
        ["iam generate-credential-report"] = c => c.Iam.GenerateCredentialReportAsync(None),
        ["iam get-credential-report"] = c => c.Iam.GetCredentialReportAsync(None),
        ["iam tag-user --user-name alice --tags Key=owner,Value=alice@example.com Key=key-hygiene:exempt,Value=true"] =
            c => c.Iam.TagUserAsync("alice", new[] { new ResourceTag("owner", "alice@example.com"), new ResourceTag("key-hygiene:exempt", "true") }, None),
        ["organizations list-accounts-for-parent --parent-id ou-abcd-12345678"] =
            c => TestClients.ToListAsync(c.Organizations.ListAccountsForParentAllAsync("ou-abcd-12345678", None)),
        ["organizations list-roots"] = c => TestClients.ToListAsync(c.Organizations.ListRootsAllAsync(None)),
        ["organizations describe-organization"] = c => Refused(c.Organizations.DescribeOrganizationAsync(None)),
        ["sts get-caller-identity"] = c => c.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), None),
        ["sts assume-role --role-arn arn:aws:iam::123456789012:role/Audit --role-session-name key-hygiene --duration-seconds 3600"] =
            c => c.Sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Audit", RoleSessionName = "key-hygiene", DurationSeconds = 3600 }, None),
        ["sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:key-hygiene --subject Key notice --message Your key is 85 days old & will be disabled. --message-attributes {\"stage\":{\"DataType\":\"String\",\"StringValue\":\"Warn\"}}"] =
            c => c.Sns.PublishAsync(new SnsMessage("arn:aws:sns:us-east-1:123456789012:key-hygiene", "Your key is 85 days old & will be disabled.", "Key notice")
            {
                Attributes = { ["stage"] = "Warn" },
            }, None),
        // The CLI's stub answers {}: the reader refuses a parameter without a value (the request is what is checked).
        ["ssm get-parameter --name /key-hygiene/smtp-password --with-decryption"] =
            c => Assert.ThrowsAsync<IamKeyHygiene.Engine.Errors.EngineException>(() => c.Ssm.GetDecryptedAsync("/key-hygiene/smtp-password", None)),
    };

    /// <summary>The CLI's stub replies are empty results: where the model requires a member (User, AccessKey,
    /// Account, Organization) our client refuses the answer instead of inventing an empty object.</summary>
    private static async Task Refused(Task call)
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => call);
        Assert.Equal("MalformedResponse", error.ErrorCode);
    }

    /// <summary>Operations whose CLI command the engine does not call (so no client method exists).</summary>
    private static readonly HashSet<string> NotOurs = new()
    {
        "organizations list-children --parent-id r-abcd --child-type ORGANIZATIONAL_UNIT",
        // Accounts come from the OU walk (ListAccountsForParent), which knows each account's path.
        "organizations list-accounts",
        "organizations describe-account --account-id 123456789012",
    };

    public static IEnumerable<object[]> Cases()
    {
        using var doc = AwsReference.Json("samples", "awscli-2.9.19", "requests.json");
        var index = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var argv = string.Join(" ", c.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
            if (argv.StartsWith("iam ") || argv.StartsWith("organizations ") || argv.StartsWith("sts ") || argv.StartsWith("sns ") || argv.StartsWith("ssm "))
            {
                yield return new object[] { index, argv };
            }

            index++;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_matches_the_aws_cli(int caseIndex, string argv)
    {
        if (NotOurs.Contains(argv))
        {
            Assert.False(Calls.ContainsKey(argv));
            return;
        }

        using var doc = AwsReference.Json("samples", "awscli-2.9.19", "requests.json");
        var sample = doc.RootElement.GetProperty("cases")[caseIndex];
        var exchanges = sample.GetProperty("exchanges").EnumerateArray().ToList();
        await using var server = new StubAwsServer((_, n) =>
        {
            var stub = exchanges[Math.Min(n, exchanges.Count) - 1].GetProperty("stub_response");
            return new StubReply
            {
                Status = stub.GetProperty("status").GetInt32(),
                ContentType = stub.GetProperty("content_type").GetString()!,
                Body = System.Text.Encoding.UTF8.GetBytes(stub.GetProperty("body").GetString()!),
            };
        });

        var sessionToken = sample.GetProperty("extra_env").TryGetProperty("AWS_SESSION_TOKEN", out var t) ? t.GetString() : null;
        var clients = new ClientSet(server, sessionToken);
        await Calls[argv](clients);

        Assert.Equal(exchanges.Count, server.Requests.Count);
        for (var i = 0; i < exchanges.Count; i++)
        {
            AssertSameRequest(exchanges[i].GetProperty("request"), server.Requests[i]);
        }
    }

    private static void AssertSameRequest(JsonElement cli, RecordedRequest ours)
    {
        string? CliHeader(string name) => cli.GetProperty("headers").EnumerateArray()
            .Where(h => string.Equals(h[0].GetString(), name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].GetString()).FirstOrDefault();

        Assert.Equal(cli.GetProperty("method").GetString(), ours.Method);
        Assert.Equal(cli.GetProperty("path").GetString(), ours.Target);
        Assert.Equal(CliHeader("Content-Type"), ours.Header("Content-Type"));
        Assert.Equal(CliHeader("X-Amz-Target"), ours.Header("X-Amz-Target"));
        Assert.Equal(CliHeader("X-Amz-Security-Token"), ours.Header("X-Amz-Security-Token"));

        var cliBody = cli.GetProperty("body").GetString()!;
        if (CliHeader("Content-Type")!.StartsWith("application/x-amz-json"))
        {
            var ourJson = JsonNode.Parse(ours.BodyText)!.AsObject();
            // Our ListAccounts/ListAccountsForParent ask for 20 a page (DESIGN.md); the CLI leaves the page size to the service.
            if (ourJson.Remove("MaxResults", out var pageSize))
            {
                Assert.Equal(20, pageSize!.GetValue<int>());
            }

            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cliBody), ourJson), $"JSON body {ours.BodyText} differs from the CLI's {cliBody}");
        }
        else if (ours.Operation is "AssumeRole" or "GetCallerIdentity")
        {
            // AWSSDK.SecurityToken's own marshaller sends the same parameters sorted by name.
            Assert.Equal(cliBody.Split('&').Order(StringComparer.Ordinal), ours.BodyText.Split('&').Order(StringComparer.Ordinal));
        }
        else
        {
            // Our awsQuery serializer: byte for byte the CLI's body (model order, same encoding).
            Assert.Equal(cliBody, ours.BodyText);
        }

        var (cliScope, cliSigned) = ParseAuthorization(CliHeader("Authorization")!);
        var (ourScope, ourSigned) = ParseAuthorization(ours.Header("Authorization")!);
        Assert.Equal(cliScope, ourScope);
        if (ours.Operation == "GetParameter")
        {
            // AWSSDK.SimpleSystemsManagement's marshaller also sends and signs the API version (the model's).
            Assert.Equal("2014-11-06", ours.Header("x-amz-api-version"));
            ourSigned = ourSigned.Where(h => h != "x-amz-api-version").ToArray();
        }

        // AWSSDK.Core also signs x-amz-content-sha256 (the body's SHA-256, which it sends); otherwise the same headers.
        Assert.Equal(cliSigned.Append("x-amz-content-sha256").Order(StringComparer.Ordinal), ourSigned);
    }

    /// <summary>Credential scope without the key id's date ("us-east-1/iam/aws4_request") and the signed headers.</summary>
    private static (string Scope, string[] Signed) ParseAuthorization(string header)
    {
        Assert.StartsWith("AWS4-HMAC-SHA256 ", header);
        var parts = header["AWS4-HMAC-SHA256 ".Length..].Split(',').Select(p => p.Trim()).ToDictionary(p => p[..p.IndexOf('=')], p => p[(p.IndexOf('=') + 1)..]);
        var credential = parts["Credential"].Split('/');
        Assert.Equal("AKIDEXAMPLE", credential[0]);
        return (string.Join("/", credential.Skip(2)), parts["SignedHeaders"].Split(';'));
    }

    private sealed class ClientSet
    {
        public ClientSet(StubAwsServer server, string? sessionToken)
        {
            Amazon.Runtime.AWSCredentials credentials = sessionToken == null
                ? TestClients.Credentials
                : new Amazon.Runtime.SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken);
            var settings = TestClients.Settings(server.Url);
            Iam = AwsClients.CreateIam(credentials, settings);
            Organizations = AwsClients.CreateOrganizations(credentials, settings);
            Sts = AwsClients.CreateSts(credentials, settings);
            Sns = AwsClients.CreateSns(credentials, settings);
            Ssm = new SsmParameterReader(AwsClients.CreateSsm(credentials, settings), IamKeyHygiene.Engine.Errors.ErrorCatalog.SmtpCredentialParameterUnavailable);
        }

        public IamClient Iam { get; }
        public OrganizationsClient Organizations { get; }
        public Amazon.SecurityToken.AmazonSecurityTokenServiceClient Sts { get; }
        public SnsClient Sns { get; }
        public SsmParameterReader Ssm { get; }
    }
}
