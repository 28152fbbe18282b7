namespace IamKeyHygiene.Emulator.Faults;

/// <summary>The body of POST /_emulator/faults (camelCase JSON). Every field is optional.</summary>
public sealed class FaultConfig
{
    public int Seed { get; set; }

    public LatencyFault? Latency { get; set; }

    public List<FaultRule> Rules { get; set; } = new();

    public List<string> DenyAssumeRoleInto { get; set; } = new();

    public FailPageFault? FailPage { get; set; }

    public HoldFault? Hold { get; set; }

    /// <summary>IAM actions refused to an account or a role in it (Faults/ActionDenials.cs).</summary>
    public List<ActionDenial> DenyActions { get; set; } = new();

    /// <summary>List operations whose pages come short or empty, with a token (Faults/PageShapes.cs).</summary>
    public List<PageShape> ShortPages { get; set; } = new();
}

public sealed class LatencyFault
{
    public int FixedMs { get; set; }

    public int JitterMs { get; set; }
}

/// <summary>Probabilities (0..1) for requests matching service and/or operation; the first matching rule applies.</summary>
public sealed class FaultRule
{
    public string? Service { get; set; }

    /// <summary>"ListUsers" or "iam:ListUsers".</summary>
    public string? Operation { get; set; }

    public double ThrottleProbability { get; set; }

    public double ServerErrorProbability { get; set; }

    public double ResetBeforeProbability { get; set; }

    public double ResetAfterProbability { get; set; }

    /// <summary>IAM's LimitExceeded (409), as AWS has answered GenerateCredentialReport when it would not make a
    /// report ("not now"); drawn after the others, so rules without it keep their sequence.</summary>
    public double LimitExceededProbability { get; set; }

    public bool Matches(string service, string operation)
    {
        if (Service is not null && !string.Equals(Service, service, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Operation is null || Operation == operation || Operation == service + ":" + operation;
    }
}

/// <summary>Page <see cref="PageNumber"/> (1 = the first request, without a token) of an operation fails with a 5xx.</summary>
public sealed class FailPageFault
{
    public string Operation { get; set; } = string.Empty;

    public int PageNumber { get; set; } = 1;

    /// <summary>How many times it fails before succeeding; null = every time.</summary>
    public int? Times { get; set; }
}

public sealed class HoldFault
{
    public const string BeforeCommit = "beforeCommit";
    public const string AfterCommit = "afterCommit";

    public string Operation { get; set; } = string.Empty;

    /// <summary>beforeCommit (default): the request waits before the operation runs; afterCommit: the operation
    /// runs (its change is made), then the answer waits, so a client killed meanwhile never hears of the change.</summary>
    public string Phase { get; set; } = BeforeCommit;

    /// <summary>The first Skip requests of the operation pass unheld (the second TagUser of a rotation is Skip 1).</summary>
    public int Skip { get; set; }

    public void Validate()
    {
        if (Skip < 0)
        {
            throw new ArgumentException("hold.skip must not be negative.");
        }

        if (Phase is not (BeforeCommit or AfterCommit))
        {
            throw new ArgumentException($"hold.phase must be {BeforeCommit} or {AfterCommit}.");
        }
    }
}

public enum FaultKind
{
    None,
    ResetBefore,
    Throttle,
    ServerError,
    ResetAfter,
    LimitExceeded,
}

/// <summary>One request's faults; <see cref="Hold"/> and <see cref="HoldAfterCommit"/> wait before or after the operation runs.</summary>
public sealed record FaultDecision(int DelayMs, FaultKind Kind, bool Hold, bool HoldAfterCommit = false);
