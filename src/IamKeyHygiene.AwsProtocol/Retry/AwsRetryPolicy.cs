using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Errors;

namespace IamKeyHygiene.AwsProtocol.Retry
{
    /// <summary>
    /// The one retry policy every client uses, plugged into the SDK's RetryHandler in place of its standard
    /// policy. Unlike the SDK's, it keeps no retry quota or token bucket, so a long scan under sustained
    /// throttling never starves. It retries what <see cref="AwsErrorClassifier"/> calls throttling (up to
    /// <see cref="RetryOptions.MaxThrottlingAttempts"/>) and transient (5xx answers, connection failures,
    /// GenerateCredentialReport's LimitExceeded; up to <see cref="RetryOptions.MaxTransientAttempts"/>), waiting a
    /// jittered exponential backoff; and it never retries the operations it is told are not idempotent.
    /// </summary>
    internal sealed class AwsRetryPolicy : RetryPolicy
    {
        private readonly RetryOptions _options;
        private readonly Func<IExecutionContext, string> _operationName;
        private readonly HashSet<string> _neverRetried;
        private readonly IProtocolLog _log;
        private readonly object _randomLock = new object();
        private readonly Random _random = new Random();

        public AwsRetryPolicy(RetryOptions options, IEnumerable<string> neverRetried, Func<IExecutionContext, string> operationName, IProtocolLog log)
        {
            options.Validate();
            _options = options;
            _neverRetried = new HashSet<string>(neverRetried, StringComparer.Ordinal);
            _operationName = operationName;
            _log = log;
            MaxRetries = Math.Max(options.MaxThrottlingAttempts, options.MaxTransientAttempts) - 1;
        }

        /// <summary>CreateAccessKey and the like: an ambiguous failure is reported, never resent; the caller reconciles.</summary>
        public override bool CanRetry(IExecutionContext executionContext) => !_neverRetried.Contains(_operationName(executionContext));

        public override bool RetryLimitReached(IExecutionContext executionContext) => executionContext.RequestContext.Retries >= MaxRetries;

        public override bool RetryForException(IExecutionContext executionContext, Exception exception)
        {
            var retries = executionContext.RequestContext.Retries;
            if (executionContext.RequestContext.CancellationToken.IsCancellationRequested)
            {
                return false;
            }

            switch (AwsErrorClassifier.Classify(_operationName(executionContext), exception))
            {
                case AwsErrorKind.Throttling:
                    return retries + 1 < _options.MaxThrottlingAttempts;
                case AwsErrorKind.Transient:
                    return retries + 1 < _options.MaxTransientAttempts;
                default:
                    return false;
            }
        }

        public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
            Task.FromResult(RetryForException(executionContext, exception));

        public override bool IsThrottlingError(Exception exception) => AwsErrorClassifier.Classify(null, exception) == AwsErrorKind.Throttling;

        public override void WaitBeforeRetry(IExecutionContext executionContext) =>
            Thread.Sleep(NextDelay(executionContext));

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) =>
            Task.Delay(NextDelay(executionContext), executionContext.RequestContext.CancellationToken);

        /// <summary>"Equal jitter": half the exponential ceiling plus a random part of the other half, so waits
        /// spread out but never collapse to zero under throttling.</summary>
        public TimeSpan Delay(int retries)
        {
            var ceiling = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retries, 30));
            ceiling = Math.Min(ceiling, _options.MaxDelay.TotalMilliseconds);
            double fraction;
            lock (_randomLock)
            {
                fraction = _random.NextDouble();
            }

            return TimeSpan.FromMilliseconds(ceiling / 2 + fraction * ceiling / 2);
        }

        private TimeSpan NextDelay(IExecutionContext executionContext)
        {
            // RetryHandler has already counted this retry, so the first wait uses exponent 0.
            var retries = executionContext.RequestContext.Retries;
            var delay = Delay(Math.Max(0, retries - 1));
            _log.Debug($"Retry {retries} of {_operationName(executionContext)} in {delay.TotalMilliseconds:0} ms.");
            return delay;
        }
    }
}
