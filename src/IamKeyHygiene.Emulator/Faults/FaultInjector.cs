namespace IamKeyHygiene.Emulator.Faults;

/// <summary>
/// Decides injected faults from one seeded generator, under a lock, in request arrival order: the same seed
/// and the same request sequence give the same faults. Counts every injected fault by kind and operation.
/// </summary>
public sealed class FaultInjector
{
    private readonly object gate = new();
    private readonly Dictionary<string, Dictionary<string, int>> counts = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> waiting = new();
    private FaultConfig config = new();
    private Random random = new(0);
    private int failPageHits;
    private int holdMatches;

    public FaultConfig Current
    {
        get
        {
            lock (gate)
            {
                return config;
            }
        }
    }

    public void Set(FaultConfig newConfig)
    {
        foreach (var rule in newConfig.Rules)
        {
            foreach (var p in new[] { rule.ThrottleProbability, rule.ServerErrorProbability, rule.ResetBeforeProbability, rule.ResetAfterProbability, rule.LimitExceededProbability })
            {
                if (p is < 0 or > 1 || double.IsNaN(p))
                {
                    throw new ArgumentException("fault probabilities must be between 0 and 1.");
                }
            }
        }

        newConfig.DenyActions.ForEach(denial => denial.Validate());
        newConfig.ShortPages.ForEach(shape => shape.Validate());
        newConfig.Hold?.Validate();
        if (newConfig.Latency is { } latency && (latency.FixedMs < 0 || latency.JitterMs < 0))
        {
            throw new ArgumentException("latency must not be negative.");
        }

        lock (gate)
        {
            config = newConfig;
            random = new Random(newConfig.Seed);
            failPageHits = 0;
            holdMatches = 0;
            counts.Clear();
        }
    }

    /// <summary>Removes every fault, clears the counts and releases held requests.</summary>
    public void Clear()
    {
        Set(new FaultConfig());
        Release();
    }

    /// <summary>Draws this request's faults. Draw count depends only on the configuration, keeping the sequence aligned.</summary>
    public FaultDecision Decide(string service, string operation)
    {
        lock (gate)
        {
            var opKey = service + ":" + operation;
            var delay = 0;
            if (config.Latency is { } latency)
            {
                delay = latency.FixedMs + (latency.JitterMs > 0 ? random.Next(0, latency.JitterMs + 1) : 0);
                if (delay > 0)
                {
                    CountLocked("latency", opKey);
                }
            }

            var holdFault = config.Hold is { } candidate && (candidate.Operation == operation || candidate.Operation == opKey) && holdMatches++ >= candidate.Skip ? candidate : null;
            if (holdFault is not null)
            {
                CountLocked("hold", opKey);
            }

            var holdAfter = holdFault?.Phase == HoldFault.AfterCommit;

            var kind = FaultKind.None;
            var rule = config.Rules.FirstOrDefault(r => r.Matches(service, operation));
            if (rule is not null)
            {
                var resetBefore = Draw(rule.ResetBeforeProbability);
                var throttle = Draw(rule.ThrottleProbability);
                var serverError = Draw(rule.ServerErrorProbability);
                var resetAfter = Draw(rule.ResetAfterProbability);
                var limitExceeded = Draw(rule.LimitExceededProbability);
                kind = resetBefore ? FaultKind.ResetBefore : throttle ? FaultKind.Throttle : serverError ? FaultKind.ServerError
                    : resetAfter ? FaultKind.ResetAfter : limitExceeded ? FaultKind.LimitExceeded : FaultKind.None;
            }

            if (kind != FaultKind.None)
            {
                CountLocked(KindName(kind), opKey);
            }

            return new FaultDecision(delay, kind, holdFault is not null && !holdAfter, holdAfter);
        }
    }

    private bool Draw(double probability) => probability > 0 && random.NextDouble() < probability;

    public static string KindName(FaultKind kind) => kind switch
    {
        FaultKind.ResetBefore => "resetBefore",
        FaultKind.Throttle => "throttle",
        FaultKind.ServerError => "serverError",
        FaultKind.ResetAfter => "resetAfter",
        FaultKind.LimitExceeded => "limitExceeded",
        _ => "none",
    };

    public bool FailsPage(string service, string operation, int pageNumber)
    {
        lock (gate)
        {
            if (config.FailPage is not { } failPage || pageNumber != failPage.PageNumber || (failPage.Operation != operation && failPage.Operation != service + ":" + operation))
            {
                return false;
            }

            if (failPage.Times is int times && failPageHits >= times)
            {
                return false;
            }

            failPageHits++;
            CountLocked("failPage", service + ":" + operation);
            return true;
        }
    }

    public bool DeniesAssumeRoleInto(string accountId)
    {
        lock (gate)
        {
            if (!config.DenyAssumeRoleInto.Contains(accountId))
            {
                return false;
            }

            CountLocked("accessDenied", "sts:AssumeRole");
            return true;
        }
    }

    /// <summary>Whether a denyActions entry refuses this signed IAM call (counted as accessDenied).</summary>
    public bool Denies(Protocol.AwsCall call)
    {
        lock (gate)
        {
            if (call.Service is not ("iam" or "s3" or "sns" or "ssm") || !config.DenyActions.Any(denial => denial.Matches(call)))
            {
                return false;
            }

            CountLocked("accessDenied", call.OperationKey);
            return true;
        }
    }

    /// <summary>The shortPages entry for an operation, or null (counted as shortPages when there is one).</summary>
    public PageShape? PageShapeFor(string service, string operation)
    {
        lock (gate)
        {
            var shape = config.ShortPages.FirstOrDefault(s => s.Matches(service, operation));
            if (shape is not null)
            {
                CountLocked("shortPages", service + ":" + operation);
            }

            return shape;
        }
    }

    /// <summary>Waits until <see cref="Release"/> (or the client goes away).</summary>
    public async Task WaitForReleaseAsync(CancellationToken aborted)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiting.Add(released);
        }

        try
        {
            await released.Task.WaitAsync(aborted).ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
            {
                waiting.Remove(released);
            }
        }
    }

    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Lets every held request go on and ends the hold (later requests pass).</summary>
    public int Release()
    {
        List<TaskCompletionSource> released;
        lock (gate)
        {
            released = new List<TaskCompletionSource>(waiting);
            waiting.Clear();
            config.Hold = null;
        }

        foreach (var request in released)
        {
            request.TrySetResult();
        }

        return released.Count;
    }

    private void CountLocked(string kind, string opKey)
    {
        if (!counts.TryGetValue(kind, out var byOperation))
        {
            counts[kind] = byOperation = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        byOperation[opKey] = byOperation.GetValueOrDefault(opKey) + 1;
    }

    public Dictionary<string, Dictionary<string, int>> Counts()
    {
        lock (gate)
        {
            return counts.ToDictionary(k => k.Key, k => new Dictionary<string, int>(k.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        }
    }
}
