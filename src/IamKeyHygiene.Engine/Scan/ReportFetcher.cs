using System;
using System.Diagnostics;
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
    /// A scan's fetcher learns how long its reports take: after <see cref="EarlyMissesBeforeSkipping"/> reports in a
    /// row were not ready at the first look, later generations look first at the second look's time (two seconds after
    /// the start), saving a GenerateCredentialReport per account; one generation in <c>earlyLookEvery</c> still looks
    /// early, and a report found ready then brings the early look back.
    /// </summary>
    internal sealed class ReportFetcher
    {
        private readonly TimeSpan _firstDelay;
        private readonly TimeSpan _maxDelay;
        private readonly TimeSpan _maxWait;
        private readonly int _earlyLookEvery;
        private int _earlyMissesInARow;
        private int _generations;

        /// <summary>Reports in a row not ready at the first look before later generations skip it.</summary>
        public const int EarlyMissesBeforeSkipping = 3;

        /// <summary>The second look comes this long after the first (two seconds after the start with the default
        /// first delay), then the waits double up to <c>maxDelay</c>.</summary>
        private static readonly TimeSpan SecondPoll = TimeSpan.FromSeconds(1.5);

        /// <summary>The first poll comes after half a second (small accounts' reports are ready by then), the second
        /// two seconds after the start (most others'), so a report costs at most four calls in most accounts (three
        /// once the scan skips the early look); later ones back off, doubling up to <c>maxDelay</c>, for the big
        /// accounts that take longer. <paramref name="earlyLookEvery"/>: while the early look is skipped, one
        /// generation in this many still makes it.</summary>
        public ReportFetcher(TimeSpan? firstDelay = null, TimeSpan? maxDelay = null, TimeSpan? maxWait = null, int earlyLookEvery = 10)
        {
            _earlyLookEvery = Math.Max(1, earlyLookEvery);
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

        /// <summary>Whether a generation looks early, decided when its first delay is over (what the accounts that
        /// looked before it found is known by then).</summary>
        private bool LooksEarly()
            => Interlocked.Increment(ref _generations) % _earlyLookEvery == 0
               || Volatile.Read(ref _earlyMissesInARow) < EarlyMissesBeforeSkipping;

        /// <summary>What an early first look found: not ready counts towards skipping it, ready starts the count again.</summary>
        private void EarlyLookFound(bool ready)
        {
            if (ready)
            {
                Interlocked.Exchange(ref _earlyMissesInARow, 0);
            }
            else
            {
                Interlocked.Increment(ref _earlyMissesInARow);
            }
        }

        /// <summary>The wait after <paramref name="delay"/>: the second look's, then doubling up to the maximum.</summary>
        private TimeSpan Next(TimeSpan delay)
        {
            var next = delay < SecondPoll ? SecondPoll : TimeSpan.FromTicks(delay.Ticks * 2);
            return next > _maxDelay ? _maxDelay : next;
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
            private readonly Stopwatch _clock = Stopwatch.StartNew();
            private TimeSpan _delay;
            // Looks are due at fixed times after the first answer (0.5 s, 2 s, 5 s… by default), whatever each
            // look's own round trip took; null until the first wait, which comes right after that answer.
            private TimeSpan? _nextLook;

            public Polling(ReportFetcher fetcher, ScanSlot slot)
            {
                _fetcher = fetcher;
                _slot = slot;
                _delay = fetcher._firstDelay;
            }

            public async Task GenerateUntilCompleteAsync(IAccountIam iam, CancellationToken cancellationToken)
            {
                var calls = 0;
                var earlyLook = false;
                while (true)
                {
                    var status = await _slot.CallAsync(() => iam.GenerateCredentialReportAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                    var ready = string.Equals(status, "COMPLETE", StringComparison.OrdinalIgnoreCase);
                    if (calls++ == 1 && earlyLook)
                    {
                        _fetcher.EarlyLookFound(ready);
                    }

                    if (ready)
                    {
                        return;
                    }

                    await WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (calls == 1)
                    {
                        earlyLook = _fetcher.LooksEarly();
                        if (!earlyLook)
                        {
                            await WaitAsync(cancellationToken).ConfigureAwait(false); // on to the second look's time
                        }
                    }
                }
            }

            public async Task WaitAsync(CancellationToken cancellationToken)
            {
                if (_clock.Elapsed > _fetcher._maxWait)
                {
                    throw new TimeoutException($"The credential report was not ready after {_fetcher._maxWait.TotalSeconds:0} s.");
                }

                _nextLook = (_nextLook ?? _clock.Elapsed) + _delay;
                _delay = _fetcher.Next(_delay);
                var wait = _nextLook.Value - _clock.Elapsed;
                await _slot.IdleAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
