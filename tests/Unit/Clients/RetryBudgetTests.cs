using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.AwsProtocol.Retry;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>The retry policy's per-operation budgets, checked on its decisions (no wall time): a credential report
/// refused or throttled on every try costs at most 30 s, where the attempts alone allowed about 90.</summary>
public sealed class RetryBudgetTests
{
    private static readonly TimeSpan Attempt = TimeSpan.FromMilliseconds(40);

    [Theory]
    [InlineData("GenerateCredentialReport", AwsErrorKind.Throttling)]
    [InlineData("GenerateCredentialReport", AwsErrorKind.Transient)] // LimitExceeded, as AWS has refused reports
    [InlineData("GetCredentialReport", AwsErrorKind.Throttling)]
    public void A_report_refused_on_every_try_costs_at_most_its_budget_even_at_the_longest_waits(string operation, AwsErrorKind kind)
    {
        var policy = Policy();

        var (elapsed, attempts) = RefusedForever(policy, operation, kind);

        Assert.Equal(TimeSpan.FromSeconds(30), RetryOptions.Default.Budgets[operation]);
        Assert.True(elapsed <= TimeSpan.FromSeconds(30), $"{attempts} attempts took {elapsed}");
        Assert.True(attempts > 1, "a refusal is still retried");
    }

    [Fact]
    public void Without_a_budget_throttling_is_retried_for_all_its_attempts_past_thirty_seconds()
    {
        var policy = Policy();

        var (elapsed, attempts) = RefusedForever(policy, "ListUsers", AwsErrorKind.Throttling);

        Assert.Equal(RetryOptions.Default.MaxThrottlingAttempts, attempts);
        Assert.True(elapsed > TimeSpan.FromSeconds(90), $"{elapsed}");
    }

    [Fact]
    public void A_budget_counts_the_attempts_too()
    {
        var policy = Policy();

        // Ten seconds already spent in two attempts of 5 s, none waiting: the next wait (up to 0.5 s) and another 5 s
        // attempt would end past a 12 s budget.
        var options = RetryOptions.Default;
        options.Budgets["Slow"] = TimeSpan.FromSeconds(12);
        var tight = new AwsRetryPolicy(options, Array.Empty<string>(), _ => "Slow", Engine.NullEngineLog.Instance);

        Assert.False(tight.ShouldRetry("Slow", AwsErrorKind.Throttling, 1, TimeSpan.FromSeconds(10), TimeSpan.Zero));
        Assert.True(tight.ShouldRetry("Slow", AwsErrorKind.Throttling, 1, TimeSpan.FromSeconds(6), TimeSpan.Zero));
        Assert.True(policy.ShouldRetry("ListUsers", AwsErrorKind.Throttling, 1, TimeSpan.FromSeconds(10), TimeSpan.Zero));
    }

    private static AwsRetryPolicy Policy() => new(RetryOptions.Default, Array.Empty<string>(), _ => "unused", Engine.NullEngineLog.Instance);

    /// <summary>A call that fails every time after <see cref="Attempt"/>, each retry waiting the longest it may.</summary>
    private static (TimeSpan Elapsed, int Attempts) RefusedForever(AwsRetryPolicy policy, string operation, AwsErrorKind kind)
    {
        var elapsed = Attempt;
        var waited = TimeSpan.Zero;
        var retries = 0;
        while (policy.ShouldRetry(operation, kind, retries, elapsed, waited))
        {
            var wait = policy.DelayCeiling(retries);
            waited += wait;
            elapsed += wait + Attempt;
            retries++;
        }

        return (elapsed, retries + 1);
    }
}
