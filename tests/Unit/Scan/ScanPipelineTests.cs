using System.Collections.Concurrent;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Scan;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>
/// The scan's two pools, seen through in-memory accounts whose calls can be held: reports are generated ahead of the
/// reads (a prepare pool of four times the throttle limit, a place per call), read as they complete, and after three
/// accounts in a row are refused a report the rest are read live without asking.
/// </summary>
public sealed class ScanPipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reports_of_later_accounts_are_generated_while_the_first_accounts_are_still_being_read()
    {
        const int limit = 2;
        var calls = new CallLog();
        var readsHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accounts = Accounts(6, calls, onGet: _ => readsHeld.Task);
        using var scan = Start(accounts, limit, new TestHost());

        // Accounts 1 and 2 hold both read places, blocked in GetCredentialReport; account 1+limit and every later one
        // still have their reports generated.
        await calls.WaitUntil(() => accounts.All(a => calls.Count(a.Id, "Generate") > 0));
        await calls.WaitUntil(() => calls.InFlight("Get") == limit);
        await Task.Delay(200); // room for a third read to start, were the read pool not bounded
        Assert.Equal(limit, calls.InFlight("Get"));
        Assert.False(scan.Completion.IsCompleted);

        readsHeld.SetResult();
        await scan.Completion.WaitAsync(Patience);
        Assert.All(accounts, a => Assert.Equal(1, calls.Count(a.Id, "Get")));
    }

    [Fact]
    public async Task The_prepare_pool_holds_at_most_four_times_the_throttle_limit_calls()
    {
        const int limit = 1;
        var calls = new CallLog();
        var generationsHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accounts = Accounts(12, calls, onGenerate: _ => generationsHeld.Task);
        using var scan = Start(accounts, limit, new TestHost());

        await calls.WaitUntil(() => calls.InFlight("Generate") == OrganizationScan.PreparersPerReader * limit);
        await Task.Delay(200); // room for a fifth call to get in, were the pool not bounded
        Assert.Equal(OrganizationScan.PreparersPerReader * limit, calls.InFlight("Generate"));

        generationsHeld.SetResult();
        await scan.Completion.WaitAsync(Patience);
        Assert.Equal(OrganizationScan.PreparersPerReader * limit, calls.MaxInFlight("Generate"));
        Assert.All(accounts, a => Assert.Equal(1, calls.Count(a.Id, "Get")));
    }

    [Theory]
    [InlineData("LimitExceeded", "Cannot exceed quota.", 409)]
    [InlineData("AccessDenied", "User: arn:aws:sts::100000000001:assumed-role/Audit/s is not authorized to perform: iam:GenerateCredentialReport", 403)]
    public async Task After_three_accounts_in_a_row_are_refused_the_rest_are_read_live_without_asking(string code, string message, int status)
    {
        var calls = new CallLog();
        var generations = 0;
        var accounts = Accounts(10, calls, onGenerate: ct => Interlocked.Increment(ref generations) <= ReportPreparation.RefusalsBeforeGoingLive
            ? throw new AwsServiceException("iam", "GenerateCredentialReport", code, message, null, status)
            : Task.Delay(Timeout.Infinite, ct)); // held until the scan gives up on reports
        var host = new TestHost();
        using var scan = Start(accounts, 1, host);

        await scan.Completion.WaitAsync(Patience);

        // The three refused, and the generations already under way then (these in-memory accounts take no pool place
        // per call, so under load all ten may have started): each given up at once, none read.
        Assert.InRange(calls.Count("Generate"), ReportPreparation.RefusalsBeforeGoingLive, accounts.Count);
        Assert.Equal(0, calls.Count("Get"));
        Assert.Equal(accounts.Select(a => a.Id).OrderBy(id => id), host.Results.Cast<KeyFinding>().Select(f => f.AccountId).OrderBy(id => id));
        Assert.All(host.Results.Cast<KeyFinding>(), f => Assert.Equal("Live", f.Source));
        Assert.Single(host.Log.WarningLines, line => line.Contains("refused for 3 accounts in a row", StringComparison.Ordinal));
        Assert.Equal(ReportPreparation.RefusalsBeforeGoingLive, host.Log.WarningLines.Count(line => line.Contains("could not be had", StringComparison.Ordinal)));
    }

    private static OrganizationScan Start(IReadOnlyList<RecordedAccount> accounts, int throttleLimit, TestHost host)
    {
        var byId = accounts.ToDictionary(a => a.Id);
        var scan = new ScanService(host).Start(HygienePolicy.Default(), new ScanSettings { ThrottleLimit = throttleLimit }, EngineClock.Fixed(Now), null,
            new ReportFetcher(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)), target => byId[target.Account.AccountId], CancellationToken.None);
        foreach (var account in accounts)
        {
            scan.Add(InMemoryAccount.Target(account.Memory.Account));
        }

        scan.CompleteAdding();
        return scan;
    }

    /// <summary>Accounts 100000000001…, each with one stale key (one finding).</summary>
    private static List<RecordedAccount> Accounts(int count, CallLog calls, Func<CancellationToken, Task>? onGenerate = null, Func<CancellationToken, Task>? onGet = null)
        => Enumerable.Range(1, count)
            .Select(i => new RecordedAccount(
                new InMemoryAccount($"1000000000{i:00}", Now - TimeSpan.FromHours(1))
                    .WithUser("stale", new MemoryKey($"AKIASTALE0000000{i:0000}", true, Now - TimeSpan.FromDays(95), Now - TimeSpan.FromDays(1))),
                calls, onGenerate, onGet))
            .ToList();

    /// <summary>An in-memory account whose report calls are recorded (and can be held).</summary>
    private sealed class RecordedAccount : IAccountIam
    {
        private readonly CallLog _calls;
        private readonly Func<CancellationToken, Task>? _onGenerate;
        private readonly Func<CancellationToken, Task>? _onGet;

        public RecordedAccount(InMemoryAccount memory, CallLog calls, Func<CancellationToken, Task>? onGenerate, Func<CancellationToken, Task>? onGet)
        {
            Memory = memory;
            _calls = calls;
            _onGenerate = onGenerate;
            _onGet = onGet;
        }

        public InMemoryAccount Memory { get; }
        public string Id => Memory.Account.AccountId;

        public Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken)
            => _calls.Record(Id, "Generate", async () =>
            {
                if (_onGenerate != null)
                {
                    await _onGenerate(cancellationToken);
                }

                return await Memory.GenerateCredentialReportAsync(cancellationToken);
            });

        public Task<RawCredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken)
            => _calls.Record(Id, "Get", async () =>
            {
                if (_onGet != null)
                {
                    await _onGet(cancellationToken);
                }

                return await Memory.GetCredentialReportAsync(cancellationToken);
            });

        public Task<IReadOnlyList<IamUserFacts>> ListUsersAsync(CancellationToken cancellationToken) => Memory.ListUsersAsync(cancellationToken);
        public Task<bool> RootHasAccessKeyAsync(CancellationToken cancellationToken) => Memory.RootHasAccessKeyAsync(cancellationToken);
        public Task<IReadOnlyList<AccessKeyFacts>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) => Memory.ListAccessKeysAsync(userName, cancellationToken);
        public Task<KeyLastUse> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken) => Memory.GetAccessKeyLastUsedAsync(accessKeyId, cancellationToken);
        public Task<IReadOnlyDictionary<string, string>> ListUserTagsAsync(string userName, CancellationToken cancellationToken) => Memory.ListUserTagsAsync(userName, cancellationToken);
    }

    /// <summary>Every report call made, per account and kind, and how many of a kind were in flight at once.</summary>
    private sealed class CallLog
    {
        private readonly ConcurrentQueue<(string Account, string Kind)> _made = new();
        private readonly ConcurrentDictionary<string, int> _inFlight = new();
        private readonly ConcurrentDictionary<string, int> _maxInFlight = new();

        public async Task<T> Record<T>(string account, string kind, Func<Task<T>> call)
        {
            _made.Enqueue((account, kind));
            var now = _inFlight.AddOrUpdate(kind, 1, (_, n) => n + 1);
            _maxInFlight.AddOrUpdate(kind, now, (_, max) => Math.Max(max, now));
            try
            {
                return await call();
            }
            finally
            {
                _inFlight.AddOrUpdate(kind, 0, (_, n) => n - 1);
            }
        }

        public int Count(string kind) => _made.Count(c => c.Kind == kind);
        public int Count(string account, string kind) => _made.Count(c => c.Account == account && c.Kind == kind);
        public int InFlight(string kind) => _inFlight.GetValueOrDefault(kind);
        public int MaxInFlight(string kind) => _maxInFlight.GetValueOrDefault(kind);

        /// <summary>Waits until <paramref name="condition"/> holds (the test fails if it never does).</summary>
        public async Task WaitUntil(Func<bool> condition)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(watch.Elapsed < Patience, "the condition never held");
                await Task.Delay(10);
            }
        }
    }
}
