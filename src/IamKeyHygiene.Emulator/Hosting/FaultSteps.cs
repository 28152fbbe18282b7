using IamKeyHygiene.Emulator.Faults;
using IamKeyHygiene.Emulator.Protocol;

namespace IamKeyHygiene.Emulator.Hosting;

/// <summary>
/// A fault decision carried out around one operation, the same for every wire protocol: hold and delay, then a reset
/// or a refusal, before the operation; the after-commit hold and reset after it. Only the refusal's shape differs by
/// protocol, so the caller gives it.
/// </summary>
internal static class FaultSteps
{
    /// <summary>Before the operation. True when the connection was dropped (the caller answers nothing); throws the
    /// refusal <paramref name="refusal"/> gives for a throttle, server error or LimitExceeded.</summary>
    public static async Task<bool> BeforeAsync(EmulatorRuntime runtime, FaultDecision decision, HttpContext context,
        Func<FaultKind, AwsErrorException?> refusal)
    {
        if (decision.Hold)
        {
            await runtime.Faults.WaitForReleaseAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var delay = decision.DelayMs + runtime.Options.LatencyMs;
        if (delay > 0)
        {
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        }

        if (decision.Kind == FaultKind.ResetBefore)
        {
            context.Abort();
            return true;
        }

        if (refusal(decision.Kind) is { } error)
        {
            throw error;
        }

        return false;
    }

    /// <summary>After the operation committed: the after-commit hold, then a reset. True when the connection was dropped.</summary>
    public static async Task<bool> AfterAsync(EmulatorRuntime runtime, FaultDecision decision, HttpContext context)
    {
        if (decision.HoldAfterCommit)
        {
            await runtime.Faults.WaitForReleaseAsync(context.RequestAborted).ConfigureAwait(false);
        }

        if (decision.Kind == FaultKind.ResetAfter)
        {
            context.Abort();
            return true;
        }

        return false;
    }
}
