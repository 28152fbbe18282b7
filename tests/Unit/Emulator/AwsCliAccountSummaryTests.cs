using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the emulator: GetAccountSummary, a refused IAM action, short and empty pages.</summary>
public sealed class AwsCliAccountSummaryTests
{
    /// <summary>The management account's root user has a key, the member's has none; the member is read through its role.</summary>
    private static string Scenario() => $$"""
        {
          "managementAccountId": "{{Management}}",
          "accounts": [
            { "id": "{{Management}}", "name": "management", "rootAccessKeys": [ { "ageDays": 400, "status": "Inactive" } ],
              "users": [ { "name": "alice" }, { "name": "bob" } ] },
            { "id": "{{Member}}", "name": "member", "roles": [ { "name": "Audit" } ], "users": [ { "name": "carol" } ] }
          ]
        }
        """;

    [Fact]
    public async Task Get_account_summary_says_whether_the_root_user_has_an_access_key()
    {
        await using var host = await StartAsync(Scenario());
        var member = await AssumeAsync(host, "Audit");

        var management = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "get-account-summary")).AssertSuccess().Json.GetProperty("SummaryMap");
        var memberSummary = (await AwsCli.RunAsync(host.Url, member, "iam", "get-account-summary")).AssertSuccess().Json.GetProperty("SummaryMap");

        Assert.Equal(1, management.GetProperty("AccountAccessKeysPresent").GetInt32()); // an Inactive key is still present
        Assert.Equal(2, management.GetProperty("Users").GetInt32());
        Assert.Equal(0, memberSummary.GetProperty("AccountAccessKeysPresent").GetInt32());
        Assert.Equal(1, memberSummary.GetProperty("Users").GetInt32());
        Assert.Equal(2, memberSummary.GetProperty("AccessKeysPerUserQuota").GetInt32());
    }

    [Fact]
    public async Task A_role_denied_one_IAM_action_gets_AccessDenied_as_AWS_words_it_and_may_do_the_rest()
    {
        await using var host = await StartAsync(Scenario());
        await host.ControlAsync(HttpMethod.Post, "faults", new { denyActions = new[] { new { action = "iam:GetAccountSummary", accountId = Member, roleName = "Audit" } } });
        var member = await AssumeAsync(host, "Audit");

        var refused = await AwsCli.RunAsync(host.Url, member, "iam", "get-account-summary");
        var listed = (await AwsCli.RunAsync(host.Url, member, "iam", "list-users")).AssertSuccess();
        var elsewhere = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "get-account-summary");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(AccessDenied)", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains($"User: arn:aws:sts::{Member}:assumed-role/Audit/cli is not authorized to perform: iam:GetAccountSummary on resource: *", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, listed.Json.GetProperty("Users").GetArrayLength());
        elsewhere.AssertSuccess();
        Assert.Equal(1, FaultCount(await host.ControlAsync(HttpMethod.Get, "faults/counts"), "accessDenied", "iam:GetAccountSummary"));
    }

    [Fact]
    public async Task List_users_pages_through_empty_and_short_pages_to_the_end()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "faults", new { shortPages = new[] { new { operation = "iam:ListUsers", itemsPerPage = 2, emptyPages = 1 } } });

        var users = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "list-users")).AssertSuccess().Json.GetProperty("Users");

        Assert.Equal(new[] { "alice", "bob", "carol", "dave", "erin", "frank", "grace" }, users.EnumerateArray().Select(u => u.GetProperty("UserName").GetString()));
        // Seven users two to a page, each page after an empty one: eight requests.
        Assert.Equal(8, (await host.ControlAsync(HttpMethod.Get, "calls")).GetProperty("byOperation").GetProperty("iam:ListUsers").GetInt32());
    }

    private static async Task<AwsCredentials> AssumeAsync(IamKeyHygiene.Emulator.Hosting.EmulatorHost host, string role)
    {
        var credentials = (await AwsCli.RunAsync(host.Url, host.Admin(), "sts", "assume-role", "--role-arn", $"arn:aws:iam::{Member}:role/{role}", "--role-session-name", "cli"))
            .AssertSuccess().Json.GetProperty("Credentials");
        return new AwsCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
    }
}
