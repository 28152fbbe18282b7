using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Engine.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>Every list is read to its end: pages that come empty or short but carry a continuation token (IAM
/// Marker with IsTruncated, Organizations NextToken) lose no account, user, key or tag.</summary>
public sealed class ShortPageScanTests
{
    private static readonly string[] ShapedOperations =
    {
        "iam:ListUsers", "iam:ListAccessKeys", "iam:ListUserTags",
        "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent",
    };

    [Fact]
    public async Task Empty_middle_pages_with_a_token_lose_no_account_user_key_or_tag()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(
            Mixed("222222222201", "first").Under("Workloads/Prod"),
            Mixed("222222222202", "second").Under("Sandbox"),
            Account("222222222203", "tagged",
                User("three-tags", Key(120, 1)).Tagged("team", "payments").Tagged("cost-center", "42")
                    .Tagged("keyhygiene:exempt", "expires=2099-12-31 reason=vendor contract"))));
        var at = DateTimeOffset.UtcNow;
        var settings = new ScanSettings { Source = KeySource.Live, IncludeHealthy = true };
        var calmAccounts = await kit.AccountsAsync();
        var calm = await kit.ScanAsync(calmAccounts, settings, at);
        var shaped = new FaultConfig();
        shaped.ShortPages.AddRange(ShapedOperations.Select(operation => new PageShape { Operation = operation, ItemsPerPage = 1, EmptyPages = 2 }));
        kit.SetFaults(shaped);

        var accounts = await kit.AccountsAsync();
        var outcome = await kit.ScanAsync(accounts, settings, at);

        Assert.Equal(calmAccounts.Select(t => (t.Account.AccountId, t.Account.OrganizationalUnitPath)), accounts.Select(t => (t.Account.AccountId, t.Account.OrganizationalUnitPath)));
        Assert.Equal(4, accounts.Count);
        Assert.Empty(outcome.Failures);
        Assert.Equal(calm.Verdicts(), outcome.Verdicts());
        Assert.Equal(2, outcome.Findings.Count(f => f.UserName == "two-keys" && f.AccountId == "222222222201"));
        Assert.Equal("Exempt", Assert.Single(outcome.Findings, f => f.UserName == "three-tags").Stage);
        var counts = await kit.Host.ControlAsync(HttpMethod.Get, "faults/counts");
        Assert.All(ShapedOperations, operation => Assert.True(EmulatorTestKit.FaultCount(counts, "shortPages", operation) > 1, $"{operation} was not paged short"));
    }
}
