using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Scan;
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
        Assert.False(calls.ContainsKey("organizations:ListAccounts")); // the walk lists every account: one OU at a time
        Assert.Equal(5, calls["organizations:ListAccountsForParent"]); // the root and four OUs, each one page
        Assert.False(calls.ContainsKey("organizations:ListParents"));
        Assert.False(calls.ContainsKey("organizations:DescribeAccount"));
    }

    [Fact]
    public async Task Accounts_come_in_the_walks_order_each_ou_whole_after_its_parent_and_the_same_every_time()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());

        var first = (await kit.AccountsAsync()).Select(t => t.Account).ToList();
        var second = (await kit.AccountsAsync()).Select(t => t.Account.AccountId).ToList();

        Assert.Equal(first.Select(a => a.AccountId), second);
        var paths = first.Select(a => a.OrganizationalUnitPath).ToList();
        var blocks = paths.Where((path, i) => i == 0 || paths[i - 1] != path).ToList();
        Assert.Equal(blocks.Distinct().Count(), blocks.Count); // each OU's accounts together
        Assert.Equal("Root", blocks[0]);
        Assert.All(blocks, path => Assert.True(path == "Root" || blocks.IndexOf(path[..path.LastIndexOf('/')]) < blocks.IndexOf(path), path));
        Assert.All(first.GroupBy(a => a.OrganizationalUnitPath), ou => Assert.Equal(ou.Select(a => a.AccountId).Order(StringComparer.Ordinal), ou.Select(a => a.AccountId)));
    }

    [Fact]
    public async Task Accounts_are_written_as_the_walk_reaches_them_with_progress_while_it_lists()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());
        kit.Runtime.Calls.Clear();
        var host = new ListingHost(() => kit.Host.CallsIn(ScanTestKit.ManagementAccount).GetValueOrDefault("organizations:ListAccountsForParent"));

        var written = await new OrganizationService(kit.Connection, host).WriteAccountsAsync(new AccountSelection(),
            new RoleSessionOptions(ScanTestKit.RoleName), CancellationToken.None);

        Assert.Equal(26, written);
        Assert.Equal(26, host.Written.Count);
        Assert.All(host.Written, w => Assert.StartsWith("Root", w.Target.Account.OrganizationalUnitPath, StringComparison.Ordinal));
        // The first account went out after the root's page, before the walk's fifth and last ListAccountsForParent.
        Assert.Equal(1, host.Written[0].PagesReadBefore);
        Assert.Equal(5, host.Written[^1].PagesReadBefore);
        var listing = host.Reports.Where(p => p.Activity == OrganizationService.ListingActivity).ToList();
        Assert.Contains(listing, p => p.PercentComplete == -1 && p.Status == "Accounts found: 1 (walking the OU tree)");
        Assert.Equal(new ProgressReport(OrganizationService.ListingActivity, "Accounts found: 26", 100), listing[^1]);
    }

    [Fact]
    public async Task An_ou_scoped_notify_only_rule_holds_for_accounts_scanned_while_they_stream_in()
    {
        var scenario = Nested();
        foreach (var account in scenario.Accounts.Where(a => a.Id.StartsWith("3000000000", StringComparison.Ordinal)))
        {
            account.Users.Add(User("stale", Key(120, 1)));
        }

        await using var kit = await ScanTestKit.StartAsync(scenario);
        var sandbox = (await kit.AccountsAsync()).First(t => t.Account.OrganizationalUnitPath == "Root/Sandbox").Account.OrganizationalUnitIds[^1];
        var policy = Policy.PolicyTestData.PolicyFromJson(
            $$"""{ "rules": [ { "name": "sandbox notify only", "match": { "organizationalUnitId": "{{sandbox}}" }, "notifyOnly": true } ] }""");
        var scanHost = new TestHost();
        using var scan = new ScanService(scanHost).Start(policy, new ScanSettings(), EngineClock.Fixed(DateTimeOffset.UtcNow), null,
            new ReportFetcher(TimeSpan.FromMilliseconds(100)), target => new SessionIam(target.Session), CancellationToken.None);
        var streaming = new ListingHost(() => 0, target => scan.Add(target));

        await new OrganizationService(kit.Connection, streaming).WriteAccountsAsync(new AccountSelection(), new RoleSessionOptions(ScanTestKit.RoleName), CancellationToken.None);
        scan.CompleteAdding();
        await scan.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        var findings = scanHost.Results.Cast<KeyFinding>().Where(f => f.UserName == "stale").ToList();
        Assert.Equal(25, findings.Count);
        var inSandbox = findings.Where(f => streaming.Written.Single(w => w.Target.Account.AccountId == f.AccountId).Target.Account.OrganizationalUnitPath == "Root/Sandbox").ToList();
        Assert.Equal(6, inSandbox.Count);
        Assert.All(inSandbox, f => Assert.Equal(("Warn", true), (f.Stage, f.Reasons.Contains("NotifyOnly"))));
        Assert.All(findings.Except(inSandbox), f => Assert.Equal("Disable", f.Stage));
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

        // Named accounts come in the OU walk's order, as all accounts do.
        Assert.Equal(new[] { "300000000005", "300000000006" }, targets.Select(t => t.Account.AccountId).OrderBy(id => id, StringComparer.Ordinal).ToArray());
        var named = targets.Single(t => t.Account.AccountId == "300000000005");
        Assert.Equal("prod", named.Account.Tags!["env"]);
        Assert.Equal("Root/Workloads/Prod", named.Account.OrganizationalUnitPath);
        Assert.Equal($"arn:aws:iam::300000000005:role/{ScanTestKit.RoleName}", named.Session.RoleArn);
    }

    [Fact]
    public async Task An_account_id_not_in_the_organization_is_a_non_terminating_error_that_names_it_and_the_others_are_returned()
    {
        await using var kit = await ScanTestKit.StartAsync(Nested());
        var targets = await kit.AccountsAsync(new AccountSelection { AccountIds = new[] { "300000000005", "123456789012", "300000000006" } });

        Assert.Equal(new[] { "300000000005", "300000000006" }, targets.Select(t => t.Account.AccountId).OrderBy(id => id, StringComparer.Ordinal).ToArray());
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
        await kit.AccountsAsync(new AccountSelection());
        var listingAll = kit.Host.CallsIn(ScanTestKit.ManagementAccount)["organizations:ListAccountsForParent"];
        kit.Runtime.Calls.Clear();
        var ids = Enumerable.Range(0, 25).Select(i => $"3000000000{i:00}").ToArray();

        var targets = await kit.AccountsAsync(new AccountSelection { AccountIds = ids });

        Assert.Equal(25, targets.Count);
        var calls = kit.Host.CallsIn(ScanTestKit.ManagementAccount);
        Assert.Equal(listingAll, calls["organizations:ListAccountsForParent"]); // the same walk as listing them all
        Assert.False(calls.ContainsKey("organizations:ListAccounts"));
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

/// <summary>A host that records each account written, with how many ListAccountsForParent pages had been read by then,
/// and progress; it may hand each account on (to a scan, as a pipeline does).</summary>
internal sealed class ListingHost : IamKeyHygiene.Engine.Hosting.IEngineHost
{
    private readonly Func<int> _pagesRead;
    private readonly Action<AccountTarget>? _handOn;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ProgressReport> _progress = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(AccountTarget, int)> _written = new();

    public ListingHost(Func<int> pagesRead, Action<AccountTarget>? handOn = null)
    {
        _pagesRead = pagesRead;
        _handOn = handOn;
    }

    public IReadOnlyList<(AccountTarget Target, int PagesReadBefore)> Written => _written.ToArray();
    public IReadOnlyList<ProgressReport> Reports => _progress.ToArray();

    public void WriteResult(object result)
    {
        var target = (AccountTarget)result;
        _written.Enqueue((target, _pagesRead()));
        _handOn?.Invoke(target);
    }

    public void WriteError(IamKeyHygiene.Engine.Errors.EngineException failure) => throw failure;
    public bool ShouldProcess(string target, string action) => false;
    public void Progress(string activity, string status, int percentComplete) => _progress.Enqueue(new ProgressReport(activity, status, percentComplete));
    public void Verbose(string message) { }
    public void Debug(string message) { }
    public void Warning(string message) { }
    public void Information(object data, string[] tags) { }
}
