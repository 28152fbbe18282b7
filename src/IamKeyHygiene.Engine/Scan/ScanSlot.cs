using System;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// An account's place among the <see cref="ScanSettings.ThrottleLimit"/> accounts at work. An account that
    /// only waits (for its credential report to be generated) gives the place up while it waits, so the limit
    /// bounds the AWS calls in flight rather than the time spent sleeping; the scan bounds separately how many
    /// accounts may be started at all (memory).
    /// </summary>
    internal sealed class ScanSlot
    {
        private readonly SemaphoreSlim _active;
        private bool _held;

        private ScanSlot(SemaphoreSlim active)
        {
            _active = active;
        }

        /// <summary>A slot not taken yet (tests and callers without a throttle get a free-standing one).</summary>
        public static ScanSlot Unlimited() => new ScanSlot(new SemaphoreSlim(int.MaxValue));

        public static async Task<ScanSlot> TakeAsync(SemaphoreSlim active, CancellationToken cancellationToken)
        {
            var slot = new ScanSlot(active);
            await active.WaitAsync(cancellationToken).ConfigureAwait(false);
            slot._held = true;
            return slot;
        }

        /// <summary>Waits <paramref name="delay"/> without holding the place, then takes one again.</summary>
        public async Task IdleAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            Leave();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            await _active.WaitAsync(cancellationToken).ConfigureAwait(false);
            _held = true;
        }

        /// <summary>Gives the place up (once) when the account is done.</summary>
        public void Leave()
        {
            if (_held)
            {
                _held = false;
                _active.Release();
            }
        }
    }
}
