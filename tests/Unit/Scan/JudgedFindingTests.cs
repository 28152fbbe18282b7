using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>Every finding of a scan is the judge's verdict, root keys included: the scan reads, the judge decides,
/// the finding carries it. Run on an in-memory account (no HTTP).</summary>
public sealed class JudgedFindingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(KeySource.CredentialReport)]
    [InlineData(KeySource.Live)]
    public async Task A_root_keys_RootAccessKey_finding_is_the_judges_verdict(KeySource source)
    {
        var created = Now - TimeSpan.FromDays(90) + TimeSpan.FromSeconds(1); // one second short of 90 whole days
        var account = new InMemoryAccount("123456789012", Now - TimeSpan.FromHours(1))
            .WithRootKey(new MemoryKey("", true, created, null))
            .WithUser("alice", new MemoryKey("AKIAALICE00000000001", true, Now - TimeSpan.FromDays(3), Now - TimeSpan.FromHours(2)));
        var policy = HygienePolicy.Default();

        var root = Assert.Single(await account.ScanAsync(policy, new ScanSettings { Source = source }, Now));

        var verdict = new KeyJudge(policy).Judge(new KeyObservation
        {
            AccountId = "123456789012", UserName = "<root_account>", IsRootKey = true, Status = KeyStatus.Active, CreateDate = created,
        }, Now);
        Assert.Equal(KeyStage.RootAccessKey, verdict.Stage);
        Assert.Equal(verdict.Stage.ToString(), root.Stage);
        Assert.Equal(verdict.Reasons.Select(r => r.ToString()), root.Reasons);
        Assert.Equal(new[] { "NeverUsed" }, root.Reasons);
        Assert.Equal(verdict.AgeDays, root.AgeDays);
        Assert.Equal(89, root.AgeDays);
        Assert.Equal(verdict.DaysSinceLastUse, root.DaysSinceLastUse);
        Assert.Equal(verdict.Urgency, root.Urgency);
        Assert.Null(root.NextStage);
        Assert.Null(root.Owner);
        Assert.Equal(Now, root.EvaluatedAt);
        Assert.Equal("", root.AccessKeyId);
        Assert.Equal("CredentialReport", root.Source);
        Assert.Equal("access key 1 of the root user; " + string.Join("; ", verdict.Notes), root.Notes);
    }

    [Fact]
    public async Task One_key_whose_last_use_cannot_be_read_makes_every_key_of_its_user_a_ReadError()
    {
        var account = new InMemoryAccount("123456789012", Now)
            .WithUser("bob",
                new MemoryKey("AKIABOB0000000000001", true, Now - TimeSpan.FromDays(200), Now - TimeSpan.FromDays(1)),
                new MemoryKey("AKIABOB0000000000002", true, Now - TimeSpan.FromDays(5), Now - TimeSpan.FromDays(1)));
        account.LastUseUnreadable.Add("AKIABOB0000000000002");

        var findings = await account.ScanAsync(HygienePolicy.Default(), new ScanSettings { Source = KeySource.Live }, Now);

        Assert.Equal(new[] { "ReadError", "ReadError" }, findings.Select(f => f.Stage));
        Assert.Contains("another key of this user could not be read", findings.Single(f => f.AccessKeyId.EndsWith("1")).Notes);
        Assert.Null(findings.Single(f => f.AccessKeyId.EndsWith("2")).DaysSinceLastUse);
        Assert.All(findings, f => Assert.Equal(KeyStages.Urgency(KeyStage.ReadError), f.Urgency));
    }

    [Fact]
    public async Task Findings_sorted_by_Urgency_put_the_root_key_and_the_key_to_disable_before_a_warning()
    {
        var account = new InMemoryAccount("123456789012", Now)
            .WithRootKey(new MemoryKey("", true, Now - TimeSpan.FromDays(10), Now - TimeSpan.FromDays(1)))
            .WithUser("warned", new MemoryKey("AKIAWARNED0000000001", true, Now - TimeSpan.FromDays(85), Now - TimeSpan.FromDays(1)))
            .WithUser("disabled", new MemoryKey("AKIADISABLED00000001", true, Now - TimeSpan.FromDays(95), Now - TimeSpan.FromDays(1)))
            .WithUser("healthy", new MemoryKey("AKIAHEALTHY000000001", true, Now - TimeSpan.FromDays(5), Now - TimeSpan.FromDays(1)));

        var findings = await account.ScanAsync(HygienePolicy.Default(), new ScanSettings { IncludeHealthy = true }, Now);

        Assert.Equal(new[] { "RootAccessKey", "Disable", "Warn", "Healthy" }, findings.OrderByDescending(f => f.Urgency).Select(f => f.Stage));
    }
}
