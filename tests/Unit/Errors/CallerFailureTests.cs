using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Scan;
using IamKeyHygiene.Tests.Unit.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Errors;

/// <summary>The rule of about_IamKeyHygiene_Errors at the engine's edge, against the emulator (which checks SigV4 as
/// AWS does): credentials AWS rejects on a call made with the caller's own credentials are CredentialsRejected
/// (terminating) and stop a scan; one account that fails is its own non-terminating error.</summary>
public sealed class CallerFailureTests
{
    private const string Member = "222222222201";
    private const string OtherMember = "222222222202";

    [Fact]
    public async Task A_wrong_secret_on_the_first_call_is_CredentialsRejected_naming_where_the_credentials_came_from()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization());
        var wrong = WrongSecret(kit);

        var error = await Assert.ThrowsAsync<EngineException>(() => wrong.GetCallerIdentityAsync(CancellationToken.None));

        Assert.Same(ErrorCatalog.CredentialsRejected, error.Entry);
        Assert.Equal("parameter", error.Target);
        Assert.Equal("SignatureDoesNotMatch", error.AwsErrorCode);
        Assert.Equal(EngineErrorCategory.AuthenticationError, error.Category);
        Assert.IsType<AwsServiceException>(error.InnerException);
        Assert.DoesNotContain("not-the-secret", error.ToString());
    }

    [Fact]
    public async Task Listing_the_organization_with_a_wrong_secret_stops_at_CredentialsRejected()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));

        var error = await Assert.ThrowsAsync<EngineException>(() => new OrganizationService(WrongSecret(kit), kit.Sink).ListAccountsAsync(
            new AccountSelection(), new RoleSessionOptions(ScanTestKit.RoleName), CancellationToken.None));

        Assert.Equal("CredentialsRejected", error.ErrorId);
    }

    [Fact]
    public async Task A_scan_whose_AssumeRole_is_rejected_stops_once_with_CredentialsRejected()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member"), Mixed(OtherMember, "other")));
        var wrong = WrongSecret(kit);
        var sessions = new RoleSessionSource(wrong, new RoleSessionOptions(ScanTestKit.RoleName));
        var targets = new[] { Member, OtherMember }.Select(id => new AccountTarget(
            new OrganizationAccount(id, id, "", "ACTIVE", ""),
            new AccountSession(id, usesCallerCredentials: false, $"arn:aws:iam::{id}:role/{ScanTestKit.RoleName}", sessions)));

        var outcome = await kit.ScanAsync(targets, new ScanSettings(), DateTimeOffset.UtcNow);

        var stopped = Assert.Single(outcome.Stopped);
        Assert.Equal("CredentialsRejected", stopped.ErrorId);
        Assert.Equal("SignatureDoesNotMatch", stopped.Error!.AwsErrorCode);
        Assert.Empty(outcome.Failures);
        Assert.Empty(outcome.Findings);
    }

    [Fact]
    public async Task A_scan_of_the_callers_own_account_with_rejected_credentials_stops_with_CredentialsRejected()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization());
        var wrong = WrongSecret(kit);
        var own = new AccountTarget(new OrganizationAccount(ScanTestKit.ManagementAccount, "", "", "ACTIVE", ""),
            new AccountSession(ScanTestKit.ManagementAccount, usesCallerCredentials: true, null, new RoleSessionSource(wrong, null)));

        var outcome = await kit.ScanAsync(new[] { own }, new ScanSettings { Source = KeySource.Live }, DateTimeOffset.UtcNow);

        Assert.Equal("CredentialsRejected", Assert.Single(outcome.Stopped).ErrorId);
        Assert.Empty(outcome.Findings);
    }

    [Fact]
    public async Task A_member_account_that_fails_is_non_terminating_and_the_others_complete()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member"), Mixed(OtherMember, "other")));
        kit.SetFaults(new FaultConfig { DenyAssumeRoleInto = { OtherMember } });

        var outcome = await kit.ScanAsync(await kit.AccountsAsync(), new ScanSettings(), DateTimeOffset.UtcNow);

        var failure = Assert.Single(outcome.Failures);
        Assert.False(failure.Error!.Entry.Terminating);
        Assert.Equal((OtherMember, "AssumeRoleFailed", "AccessDenied"), (failure.Error.Target, failure.ErrorId, failure.Error.AwsErrorCode));
        Assert.Equal(EngineErrorCategory.PermissionDenied, failure.Error.Category);
        Assert.Empty(outcome.Stopped);
        Assert.Contains(outcome.Findings, f => f.AccountId == Member);
    }

    [Theory]
    [InlineData("AccessDeniedException", 400, "AwsServiceError", EngineErrorCategory.PermissionDenied, "AccessDeniedException")]
    [InlineData("TooManyRequestsException", 400, "AwsServiceError", EngineErrorCategory.LimitsExceeded, "TooManyRequestsException")]
    [InlineData("AWSOrganizationsNotInUseException", 400, "AwsServiceError", EngineErrorCategory.InvalidOperation, "AWSOrganizationsNotInUseException")]
    [InlineData("ExpiredTokenException", 400, "CredentialsRejected", EngineErrorCategory.AuthenticationError, "ExpiredTokenException")]
    [InlineData(AwsServiceException.ConnectionFailureCode, 0, "AwsConnectionFailed", EngineErrorCategory.ConnectionError, null)]
    public async Task Other_failures_of_the_callers_calls_name_the_endpoint_and_take_the_category_of_their_kind(
        string code, int status, string id, EngineErrorCategory category, string? reason)
    {
        await using var kit = await ScanTestKit.StartAsync(Organization());
        var failure = kit.Connection.CallerFailure(new AwsServiceException("organizations", "ListAccounts", code, "no", null, status));

        Assert.Equal((id, category, reason), (failure.ErrorId, failure.Category, failure.AwsErrorCode));
        Assert.Equal(id == "CredentialsRejected" ? "parameter" : kit.Connection.DescribeEndpoint("organizations").Url, failure.Target);
    }

    [Fact]
    public void Anything_else_is_UnexpectedError_and_an_engine_error_stays_as_it_is()
    {
        var judged = new EngineException(ErrorCatalog.InvalidClockOffset, EngineClock.OffsetVariable, "bad");

        Assert.Same(judged, EngineException.From(judged));
        Assert.Equal("UnexpectedError", EngineException.From(new InvalidOperationException("a bug")).ErrorId);
    }

    private static AwsConnection WrongSecret(ScanTestKit kit) => AwsConnection.Resolve(new AwsConnectionOptions
    {
        AccessKey = kit.Host.AccessKeyId,
        SecretKey = "not-the-secret-0000000000000000000000000",
        Region = "us-east-1",
        EndpointUrl = kit.Host.Url,
        Environment = new Dictionary<string, string>(),
    }, NullEngineLog.Instance);
}
