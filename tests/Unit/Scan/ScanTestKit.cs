using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>Runs the real engine against an in-process emulator: connection, organization, scan, outcome.</summary>
internal sealed class ScanTestKit : IAsyncDisposable
{
    public const string ManagementAccount = "111111111111";
    public const string RoleName = "KeyHygieneAudit";

    private ScanTestKit(EmulatorHost host, AwsConnection connection)
    {
        Host = host;
        Connection = connection;
    }

    public EmulatorHost Host { get; }
    public AwsConnection Connection { get; }
    public EmulatorRuntime Runtime => Host.Runtime;
    public MemoryLog Log { get; } = new();

    public static async Task<ScanTestKit> StartAsync(ScenarioDocument scenario, TimeSpan? reportGenerationTime = null)
    {
        var host = await EmulatorTestKit.StartAsync(scenario, reportGenerationTime);
        var connection = AwsConnection.Resolve(new AwsConnectionOptions
        {
            AccessKey = host.AccessKeyId,
            SecretKey = host.SecretAccessKey,
            Region = "us-east-1",
            EndpointUrl = host.Url,
            Environment = new Dictionary<string, string>(),
        }, NullEngineLog.Instance);
        return new ScanTestKit(host, connection);
    }

    public Task<IReadOnlyList<AccountTarget>> AccountsAsync(AccountSelection? selection = null, string? roleName = RoleName)
        => OrganizationAccounts.ListAsync(Connection, selection ?? new AccountSelection(),
            roleName == null ? null : new RoleSessionOptions(roleName), Log, CancellationToken.None);

    /// <summary>Scans the targets to the end (fast report polling), at a fixed instant.</summary>
    public Task<ScanOutcome> ScanAsync(IEnumerable<AccountTarget> targets, ScanSettings settings, DateTimeOffset at,
        HygienePolicy? policy = null, CancellationToken cancellationToken = default)
        => Collect(Start(targets, settings, at, policy, cancellationToken));

    /// <summary>Starts a scan and adds every target (fast report polling), at a fixed instant.</summary>
    public OrganizationScan Start(IEnumerable<AccountTarget> targets, ScanSettings settings, DateTimeOffset at,
        HygienePolicy? policy = null, CancellationToken cancellationToken = default)
    {
        var fetcher = new ReportFetcher(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2));
        var scan = StaleKeyScan.Start(policy ?? HygienePolicy.Default(), settings, EngineClock.Fixed(at), null, fetcher, Log, cancellationToken);
        foreach (var target in targets)
        {
            scan.Add(target);
        }

        scan.CompleteAdding();
        return scan;
    }

    /// <summary>Takes every event until the scan completes (two minutes at most), then disposes it.</summary>
    public static async Task<ScanOutcome> Collect(OrganizationScan scan)
    {
        using var owned = scan;
        await Task.Yield();
        var outcome = new ScanOutcome();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!scan.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The scan did not complete in 2 minutes.");
            }

            scan.EventAvailable.WaitOne(100);
            while (scan.TryTake(out var item))
            {
                outcome.Add(item!);
            }
        }

        while (scan.TryTake(out var rest))
        {
            outcome.Add(rest!);
        }

        return outcome;
    }

    public void SetFaults(FaultConfig faults) => Runtime.Faults.Set(faults);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

internal sealed class ScanOutcome
{
    public List<KeyFinding> Findings { get; } = new();
    public List<ScanEvent> Failures { get; } = new();
    public List<string> Completed { get; } = new();

    public void Add(ScanEvent item)
    {
        switch (item.Kind)
        {
            case ScanEventKind.Finding: Findings.Add(item.Finding!); break;
            case ScanEventKind.AccountFailed: Failures.Add(item); break;
            default: Completed.Add(item.AccountId); break;
        }
    }

    /// <summary>Everything a verdict consists of, in a stable order, for comparing two runs.</summary>
    public List<string> Verdicts() => Findings
        .Select(f => string.Join("|", f.AccountId, f.UserName, f.AccessKeyId, f.Status, f.AgeDays, f.DaysSinceLastUse, f.Stage,
            string.Join(",", f.Reasons), f.NextStage, f.NextStageDate?.ToString("O"), f.Owner?.Email, f.Owner?.SlackId,
            f.Exemption?.Reason, f.ExemptFromStage))
        .OrderBy(v => v, StringComparer.Ordinal)
        .ToList();
}
