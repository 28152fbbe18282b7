using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the in-process emulator: Organizations and STS.</summary>
public sealed class AwsCliOrganizationsStsTests
{
    [Fact]
    public async Task ListAccountsPagesFromManagementAndDelegatedAdministratorButNotAMember()
    {
        await using var host = await StartAsync();

        var fromManagement = AwsCli.RunAsync(host.Url, host.Admin(), "organizations", "list-accounts");
        var fromDelegated = AwsCli.RunAsync(host.Url, DelegatedReader, "organizations", "list-accounts");
        var fromMember = AwsCli.RunAsync(host.Url, MemberUser, "organizations", "list-accounts");

        var management = (await fromManagement).AssertSuccess().Json.GetProperty("Accounts").EnumerateArray().Select(a => a.GetProperty("Id").GetString()).ToList();
        var delegated = (await fromDelegated).AssertSuccess().Json.GetProperty("Accounts").EnumerateArray().Select(a => a.GetProperty("Id").GetString()).ToList();
        Assert.Equal(28, management.Count);
        Assert.Equal(management.Distinct().Count(), management.Count);
        Assert.Contains(Member, management);
        Assert.Equal(management, delegated);
        var member = await fromMember;
        Assert.NotEqual(0, member.ExitCode);
        Assert.Contains("(AccessDeniedException)", member.StdErr, StringComparison.Ordinal);
        var calls = await host.ControlAsync(HttpMethod.Get, "calls");
        Assert.Equal(2, calls.GetProperty("byAccount").GetProperty(Management).GetProperty("organizations:ListAccounts").GetInt32());
        Assert.Equal(2, calls.GetProperty("byAccount").GetProperty(Delegated).GetProperty("organizations:ListAccounts").GetInt32());
    }

    [Fact]
    public async Task AssumedRoleSessionWorksInTheMemberUntilTheDataClockPassesItsExpiry()
    {
        await using var host = await StartAsync();

        var assumed = (await AwsCli.RunAsync(host.Url, host.Admin(), "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/Audit", "--role-session-name", "hygiene", "--duration-seconds", "900")).AssertSuccess().Json;
        var credentials = assumed.GetProperty("Credentials");
        var session = new AwsCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
        Assert.StartsWith("ASIA", session.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:sts::{Member}:assumed-role/Audit/hygiene", assumed.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());

        var (users, identity) = (AwsCli.RunAsync(host.Url, session, "iam", "list-users"), AwsCli.RunAsync(host.Url, session, "sts", "get-caller-identity"));
        var names = (await users).AssertSuccess().Json.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString());
        Assert.Equal(new[] { "member-user", "zed" }, names);
        Assert.Equal($"arn:aws:sts::{Member}:assumed-role/Audit/hygiene", (await identity).AssertSuccess().Json.GetProperty("Arn").GetString());

        await host.ControlAsync(HttpMethod.Post, "clock", new { advanceDays = 0.0105 });
        var (expired, admin) = (AwsCli.RunAsync(host.Url, session, "iam", "list-users"), AwsCli.RunAsync(host.Url, host.Admin(), "iam", "list-users"));

        var refused = await expired;
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(ExpiredToken)", refused.StdErr, StringComparison.Ordinal);
        (await admin).AssertSuccess();
    }

    [Fact]
    public async Task AssumeRoleIsRefusedWithoutTrustOrTheRightExternalId()
    {
        await using var host = await StartAsync();

        var untrusted = AwsCli.RunAsync(host.Url, MemberUser, "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/Audit", "--role-session-name", "x1");
        var noExternalId = AwsCli.RunAsync(host.Url, host.Admin(), "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/Guarded", "--role-session-name", "x2");
        var withExternalId = AwsCli.RunAsync(host.Url, host.Admin(), "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/Guarded", "--role-session-name", "x3", "--external-id", "ext-123");

        Assert.Contains("(AccessDenied)", (await untrusted).StdErr, StringComparison.Ordinal);
        Assert.Contains("(AccessDenied)", (await noExternalId).StdErr, StringComparison.Ordinal);
        (await withExternalId).AssertSuccess();
    }
}
