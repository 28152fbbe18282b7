using System;
using System.Collections.Generic;

namespace IamKeyHygiene.AwsProtocol.Retry
{
    /// <summary>How hard the one retry policy tries: jittered exponential backoff from <see cref="BaseDelay"/>
    /// doubling up to <see cref="MaxDelay"/>; throttling gets more attempts than other transient failures.</summary>
    internal sealed class RetryOptions
    {
        /// <summary>Attempts in all (first try included) for a throttled call: at least 10, so a scan under
        /// sustained throttling still finishes.</summary>
        public int MaxThrottlingAttempts { get; set; } = 13;

        /// <summary>Attempts in all for 5xx answers and connection failures.</summary>
        public int MaxTransientAttempts { get; set; } = 6;

        /// <summary>The first backoff ceiling; tests shrink it so a throttling test takes milliseconds.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>No single wait is longer than this.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>
        /// The most time one call of these operations may take, its retries and waits included: a retry is not made
        /// when its longest possible wait and another attempt (as long as the attempts so far on average) would end
        /// past it. GenerateCredentialReport and GetCredentialReport: 30 s, so an account whose report AWS refuses
        /// (LimitExceeded) or throttles on every try is read live after at most that, not after every attempt's
        /// backoff (about 90 s). Operations not named here are bound by the attempts alone.
        /// </summary>
        public IDictionary<string, TimeSpan> Budgets { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
        {
            ["GenerateCredentialReport"] = TimeSpan.FromSeconds(30),
            ["GetCredentialReport"] = TimeSpan.FromSeconds(30),
        };

        public static RetryOptions Default => new RetryOptions();

        internal void Validate()
        {
            if (MaxThrottlingAttempts < 1 || MaxTransientAttempts < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxThrottlingAttempts), "Attempts must be at least 1.");
            }

            if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
            {
                throw new ArgumentOutOfRangeException(nameof(BaseDelay), "Delays must be non-negative and BaseDelay <= MaxDelay.");
            }

            foreach (var budget in Budgets)
            {
                if (budget.Value <= TimeSpan.Zero)
                {
                    throw new ArgumentOutOfRangeException(nameof(Budgets), $"The budget of {budget.Key} must be positive.");
                }
            }
        }
    }
}
