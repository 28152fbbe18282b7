using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
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
    /// <summary>The engine's host for everything this kit runs; its log is <see cref="Log"/>.</summary>
    public TestHost Sink { get; } = new();
    public MemoryLog Log => Sink.Log;

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
        => new OrganizationService(Connection, Sink).ListAccountsAsync(selection ?? new AccountSelection(),
            roleName == null ? null : new RoleSessionOptions(roleName), CancellationToken.None);

    /// <summary>Scans the targets to the end (fast report polling), at a fixed instant, into a host of its own (its log lines in <see cref="Log"/> too).</summary>
    public Task<ScanOutcome> ScanAsync(IEnumerable<AccountTarget> targets, ScanSettings settings, DateTimeOffset at,
        HygienePolicy? policy = null, CancellationToken cancellationToken = default)
        => Collect(Start(targets, settings, at, policy, cancellationToken));

    /// <summary>Starts a scan and adds every target (fast report polling), at a fixed instant, into a host of its own (its log lines in <see cref="Log"/> too).</summary>
    public StartedScan Start(IEnumerable<AccountTarget> targets, ScanSettings settings, DateTimeOffset at,
        HygienePolicy? policy = null, CancellationToken cancellationToken = default)
    {
        var host = new TestHost(alsoTo: Log);
        var fetcher = new ReportFetcher(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2));
        var scan = new ScanService(host).Start(policy ?? HygienePolicy.Default(), settings, EngineClock.Fixed(at), null, fetcher,
            target => new SessionIam(target.Session), cancellationToken);
        foreach (var target in targets)
        {
            scan.Add(target);
        }

        scan.CompleteAdding();
        return new StartedScan(scan, host);
    }

    /// <summary>Waits until the scan completes (two minutes at most), disposes it and reads what its host got.</summary>
    public static async Task<ScanOutcome> Collect(StartedScan started)
    {
        using var owned = started.Scan;
        if (await Task.WhenAny(started.Scan.Completion, Task.Delay(TimeSpan.FromMinutes(2))) != started.Scan.Completion)
        {
            throw new TimeoutException("The scan did not complete in 2 minutes.");
        }

        return ScanOutcome.From(started.Host);
    }

    public void SetFaults(FaultConfig faults) => Runtime.Faults.Set(faults);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>A scan that runs, and the host it writes to.</summary>
internal sealed record StartedScan(OrganizationScan Scan, TestHost Host);

/// <summary>One account's failure as the host got it: the account (the error's target) and the error.</summary>
internal sealed record ScanFailure(string AccountId, EngineException Error)
{
    public string ErrorId => Error.ErrorId;
}

internal sealed class ScanOutcome
{
    public List<KeyFinding> Findings { get; } = new();
    public List<ScanFailure> Failures { get; } = new();
    public List<ScanFailure> Stopped { get; } = new();
    public List<string> Completed { get; } = new();

    /// <summary>Findings are the host's results; errors split by the catalogue's terminating flag; an account is
    /// completed when the scan logged it done.</summary>
    public static ScanOutcome From(TestHost host)
    {
        var outcome = new ScanOutcome();
        outcome.Findings.AddRange(host.Results.Cast<KeyFinding>());
        foreach (var error in host.Errors)
        {
            var failure = new ScanFailure((error as AccountAccessException)?.AccountId ?? error.Target ?? "", error);
            (error.Entry.Terminating ? outcome.Stopped : outcome.Failures).Add(failure);
        }

        outcome.Completed.AddRange(host.Log.DebugLines
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^Account (\d{12}) done:"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value));
        return outcome;
    }
    /// <summary>Everything a verdict consists of, in a stable order, for comparing two runs.</summary>
    public List<string> Verdicts() => Findings
        .Select(f => string.Join("|", f.AccountId, f.UserName, f.AccessKeyId, f.Status, f.AgeDays, f.DaysSinceLastUse, f.Stage,
            string.Join(",", f.Reasons), f.NextStage, f.NextStageDate?.ToString("O"), f.Owner?.Email, f.Owner?.SlackId,
            f.Exemption?.Reason, f.ExemptFromStage))
        .OrderBy(v => v, StringComparer.Ordinal)
        .ToList();
}
