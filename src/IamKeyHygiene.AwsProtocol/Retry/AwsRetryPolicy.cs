using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
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
    /// jittered exponential backoff, within the operation's time budget if <see cref="RetryOptions.Budgets"/> names one;
    /// and the SDK never resends the operations it is told are not idempotent: after throttling (which AWS answers
    /// before the operation runs) the client sends them again itself (<see cref="ResendAfterThrottling"/>).
    /// </summary>
    internal sealed class AwsRetryPolicy : RetryPolicy
    {
        private readonly RetryOptions _options;
        private readonly Func<IExecutionContext, string> _operationName;
        private readonly HashSet<string> _neverRetried;
        private readonly IProtocolLog _log;
        private readonly object _randomLock = new object();
        private readonly Random _random = new Random();
        private readonly ConditionalWeakTable<IRequestContext, CallTimeline> _timelines = new ConditionalWeakTable<IRequestContext, CallTimeline>();

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

            var operation = _operationName(executionContext);
            var timeline = TimelineOf(executionContext);
            var retry = ShouldRetry(operation, AwsErrorClassifier.Classify(operation, exception), retries, timeline.Elapsed, timeline.Waited);
            if (!retry && _options.Budgets.ContainsKey(operation))
            {
                _log.Debug($"{operation} not retried after {retries + 1} attempt(s) in {timeline.Elapsed.TotalSeconds:0.0} s.");
            }

            return retry;
        }

        /// <summary>
        /// The decision: retry a failure of <paramref name="kind"/> after <paramref name="retries"/> retries, when the
        /// call has taken <paramref name="elapsed"/> so far, <paramref name="waited"/> of it in backoff? Throttling and
        /// transient failures are retried up to their attempts, and within the operation's budget: the next wait at its
        /// longest plus one more attempt (the attempts' average so far) must end within it.
        /// </summary>
        internal bool ShouldRetry(string operation, AwsErrorKind kind, int retries, TimeSpan elapsed, TimeSpan waited)
        {
            int attempts;
            switch (kind)
            {
                case AwsErrorKind.Throttling:
                    attempts = _options.MaxThrottlingAttempts;
                    break;
                case AwsErrorKind.Transient:
                    attempts = _options.MaxTransientAttempts;
                    break;
                default:
                    return false;
            }

            if (retries + 1 >= attempts)
            {
                return false;
            }

            if (!_options.Budgets.TryGetValue(operation, out var budget))
            {
                return true;
            }

            var averageAttempt = TimeSpan.FromTicks(Math.Max(0, (elapsed - waited).Ticks) / (retries + 1));
            return elapsed + DelayCeiling(retries) + averageAttempt <= budget;
        }

        public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
            Task.FromResult(RetryForException(executionContext, exception));

        public override bool IsThrottlingError(Exception exception) => AwsErrorClassifier.Classify(null, exception) == AwsErrorKind.Throttling;

        public override void WaitBeforeRetry(IExecutionContext executionContext) =>
            Thread.Sleep(NextDelay(executionContext));

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) =>
            Task.Delay(NextDelay(executionContext), executionContext.RequestContext.CancellationToken);

        private CallTimeline TimelineOf(IExecutionContext executionContext)
            => _timelines.GetValue(executionContext.RequestContext, context => new CallTimeline(
                (context.OriginalRequest as Pipeline.ModelledRequest)?.Clock ?? Stopwatch.StartNew()));

        /// <summary>"Equal jitter": half the exponential ceiling plus a random part of the other half, so waits
        /// spread out but never collapse to zero under throttling.</summary>
        public TimeSpan Delay(int retries)
        {
            var ceiling = DelayCeiling(retries).TotalMilliseconds;
            double fraction;
            lock (_randomLock)
            {
                fraction = _random.NextDouble();
            }

            return TimeSpan.FromMilliseconds(ceiling / 2 + fraction * ceiling / 2);
        }

        /// <summary>The longest a wait after <paramref name="retries"/> retries can be.</summary>
        public TimeSpan DelayCeiling(int retries)
        {
            var ceiling = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retries, 30));
            return TimeSpan.FromMilliseconds(Math.Min(ceiling, _options.MaxDelay.TotalMilliseconds));
        }

        /// <summary>How long to wait before a non-idempotent operation, throttled on attempt <paramref name="attempt"/>,
        /// is sent again; null when it is not (another failure may hide a change; the attempts are used up).</summary>
        public TimeSpan? ResendAfterThrottling(string operation, Exception exception, int attempt)
        {
            if (!_neverRetried.Contains(operation) || attempt >= _options.MaxThrottlingAttempts
                || AwsErrorClassifier.Classify(operation, exception) != AwsErrorKind.Throttling)
            {
                return null;
            }

            var delay = Delay(attempt - 1);
            _log.Debug($"Retry {attempt} of {operation} (throttled; AWS refused it before it ran) in {delay.TotalMilliseconds:0} ms.");
            return delay;
        }

        private TimeSpan NextDelay(IExecutionContext executionContext)
        {
            // RetryHandler has already counted this retry, so the first wait uses exponent 0.
            var retries = executionContext.RequestContext.Retries;
            var delay = Delay(Math.Max(0, retries - 1));
            TimelineOf(executionContext).Waited += delay;
            _log.Debug($"Retry {retries} of {_operationName(executionContext)} in {delay.TotalMilliseconds:0} ms.");
            return delay;
        }
    }

    /// <summary>How long one call (all its attempts) has taken and waited. A modelled request carries its start;
    /// another (an AWSSDK client's) is timed from the policy's first look at it, after its first attempt.</summary>
    internal sealed class CallTimeline
    {
        private readonly Stopwatch _clock;

        public CallTimeline(Stopwatch clock)
        {
            _clock = clock;
        }

        public TimeSpan Elapsed => _clock.Elapsed;
        public TimeSpan Waited { get; set; }
    }
}
