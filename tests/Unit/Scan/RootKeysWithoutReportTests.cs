using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Engine.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>
/// A refused credential report never hides the root user's access key: an account read without a report checks root
/// keys through IAM GetAccountSummary (AccountAccessKeysPresent); only when that is refused too does the account
/// yield one ReadError finding for &lt;root_account&gt;, and its other findings stand.
/// </summary>
public sealed class RootKeysWithoutReportTests
{
    private const string Member = "222222222201";

    private static FaultConfig Deny(params string[] actions)
    {
        var faults = new FaultConfig();
        faults.DenyActions.AddRange(actions.Select(action => new ActionDenial { Action = action, AccountId = Member, RoleName = ScanTestKit.RoleName }));
        return faults;
    }

    /// <summary>The mixed account, its root user holding an access key used 10 days ago.</summary>
    private static AccountSpec MixedWithRootKey()
    {
        var account = Mixed(Member, "member");
        account.RootAccessKeys.Add(Key(300, 10));
        return account;
    }

    [Theory]
    [InlineData(KeySource.Auto)]
    [InlineData(KeySource.Live)]
    public async Task A_refused_report_still_finds_the_root_key_through_the_account_summary(KeySource source)
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(MixedWithRootKey()));
        var targets = await kit.AccountsAsync(new() { AccountIds = new[] { Member } });
        var at = DateTimeOffset.UtcNow;
        var calm = await kit.ScanAsync(targets, new ScanSettings { Source = source }, at);
        kit.SetFaults(Deny("iam:GenerateCredentialReport"));

        var refused = await kit.ScanAsync(targets, new ScanSettings { Source = source }, at);

        Assert.Empty(refused.Failures);
        var root = Assert.Single(refused.Findings, f => f.UserName == "<root_account>");
        Assert.Equal(("RootAccessKey", "AccountSummary", "", ""), (root.Stage, root.Source, root.AccessKeyId, root.Status));
        Assert.Equal($"arn:aws:iam::{Member}:root", root.UserArn);
        Assert.Empty(root.Reasons); // presence only: nothing known of its use
        Assert.Null(root.CreateDate);
        Assert.Null(root.LastUsedDate);
        Assert.Null(root.AgeDays);
        Assert.Contains("presence only", root.Notes, StringComparison.Ordinal);
        Assert.Equal(calm.Verdicts().Where(v => !v.Contains("<root_account>")), refused.Verdicts().Where(v => !v.Contains("<root_account>")));
        Assert.All(refused.Findings.Where(f => f != root), f => Assert.Equal("Live", f.Source));
        // Auto warns; Live, which asks for the report only for root keys' dates, says it in a Verbose line.
        var lines = source == KeySource.Live ? kit.Log.VerboseLines : kit.Log.WarningLines;
        var warning = Assert.Single(lines, l => l.Contains(Member, StringComparison.Ordinal) && l.Contains("Root access keys checked", StringComparison.Ordinal));
        if (source == KeySource.Live)
        {
            Assert.DoesNotContain(kit.Log.WarningLines, l => l.Contains(Member, StringComparison.Ordinal) && l.Contains("credential report", StringComparison.Ordinal));
        }

        Assert.Contains("AccessDenied", warning, StringComparison.Ordinal);
        Assert.Contains("Root access keys checked through the account summary", warning, StringComparison.Ordinal);
        Assert.Equal(1, kit.Host.CallsIn(Member).GetValueOrDefault("iam:GetAccountSummary"));
    }

    [Fact]
    public async Task With_neither_the_report_nor_the_summary_one_ReadError_finding_says_root_keys_went_unchecked()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(MixedWithRootKey()));
        var targets = await kit.AccountsAsync(new() { AccountIds = new[] { Member } });
        var at = DateTimeOffset.UtcNow;
        var calm = await kit.ScanAsync(targets, new ScanSettings(), at);
        kit.SetFaults(Deny("iam:GenerateCredentialReport", "iam:GetAccountSummary"));

        var refused = await kit.ScanAsync(targets, new ScanSettings(), at);

        Assert.Empty(refused.Failures);
        var root = Assert.Single(refused.Findings, f => f.UserName == "<root_account>");
        Assert.Equal(("ReadError", "", ""), (root.Stage, root.AccessKeyId, root.Status));
        Assert.Contains("root access keys not checked", root.Notes, StringComparison.Ordinal);
        Assert.Contains("is not authorized to perform: iam:GenerateCredentialReport", root.Notes, StringComparison.Ordinal);
        Assert.Contains("GetAccountSummary failed too (AccessDenied: ", root.Notes, StringComparison.Ordinal);
        Assert.Null(root.Owner);
        Assert.Equal(calm.Verdicts().Where(v => !v.Contains("<root_account>")), refused.Verdicts().Where(v => !v.Contains("<root_account>")));
        Assert.Contains(kit.Log.WarningLines, l => l.Contains(Member, StringComparison.Ordinal) && l.Contains("Root access keys not checked", StringComparison.Ordinal));
        Assert.Contains(Member, refused.Completed);
    }

    [Fact]
    public async Task A_summary_without_a_root_key_gives_no_root_finding_and_says_root_keys_were_checked()
    {
        await using var kit = await ScanTestKit.StartAsync(Organization(Mixed(Member, "member")));
        var targets = await kit.AccountsAsync(new() { AccountIds = new[] { Member } });
        kit.SetFaults(Deny("iam:GenerateCredentialReport"));

        var refused = await kit.ScanAsync(targets, new ScanSettings { IncludeHealthy = true }, DateTimeOffset.UtcNow);

        Assert.Empty(refused.Failures);
        Assert.DoesNotContain(refused.Findings, f => f.UserName == "<root_account>");
        Assert.Contains(kit.Log.WarningLines, l => l.Contains(Member, StringComparison.Ordinal) && l.Contains("Root access keys checked through the account summary", StringComparison.Ordinal));
    }
}
