using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.SecurityToken.Model;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// Real IAM and STS response bodies (botocore's response-parsing/xml fixtures, mostly from the AWS API
/// Reference) served to our clients and compared with the result botocore parses from them; error bodies
/// become AwsServiceException with code, message and request id.
/// </summary>
public sealed class ResponseFixtureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Fixtures of operations our IAM client has (the others, e.g. iam-list-roles, are not ours).</summary>
    public static IEnumerable<object[]> IamFixtures() => new[]
    {
        new object[] { "iam-get-account-summary", "GetAccountSummary" },
        new object[] { "iam-get-user", "GetUser" },
        new object[] { "iam-list-access-keys", "ListAccessKeys" },
        new object[] { "iam-list-account-aliases", "ListAccountAliases" },
        new object[] { "iam-list-users", "ListUsers" },
    };

    [Theory]
    [MemberData(nameof(IamFixtures))]
    public async Task Iam_fixture_parses_as_botocore_parses_it(string fixture, string operation)
    {
        var xml = File.ReadAllText(AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "responses", fixture + ".xml"));
        var expected = JsonNode.Parse(File.ReadAllText(AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "responses", fixture + ".json")))!.AsObject();
        expected.Remove("ResponseMetadata");
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(xml));
        var iam = TestClients.Iam(server);

        var parsed = await iam.CallAsync(operation, null, None);

        var output = IamClient.ServiceModel.Operation(operation).Output!;
        var ours = ProtocolValues.Normalise(parsed, output);
        var theirs = TimestampsToEpoch(expected, output);
        Assert.True(ProtocolValues.SameJson(theirs, ours), $"parsed {ours.ToJsonString()}, botocore {theirs.ToJsonString()}");
    }

    /// <summary>The SNS fixtures of our SNS operations, and SNS's error fixture (a topic that is not there).</summary>
    [Theory]
    [InlineData("sns-publish", "Publish")]
    [InlineData("sns-create-topic", "CreateTopic")]
    [InlineData("sns-list-topics", "ListTopics")]
    public async Task Sns_fixture_parses_as_botocore_parses_it(string fixture, string operation)
    {
        var expected = JsonNode.Parse(File.ReadAllText(AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "responses", fixture + ".json")))!.AsObject();
        expected.Remove("ResponseMetadata");
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(File.ReadAllText(ResponseFile(fixture))));

        var parsed = await TestClients.Sns(server).CallAsync(operation, null, None);

        var output = SnsClient.ServiceModel.Operation(operation).Output!;
        var ours = ProtocolValues.Normalise(parsed, output);
        Assert.True(ProtocolValues.SameJson(TimestampsToEpoch(expected, output), ours), $"parsed {ours.ToJsonString()}, botocore {expected.ToJsonString()}");
    }

    [Fact]
    public async Task Sns_error_fixture_becomes_AwsServiceException()
    {
        var xml = File.ReadAllText(AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "errors", "sns-delete-topic.xml"));
        var expected = JsonNode.Parse(File.ReadAllText(AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "errors", "sns-delete-topic.json")))!;
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(xml, 400));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.Sns(server).PublishAsync(new SnsMessage("arn:aws:sns:us-east-1:123456789012:t", "m", null), None));

        Assert.Equal(expected["Error"]!["Code"]!.GetValue<string>(), error.ErrorCode);
        Assert.Equal(expected["Error"]!["Message"]!.GetValue<string>(), error.ServiceMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Typed_results_carry_the_fixture_values()
    {
        await using var server = new StubAwsServer((request, _) => StubReply.Xml(File.ReadAllText(ResponseFile(request.Operation switch
        {
            "GetUser" => "iam-get-user",
            "ListAccessKeys" => "iam-list-access-keys",
            "ListAccountAliases" => "iam-list-account-aliases",
            "GetAccountSummary" => "iam-get-account-summary",
            _ => "iam-list-users",
        }))));
        var iam = TestClients.Iam(server);

        var user = await iam.GetUserAsync(null, None);
        Assert.Equal("arn:aws:iam::123456789012:root", user.Arn);
        Assert.Equal(new DateTimeOffset(2011, 12, 19, 23, 16, 46, TimeSpan.Zero), user.CreateDate);
        Assert.Equal(TimeSpan.Zero, user.CreateDate.Offset);

        var keys = await TestClients.ToListAsync(iam.ListAccessKeysAllAsync("Bob", None));
        Assert.Equal(new[] { ("AKIAIOSFODNN7EXAMPLE", "Active"), ("AKIAI44QH8DHBEXAMPLE", "Inactive") }, keys.Select(k => (k.AccessKeyId, k.Status)));

        var aliases = await TestClients.ToListAsync(iam.ListAccountAliasesAllAsync(None));
        Assert.Equal(new[] { "foocorporation" }, aliases);

        var users = await TestClients.ToListAsync(iam.ListUsersAllAsync(None));
        Assert.NotEmpty(users);
        Assert.All(users, u => Assert.StartsWith("arn:aws:iam::", u.Arn));

        // The API Reference's example predates AccountAccessKeysPresent: an answer without it does not say.
        var summary = await iam.GetAccountSummaryAsync(None);
        Assert.Equal((20, 1L, 2L), (summary.SummaryMap.Count, summary.SummaryMap["Users"], summary.SummaryMap["AccessKeysPerUserQuota"]));
        Assert.Null(summary.RootHasAccessKey);
    }

    [Fact]
    public async Task Credential_report_content_is_the_csv_bytes()
    {
        await using var server = new StubAwsServer((request, _) => StubReply.Xml(File.ReadAllText(AwsReference.Path("samples", "iam",
            request.Operation == "GenerateCredentialReport" ? "generate-credential-report-response.xml" : "get-credential-report-response.xml"))));
        var iam = TestClients.Iam(server);

        var generation = await iam.GenerateCredentialReportAsync(None);
        var report = await iam.GetCredentialReportAsync(None);

        Assert.Equal("STARTED", generation.State);
        Assert.Equal("No report exists. Starting a new report generation task", generation.Description);
        Assert.Equal(File.ReadAllBytes(AwsReference.Path("samples", "iam", "credential-report-example.csv")), report.Content);
        Assert.Equal("text/csv", report.ReportFormat);
        Assert.NotNull(report.GeneratedTime);
        Assert.Equal(TimeSpan.Zero, report.GeneratedTime!.Value.Offset);
    }

    [Theory]
    [InlineData("iam-get-user", 404, "NoSuchEntity", "The user with name foobar cannot be found.", "358299bb-b7f8-11e2-8d39-e3a125f625ee")]
    [InlineData("sts-get-session-token", 403, "AccessDenied",
        "GetSessionToken call failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.",
        "8088f6eb-b7fb-11e2-8d25-4b9f3b52b80f")]
    public async Task Error_fixture_becomes_AwsServiceException(string fixture, int status, string code, string message, string requestId)
    {
        var xml = File.ReadAllText(AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "errors", fixture + ".xml"));
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(xml, status));
        var iam = TestClients.Iam(server);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetUserAsync("foobar", None));

        Assert.Equal(("iam", "GetUser", code, message, requestId, status), (error.Service, error.Operation, error.ErrorCode, error.ServiceMessage, error.RequestId, error.StatusCode));
        Assert.Contains(code, error.Message);
        Assert.Contains(requestId, error.Message);
        Assert.Equal(code == "AccessDenied", error.IsAccessDenied);
        Assert.Equal(code == "NoSuchEntity", error.IsNotFound);
        Assert.Single(server.Requests); // a 4xx that is not throttling is never retried
    }

    [Fact]
    public async Task Sts_error_from_the_sdk_client_translates_to_AwsServiceException()
    {
        var xml = File.ReadAllText(AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "errors", "sts-get-session-token.xml"));
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(xml, 403));
        var sts = AwsClients.CreateSts(TestClients.Credentials, TestClients.Settings(server.Url));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), None));
        var error = Assert.IsType<AwsServiceException>(AwsErrors.Translate("sts", "GetCallerIdentity", thrown));

        Assert.Equal(("AccessDenied", 403, "8088f6eb-b7fb-11e2-8d25-4b9f3b52b80f"), (error.ErrorCode, error.StatusCode, error.RequestId));
        Assert.True(error.IsAccessDenied);
    }

    [Fact]
    public async Task Sts_AssumeRole_and_GetCallerIdentity_answers_parse_through_CreateSts()
    {
        await using var server = new StubAwsServer((request, _) => StubReply.Xml(request.Operation == "AssumeRole"
            ? "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>" +
              "<AccessKeyId>ASIAEXAMPLEASSUMED01</AccessKeyId><SecretAccessKey>assumedSecretEXAMPLE</SecretAccessKey><SessionToken>assumedTokenEXAMPLE</SessionToken>" +
              "<Expiration>2026-11-27T11:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:key-hygiene</AssumedRoleId>" +
              "<Arn>arn:aws:sts::123456789012:assumed-role/Audit/key-hygiene</Arn></AssumedRoleUser></AssumeRoleResult>" +
              "<ResponseMetadata><RequestId>ar</RequestId></ResponseMetadata></AssumeRoleResponse>"
            : "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/Audit/key-hygiene</Arn>" +
              "<UserId>AROAEXAMPLE:key-hygiene</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>gci</RequestId></ResponseMetadata></GetCallerIdentityResponse>"));
        var sts = AwsClients.CreateSts(TestClients.Credentials, TestClients.Settings(server.Url, "eu-west-1"));

        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Audit", RoleSessionName = "key-hygiene" }, None);
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), None);

        Assert.Equal(("ASIAEXAMPLEASSUMED01", "assumedTokenEXAMPLE"), (assumed.Credentials.AccessKeyId, assumed.Credentials.SessionToken));
        Assert.Equal(new DateTime(2026, 11, 27, 11, 0, 0, DateTimeKind.Utc), assumed.Credentials.Expiration!.Value.ToUniversalTime());
        Assert.Equal(("123456789012", "AROAEXAMPLE:key-hygiene"), (identity.Account, identity.UserId));
        // STS is regional: a custom endpoint signs in the configured region.
        Assert.All(server.Requests, r => Assert.Contains("/eu-west-1/sts/aws4_request", r.Header("Authorization")));
    }

    private const string SessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

    private static readonly string SignatureMismatch =
        "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match " +
        "the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n" +
        $"The Canonical String for this request should have been\n'POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nx-amz-security-token:{SessionToken}\n'" +
        "</Message></Error><RequestId>sig</RequestId></ErrorResponse>";

    private static readonly Amazon.Runtime.AWSCredentials SessionCredentials =
        new Amazon.Runtime.SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", SessionToken);

    [Fact]
    public async Task A_signature_error_never_carries_the_session_token_it_quotes()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(SignatureMismatch, 403));
        var iam = AwsClients.CreateIam(SessionCredentials, TestClients.Settings(server.Url));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetUserAsync("alice", None));

        Assert.True(error.IsCredentialsRejected);
        Assert.StartsWith("The request signature we calculated does not match", error.ServiceMessage);
        Assert.DoesNotContain(SessionToken, error.ToString());
    }

    [Fact]
    public async Task A_signature_error_from_the_sdk_sts_client_is_translated_without_the_token()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(SignatureMismatch.Replace("<ErrorResponse>", "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), 403));
        var sts = AwsClients.CreateSts(SessionCredentials, TestClients.Settings(server.Url));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), None));
        var error = Assert.IsType<AwsServiceException>(AwsErrors.Translate("sts", "GetCallerIdentity", thrown));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.DoesNotContain(SessionToken, error.ToString());
    }

    private static string ResponseFile(string fixture) =>
        AwsReference.Path("protocol-tests", "botocore", "response-parsing", "xml", "responses", fixture + ".xml");

    /// <summary>botocore's fixture JSON writes timestamps as text; ours are compared as epoch seconds.</summary>
    private static JsonObject TimestampsToEpoch(JsonObject value, Shape shape) =>
        ShapeWalk.Structure(value, shape, MemberNames.Unchanged, (v, r) => r.Shape.Kind == ShapeKind.Timestamp
            ? JsonValue.Create(Timestamps.ToEpochSeconds(DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture)))
            : v.DeepClone());
}
