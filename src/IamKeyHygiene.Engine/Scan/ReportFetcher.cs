using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// Gets an account's credential report as AWS runs it, in two steps a scan runs in different pools:
    /// <see cref="GenerateAsync"/> polls GenerateCredentialReport through STARTED and INPROGRESS to COMPLETE;
    /// <see cref="GetAsync"/> reads it with GetCredentialReport, which may still answer ReportInProgress (polled too)
    /// or, rarely, ReportNotPresent/ReportExpired (one more generation). The retry policy has already retried
    /// throttling and refusals inside each call, within its budget for the operation; a failure that gets out of
    /// here means the report cannot be had now.
    /// </summary>
    internal sealed class ReportFetcher
    {
        private readonly TimeSpan _firstDelay;
        private readonly TimeSpan _maxDelay;
        private readonly TimeSpan _maxWait;

        /// <summary>The second look comes this long after the first (two seconds after the start with the default
        /// first delay), then the waits double up to <c>maxDelay</c>.</summary>
        private static readonly TimeSpan SecondPoll = TimeSpan.FromSeconds(1.5);

        /// <summary>The first poll comes after half a second (small accounts' reports are ready by then), the second
        /// two seconds after the start (most others'), so a report costs at most four calls in most accounts; later
        /// ones back off, doubling up to <c>maxDelay</c>, for the big accounts that take longer.</summary>
        public ReportFetcher(TimeSpan? firstDelay = null, TimeSpan? maxDelay = null, TimeSpan? maxWait = null)
        {
            _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(500);
            _maxDelay = maxDelay ?? TimeSpan.FromSeconds(5);
            _maxWait = maxWait ?? TimeSpan.FromMinutes(5);
        }

        /// <summary>Generates and reads the report in one go (both steps in the same slot).</summary>
        public async Task<RawCredentialReport> FetchAsync(IAccountIam iam, ScanSlot slot, CancellationToken cancellationToken)
        {
            await GenerateAsync(iam, slot, cancellationToken).ConfigureAwait(false);
            return await GetAsync(iam, slot, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Has the report generated; between polls the account waits without a place in the slot's pool.</summary>
        public async Task GenerateAsync(IAccountIam iam, ScanSlot slot, CancellationToken cancellationToken)
        {
            var polling = new Polling(this, slot);
            await polling.GenerateUntilCompleteAsync(iam, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Reads a generated report (generating it again if AWS no longer has it).</summary>
        public async Task<RawCredentialReport> GetAsync(IAccountIam iam, ScanSlot slot, CancellationToken cancellationToken)
        {
            var polling = new Polling(this, slot);
            var regenerations = 0;
            while (true)
            {
                try
                {
                    return await slot.CallAsync(() => iam.GetCredentialReportAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (AwsErrors.Is(exception, "ReportInProgress"))
                {
                    await polling.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when ((AwsErrors.Is(exception, "ReportNotPresent") || AwsErrors.Is(exception, "ReportExpired"))
                    && regenerations++ < 2)
                {
                    await polling.GenerateUntilCompleteAsync(iam, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>One step's polls: backing off from the first delay, giving up after the longest wait.</summary>
        private sealed class Polling
        {
            private readonly ReportFetcher _fetcher;
            private readonly ScanSlot _slot;
            private readonly DateTime _started = DateTime.UtcNow;
            private TimeSpan _delay;

            public Polling(ReportFetcher fetcher, ScanSlot slot)
            {
                _fetcher = fetcher;
                _slot = slot;
                _delay = fetcher._firstDelay;
            }

            public async Task GenerateUntilCompleteAsync(IAccountIam iam, CancellationToken cancellationToken)
            {
                while (!string.Equals(
                    await _slot.CallAsync(() => iam.GenerateCredentialReportAsync(cancellationToken), cancellationToken).ConfigureAwait(false),
                    "COMPLETE",
                    StringComparison.OrdinalIgnoreCase))
                {
                    await WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            public async Task WaitAsync(CancellationToken cancellationToken)
            {
                if (DateTime.UtcNow - _started > _fetcher._maxWait)
                {
                    throw new TimeoutException($"The credential report was not ready after {_fetcher._maxWait.TotalSeconds:0} s.");
                }

                await _slot.IdleAsync(_delay, cancellationToken).ConfigureAwait(false);
                var next = _delay < SecondPoll ? SecondPoll : TimeSpan.FromTicks(_delay.Ticks * 2);
                _delay = next > _fetcher._maxDelay ? _fetcher._maxDelay : next;
            }
        }
    }
}
