using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Errors;

/// <summary>The one AWS error classifier, row by row: what each code (or status) means, keyed on the operation where
/// AWS gives one code two meanings, and the error record category each kind gets.</summary>
public sealed class AwsErrorClassifierTests
{
    [Theory]
    // Throttling: botocore's _retry.json and the SDKs' standard list, Organizations' 400, any 429.
    [InlineData("ListUsers", "Throttling", 400, AwsErrorKind.Throttling)]
    [InlineData("ListAccounts", "TooManyRequestsException", 400, AwsErrorKind.Throttling)]
    [InlineData("GetCallerIdentity", "ThrottlingException", 400, AwsErrorKind.Throttling)]
    [InlineData("ListUsers", "RequestLimitExceeded", 503, AwsErrorKind.Throttling)]
    [InlineData("ListUsers", "Http429", 429, AwsErrorKind.Throttling)]
    // Transient: 5xx whatever the code, service-side timeouts, no answer at all.
    [InlineData("ListUsers", "ServiceFailure", 500, AwsErrorKind.Transient)]
    [InlineData("ListUsers", "Http502", 502, AwsErrorKind.Transient)]
    [InlineData("ListUsers", "ServiceUnavailable", 503, AwsErrorKind.Transient)]
    [InlineData("ListUsers", "Http504", 504, AwsErrorKind.Transient)]
    [InlineData("ListUsers", "Bandwidth", 509, AwsErrorKind.Transient)]
    [InlineData("ListUsers", "RequestTimeout", 400, AwsErrorKind.Transient)]
    [InlineData("ListUsers", "ConnectionFailure", 0, AwsErrorKind.Transient)]
    // IAM's LimitExceeded: "not now" for the credential report, a quota everywhere else.
    [InlineData("GenerateCredentialReport", "LimitExceeded", 409, AwsErrorKind.Transient)]
    [InlineData("CreateAccessKey", "LimitExceeded", 409, AwsErrorKind.Quota)]
    [InlineData("TagUser", "LimitExceeded", 409, AwsErrorKind.Quota)]
    [InlineData(null, "LimitExceeded", 409, AwsErrorKind.Quota)]
    [InlineData("CreateAccount", "ServiceQuotaExceededException", 400, AwsErrorKind.Quota)]
    [InlineData("CreatePolicy", "PolicyCountLimitExceededException", 400, AwsErrorKind.Quota)]
    // The caller's credentials refused, whatever the protocol spells it.
    [InlineData("GetCallerIdentity", "InvalidClientTokenId", 403, AwsErrorKind.CredentialsRejected)]
    [InlineData("GetCallerIdentity", "SignatureDoesNotMatch", 403, AwsErrorKind.CredentialsRejected)]
    [InlineData("ListAccounts", "UnrecognizedClientException", 400, AwsErrorKind.CredentialsRejected)]
    [InlineData("ListUsers", "IncompleteSignature", 400, AwsErrorKind.CredentialsRejected)]
    [InlineData("ListAccounts", "IncompleteSignatureException", 400, AwsErrorKind.CredentialsRejected)]
    [InlineData("DescribeInstances", "AuthFailure", 401, AwsErrorKind.CredentialsRejected)]
    [InlineData("ListAccounts", "InvalidSignatureException", 400, AwsErrorKind.CredentialsRejected)]
    [InlineData("ListUsers", "MissingAuthenticationToken", 403, AwsErrorKind.CredentialsRejected)]
    [InlineData("ListAccounts", "MissingAuthenticationTokenException", 400, AwsErrorKind.CredentialsRejected)]
    [InlineData("GetObject", "InvalidAccessKeyId", 403, AwsErrorKind.CredentialsRejected)]
    [InlineData("ListUsers", "ExpiredToken", 403, AwsErrorKind.ExpiredToken)]
    [InlineData("ListAccounts", "ExpiredTokenException", 400, AwsErrorKind.ExpiredToken)]
    // Allowed or not, there or not.
    [InlineData("ListUsers", "AccessDenied", 403, AwsErrorKind.AccessDenied)]
    [InlineData("ListAccounts", "AccessDeniedException", 400, AwsErrorKind.AccessDenied)]
    [InlineData("ListAccounts", "AccessDeniedForDependencyException", 400, AwsErrorKind.AccessDenied)]
    [InlineData("DescribeInstances", "UnauthorizedOperation", 403, AwsErrorKind.AccessDenied)]
    [InlineData("ListUsers", "Http403", 403, AwsErrorKind.AccessDenied)]
    [InlineData("ListAccessKeys", "NoSuchEntity", 404, AwsErrorKind.NotFound)]
    [InlineData("DescribeAccount", "AccountNotFoundException", 400, AwsErrorKind.NotFound)]
    [InlineData("ListChildren", "ParentNotFoundException", 400, AwsErrorKind.NotFound)]
    [InlineData("GetUser", "Http404", 404, AwsErrorKind.NotFound)]
    [InlineData("Publish", "NotFound", 404, AwsErrorKind.NotFound)]
    [InlineData("GetParameter", "ParameterNotFound", 400, AwsErrorKind.NotFound)]
    [InlineData("Publish", "AuthorizationError", 403, AwsErrorKind.AccessDenied)]
    [InlineData("Publish", "Throttled", 429, AwsErrorKind.Throttling)]
    // None of these.
    [InlineData("ListAccounts", "AWSOrganizationsNotInUseException", 400, AwsErrorKind.Other)]
    [InlineData("UpdateAccessKey", "ValidationError", 400, AwsErrorKind.Other)]
    [InlineData("ListUsers", "MalformedResponse", 200, AwsErrorKind.Other)]
    [InlineData("ListUsers", "", 0, AwsErrorKind.Other)]
    public void Classifies_by_operation_code_and_status(string? operation, string code, int status, AwsErrorKind expected)
        => Assert.Equal(expected, AwsErrorClassifier.Classify(operation, code, status));

    [Theory]
    [InlineData(AwsErrorKind.Throttling, EngineErrorCategory.LimitsExceeded)]
    [InlineData(AwsErrorKind.Transient, EngineErrorCategory.ConnectionError)]
    [InlineData(AwsErrorKind.CredentialsRejected, EngineErrorCategory.AuthenticationError)]
    [InlineData(AwsErrorKind.ExpiredToken, EngineErrorCategory.AuthenticationError)]
    [InlineData(AwsErrorKind.AccessDenied, EngineErrorCategory.PermissionDenied)]
    [InlineData(AwsErrorKind.NotFound, EngineErrorCategory.ObjectNotFound)]
    [InlineData(AwsErrorKind.Quota, EngineErrorCategory.QuotaExceeded)]
    [InlineData(AwsErrorKind.Other, EngineErrorCategory.InvalidOperation)]
    public void Each_kind_has_its_record_category(AwsErrorKind kind, EngineErrorCategory expected)
        => Assert.Equal(expected, AwsErrorCategory.Of(kind));

    [Fact]
    public void Every_kind_has_a_category_row_above()
        => Assert.Equal(8, Enum.GetValues<AwsErrorKind>().Length);

    [Fact]
    public void Reads_the_sdks_exceptions_and_failed_connections_as_the_retry_policy_sees_them()
    {
        var throttled = new AmazonServiceException("Rate exceeded", null, ErrorType.Sender, "Throttling", "r", System.Net.HttpStatusCode.BadRequest);
        var reportRefused = new AmazonServiceException("refused", null, ErrorType.Sender, "LimitExceeded", "r", System.Net.HttpStatusCode.Conflict);
        var reset = new HttpRequestException("reset", new System.Net.Sockets.SocketException(104));

        Assert.Equal(AwsErrorKind.Throttling, AwsErrorClassifier.Classify("ListUsers", throttled));
        Assert.Equal(AwsErrorKind.Transient, AwsErrorClassifier.Classify("GenerateCredentialReport", reportRefused));
        Assert.Equal(AwsErrorKind.Quota, AwsErrorClassifier.Classify("CreateAccessKey", reportRefused));
        Assert.Equal(AwsErrorKind.Transient, AwsErrorClassifier.Classify("ListUsers", reset));
        Assert.Equal(AwsErrorKind.Transient, AwsErrorClassifier.Classify("ListUsers", new AmazonServiceException("wrapped", reset)));
        Assert.Equal(AwsErrorKind.Other, AwsErrorClassifier.Classify("ListUsers", new InvalidOperationException("a bug")));
    }

    [Fact]
    public void An_AwsServiceException_knows_its_own_kind_for_its_operation()
    {
        var refused = new AwsServiceException("iam", "GenerateCredentialReport", "LimitExceeded", "not now", null, 409);
        var quota = new AwsServiceException("iam", "CreateAccessKey", "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", null, 409);

        Assert.Equal(AwsErrorKind.Transient, refused.Kind);
        Assert.Equal(AwsErrorKind.Quota, quota.Kind);
        Assert.Equal(AwsErrorKind.Quota, AwsErrors.KindOf(new Exception("wrapped", quota)));
        Assert.True(new AwsServiceException("sts", "AssumeRole", "ExpiredToken", "expired", null, 403).IsCredentialsRejected);
        Assert.False(quota.IsCredentialsRejected);
    }

    private const string LimitExceeded =
        "<ErrorResponse><Error><Type>Sender</Type><Code>LimitExceeded</Code><Message>Cannot exceed quota</Message></Error><RequestId>q</RequestId></ErrorResponse>";

    [Fact]
    public async Task The_retry_policy_retries_GenerateCredentialReport_refused_with_LimitExceeded()
    {
        await using var server = new StubAwsServer((_, n) => n <= 2
            ? StubReply.Xml(LimitExceeded, 409)
            : StubReply.Xml("<GenerateCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GenerateCredentialReportResult>" +
                "<State>COMPLETE</State></GenerateCredentialReportResult><ResponseMetadata><RequestId>g</RequestId></ResponseMetadata></GenerateCredentialReportResponse>"));

        var generation = await TestClients.Iam(server).GenerateCredentialReportAsync(CancellationToken.None);

        Assert.Equal("COMPLETE", generation.State);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task The_retry_policy_never_retries_TagUser_over_its_quota()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(LimitExceeded, 409));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            TestClients.Iam(server).TagUserAsync("alice", new[] { new ResourceTag { Key = "k", Value = "v" } }, CancellationToken.None));

        Assert.Equal(AwsErrorKind.Quota, error.Kind);
        Assert.Single(server.Requests);
    }
}
