using System;

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
        }
    }
}
