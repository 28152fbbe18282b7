using System.Diagnostics;
using IamKeyHygiene.Engine.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Scan.Scenarios;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>How a scan's report fetcher polls GenerateCredentialReport, accounts one after another on the emulator:
/// it skips the early look once reports were not ready by then three times in a row, and comes back to it when a
/// probe finds a report ready early.</summary>
public sealed class ReportPollingTests
{
    private static readonly string[] Members = Enumerable.Range(1, 6).Select(i => $"22222222220{i}").ToArray();

    [Fact]
    public async Task The_early_look_is_skipped_after_three_misses_and_comes_back_when_a_probe_finds_the_report_ready()
    {
        await using var kit = await ScanTestKit.StartAsync(
            Organization(Members.Select(id => Account(id, $"member-{id[^1]}", User("someone", Key(5, 1)))).ToArray()),
            reportGenerationTime: TimeSpan.FromSeconds(0.4));
        var targets = (await kit.AccountsAsync()).Where(t => Members.Contains(t.Account.AccountId)).OrderBy(t => t.Account.AccountId).ToList();
        var fetcher = new ReportFetcher(TimeSpan.FromMilliseconds(100), earlyLookEvery: 5);
        kit.Runtime.Calls.Clear();

        var seconds = new List<double>();
        foreach (var target in targets)
        {
            if (target.Account.AccountId == Members[4])
            {
                kit.Runtime.World.State.Settings.CredentialReportGenerationTime = TimeSpan.FromMilliseconds(20); // reports got quick
            }

            var watch = Stopwatch.StartNew();
            await fetcher.GenerateAsync(new SessionIam(target.Session), ScanSlot.Unlimited(), CancellationToken.None);
            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        var generations = Members.Select(id => kit.Host.CallsIn(id)["iam:GenerateCredentialReport"]).ToArray();
        // 1-3: start, early look at 0.1 s (not ready), look at 1.6 s. 4: start, look at 1.6 s (early look skipped).
        // 5 (the probe, one in five): start, early look (ready). 6: the early look is back.
        Assert.Equal(new[] { 3, 3, 3, 2, 2, 2 }, generations);
        Assert.All(seconds.Take(4), s => Assert.True(s >= 1.5, $"waited for the second look: {string.Join(", ", seconds)}"));
        Assert.All(seconds.Skip(4), s => Assert.True(s < 1.5, $"the early look found it: {string.Join(", ", seconds)}"));
    }
}
