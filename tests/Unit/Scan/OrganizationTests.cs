using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Engine.Organization;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>Get-OrganizationAccount's engine: selection, exclusions, states, OU paths, pages.</summary>
public sealed class OrganizationTests
{
    private static ScenarioDocument Nested()
    {
        var accounts = new List<AccountSpec>();
        for (var i = 0; i < 25; i++)
        {
            var ou = (i % 4) switch { 0 => "Workloads/Prod/Payments", 1 => "Workloads/Prod", 2 => "Workloads", _ => "Sandbox" };
            accounts.Add(Account($"3000000000{i:00}", $"acct-{i:00}").Under(ou));
        }

        accounts.Add(new AccountSpec { Id = "399999999999", Name = "suspended", State = "SUSPENDED", ParentOu = "Sandbox" });
        return Organization(accounts.ToArray());
    }

    [Fact]
    public async Task All_active_accounts_across_pages_with_paths_from_one_walk()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());
        kit.Runtime.Calls.Clear();

        var targets = await kit.AccountsAsync();

        Assert.Equal(26, targets.Count); // 25 + management; the suspended one is skipped
        Assert.DoesNotContain(targets, t => t.Account.AccountId == "399999999999");
        Assert.Equal("Root/Workloads/Prod/Payments", targets.Single(t => t.Account.AccountId == "300000000000").Account.OrganizationalUnitPath);
        Assert.Equal("Root/Sandbox", targets.Single(t => t.Account.AccountId == "300000000003").Account.OrganizationalUnitPath);
        Assert.Null(targets[0].Account.Tags);
        var calls = kit.Host.CallsIn(ScanTestKit.ManagementAccount);
        Assert.Equal(2, calls["organizations:ListAccounts"]); // 27 accounts, 20 a page
        Assert.False(calls.ContainsKey("organizations:ListParents"));
        Assert.False(calls.ContainsKey("organizations:DescribeAccount"));
    }

    [Fact]
    public async Task An_ou_with_recurse_minus_an_excluded_sub_ou()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());
        var all = await kit.AccountsAsync(new AccountSelection { IncludeInactive = true });
        var workloads = all.First(t => t.Account.OrganizationalUnitPath == "Root/Workloads").Account.OrganizationalUnitIds.Last();
        var payments = all.First(t => t.Account.OrganizationalUnitPath == "Root/Workloads/Prod/Payments").Account.OrganizationalUnitIds.Last();

        var direct = await kit.AccountsAsync(new AccountSelection { OrganizationalUnitId = workloads });
        var tree = await kit.AccountsAsync(new AccountSelection { OrganizationalUnitId = workloads, Recurse = true });
        var pruned = await kit.AccountsAsync(new AccountSelection
        {
            OrganizationalUnitId = workloads, Recurse = true, ExcludeOrganizationalUnitIds = new[] { payments }, ExcludeAccountIds = new[] { "300000000001" },
        });

        Assert.All(direct, t => Assert.Equal("Root/Workloads", t.Account.OrganizationalUnitPath));
        Assert.Equal(6, direct.Count);
        Assert.Equal(19, tree.Count);
        Assert.Equal(19 - 7 - 1, pruned.Count);
        Assert.True(all.Single(t => t.Account.AccountId == "399999999999").Account.State == "SUSPENDED");
    }

    [Fact]
    public async Task Explicit_accounts_and_tags_when_asked()
    {
        var scenario = Nested();
        scenario.Accounts.Single(a => a.Id == "300000000005").Tags["env"] = "prod";
        await using var kit = await ScanTestKit.StartAsync(scenario);

        var targets = await kit.AccountsAsync(new AccountSelection { AccountIds = new[] { "300000000005", "300000000006" }, IncludeTags = true });

        Assert.Equal(new[] { "300000000005", "300000000006" }, targets.Select(t => t.Account.AccountId).ToArray());
        Assert.Equal("prod", targets[0].Account.Tags!["env"]);
        Assert.Equal("Root/Workloads/Prod", targets[0].Account.OrganizationalUnitPath);
        Assert.Equal($"arn:aws:iam::300000000005:role/{ScanTestKit.RoleName}", targets[0].Session.RoleArn);
    }

    [Fact]
    public async Task An_account_id_not_in_the_organization_is_a_non_terminating_error_that_names_it_and_the_others_are_returned()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());
        var targets = await kit.AccountsAsync(new AccountSelection { AccountIds = new[] { "300000000005", "123456789012", "300000000006" } });

        Assert.Equal(new[] { "300000000005", "300000000006" }, targets.Select(t => t.Account.AccountId).ToArray());
        var error = Assert.Single(kit.Sink.Errors);
        Assert.Equal("AccountNotFound", error.ErrorId);
        Assert.False(error.Entry.Terminating);
        Assert.Equal("123456789012", error.Target);
    }

    [Fact]
    public async Task Any_number_of_ids_costs_one_listing_and_no_DescribeAccount()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());
        kit.Runtime.Calls.Clear();
        var ids = Enumerable.Range(0, 25).Select(i => $"3000000000{i:00}").ToArray();

        var targets = await kit.AccountsAsync(new AccountSelection { AccountIds = ids });

        Assert.Equal(25, targets.Count);
        var calls = kit.Host.CallsIn(ScanTestKit.ManagementAccount);
        Assert.Equal(2, calls["organizations:ListAccounts"]); // 27 accounts, 20 a page: the same as listing them all
        Assert.False(calls.ContainsKey("organizations:DescribeAccount"));
    }

    [Fact]
    public async Task A_suspended_account_named_by_id_is_skipped_with_a_warning_that_says_why()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());

        var named = await kit.AccountsAsync(new AccountSelection { AccountIds = new[] { "399999999999", "300000000001" } });
        var all = await kit.AccountsAsync();

        Assert.Equal(new[] { "300000000001" }, named.Select(t => t.Account.AccountId).ToArray());
        var warning = Assert.Single(kit.Log.WarningLines);
        Assert.Contains("399999999999", warning);
        Assert.Contains("SUSPENDED", warning);
        Assert.Contains("-IncludeInactive", warning);
        Assert.DoesNotContain(all, t => t.Account.AccountId == "399999999999");
        Assert.Empty(kit.Sink.Errors);
    }

    [Fact]
    public async Task An_unknown_ou_is_an_error_that_names_it()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());
        var error = await Assert.ThrowsAsync<OrganizationQueryException>(() =>
            kit.AccountsAsync(new AccountSelection { OrganizationalUnitId = "ou-zzzz-zzzzzzzz" }));
        Assert.Equal("OrganizationalUnitNotFound", error.ErrorId);
        Assert.Contains("ou-zzzz-zzzzzzzz", error.Message);
    }
}
