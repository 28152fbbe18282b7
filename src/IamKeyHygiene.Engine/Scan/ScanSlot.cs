using System;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// An account's place in one of the scan's pools. A reading account holds its place among the
    /// <see cref="ScanSettings.ThrottleLimit"/> readers while it reads and gives it up while it only waits (for a
    /// report still in progress), so the limit bounds the AWS calls in flight rather than the time spent sleeping.
    /// A preparing account (<see cref="PerCall"/>) takes a place in the prepare pool only for each call it makes.
    /// </summary>
    internal sealed class ScanSlot
    {
        private readonly SemaphoreSlim _pool;
        private readonly bool _perCall;
        private bool _held;

        private ScanSlot(SemaphoreSlim pool, bool perCall)
        {
            _pool = pool;
            _perCall = perCall;
        }

        /// <summary>A slot without a limit (tests and callers without a throttle).</summary>
        public static ScanSlot Unlimited() => new ScanSlot(new SemaphoreSlim(int.MaxValue), perCall: true);

        /// <summary>A place taken in <paramref name="pool"/> for each call only, never while waiting.</summary>
        public static ScanSlot PerCall(SemaphoreSlim pool) => new ScanSlot(pool, perCall: true);

        /// <summary>A place held in <paramref name="pool"/> from now until <see cref="Leave"/>, except while idle.</summary>
        public static async Task<ScanSlot> TakeAsync(SemaphoreSlim pool, CancellationToken cancellationToken)
        {
            var slot = new ScanSlot(pool, perCall: false);
            await pool.WaitAsync(cancellationToken).ConfigureAwait(false);
            slot._held = true;
            return slot;
        }

        /// <summary>Makes one call in the pool: at once when the place is held, else after taking one for the call.</summary>
        public async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        {
            if (!_perCall)
            {
                return await call().ConfigureAwait(false);
            }

            await _pool.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call().ConfigureAwait(false);
            }
            finally
            {
                _pool.Release();
            }
        }

        /// <summary>Waits <paramref name="delay"/> without holding a place, then takes its place again if it held one.</summary>
        public async Task IdleAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (_perCall)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                return;
            }

            Leave();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            await _pool.WaitAsync(cancellationToken).ConfigureAwait(false);
            _held = true;
        }

        /// <summary>Gives the place up (once) when the account is done.</summary>
        public void Leave()
        {
            if (_held)
            {
                _held = false;
                _pool.Release();
            }
        }
    }
}
