using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// A running scan: accounts are added as they arrive and read <see cref="ScanSettings.ThrottleLimit"/> at a
    /// time (an account waiting for its credential report gives its place up meanwhile, see <see cref="ScanSlot"/>);
    /// findings and account outcomes queue up in completion order for one consumer (the pipeline thread),
    /// which waits on <see cref="EventAvailable"/> and drains with <see cref="TryTake"/>. Built-in types only on
    /// this surface: the cmdlet assembly lives in another load context.
    /// </summary>
    public sealed class OrganizationScan : IDisposable
    {
        private readonly ConcurrentQueue<ScanEvent> _events = new ConcurrentQueue<ScanEvent>();
        private readonly AutoResetEvent _eventAvailable = new AutoResetEvent(false);
        /// <summary>Accounts started and not done, at most <see cref="AdmittedPerActive"/> times the throttle limit:
        /// accounts waiting for their report hold memory (a session, a client) but no place among the active.</summary>
        internal const int AdmittedPerActive = 8;

        private readonly SemaphoreSlim _active;
        private readonly SemaphoreSlim _admitted;
        private readonly CancellationTokenSource _cancellation;
        private readonly Func<AccountTarget, ScanSlot, Action<KeyFinding>, CancellationToken, Task> _scanAccount;
        private int _added;
        private int _finished;
        private int _addingCompleted;
        private int _disposed;
        private int _stopped;

        internal OrganizationScan(Func<AccountTarget, ScanSlot, Action<KeyFinding>, CancellationToken, Task> scanAccount, int throttleLimit,
            CancellationToken cancellationToken)
        {
            _scanAccount = scanAccount;
            var limit = Math.Max(1, throttleLimit);
            _active = new SemaphoreSlim(limit);
            _admitted = new SemaphoreSlim(limit * AdmittedPerActive);
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>Signalled when an event was queued or the scan completed.</summary>
        public WaitHandle EventAvailable => _eventAvailable;

        /// <summary>Accounts added so far (the total once <see cref="CompleteAdding"/> was called).</summary>
        public int AccountsTotal => Volatile.Read(ref _added);

        public int AccountsDone => Volatile.Read(ref _finished);

        /// <summary>True once no more accounts come.</summary>
        public bool TotalKnown => Volatile.Read(ref _addingCompleted) == 1;

        /// <summary>True when no account is left to scan and every event was taken.</summary>
        public bool IsCompleted => TotalKnown && AccountsDone == AccountsTotal && _events.IsEmpty;

        /// <summary>Starts reading an account (it waits for a free slot under the throttle limit).</summary>
        public void Add(AccountTarget target)
        {
            if (TotalKnown)
            {
                throw new InvalidOperationException("No account can be added after CompleteAdding.");
            }

            Interlocked.Increment(ref _added);
            _ = Task.Run(() => RunAccountAsync(target));
        }

        /// <summary>No more accounts: the scan completes when the added ones are done.</summary>
        public void CompleteAdding()
        {
            Interlocked.Exchange(ref _addingCompleted, 1);
            Signal();
        }

        /// <summary>Takes the next event, if one is queued.</summary>
        public bool TryTake(out ScanEvent? scanEvent)
        {
            var taken = _events.TryDequeue(out var item);
            scanEvent = item;
            return taken;
        }

        /// <summary>Cancels every call in flight (Ctrl+C).</summary>
        public void Cancel() => _cancellation.Cancel();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            _cancellation.Cancel();
            _cancellation.Dispose();
            _eventAvailable.Dispose();
        }

        private async Task RunAccountAsync(AccountTarget target)
        {
            var token = _cancellation.Token;
            var accountId = target.Account.AccountId;
            try
            {
                await _admitted.WaitAsync(token).ConfigureAwait(false);
                ScanSlot? slot = null;
                try
                {
                    slot = await ScanSlot.TakeAsync(_active, token).ConfigureAwait(false);
                    await _scanAccount(target, slot, finding => Enqueue(ScanEvent.ForFinding(finding)), token).ConfigureAwait(false);
                    Enqueue(ScanEvent.Completed(accountId));
                }
                finally
                {
                    slot?.Leave();
                    _admitted.Release();
                    target.Session.Release();
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped: nobody reads the outcome.
            }
            catch (EngineException exception)
            {
                Fail(accountId, exception);
            }
            catch (Exception exception)
            {
                Fail(accountId, new AccountAccessException(
                    ErrorCatalog.AccountScanFailed,
                    accountId,
                    $"Account {accountId} could not be scanned ({AwsErrors.Describe(exception)}).",
                    exception));
            }
            finally
            {
                Interlocked.Increment(ref _finished);
                Signal();
            }
        }

        /// <summary>One account's failure; a terminating one (the caller's credentials rejected) is the scan's
        /// last event and cancels the accounts still running, which would fail the same way.</summary>
        private void Fail(string accountId, EngineException error)
        {
            if (!error.Entry.Terminating)
            {
                Enqueue(ScanEvent.Failed(accountId, error));
                return;
            }

            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                Enqueue(ScanEvent.Failed(accountId, error));
                try
                {
                    _cancellation.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The consumer went away first.
                }
            }
        }

        private void Enqueue(ScanEvent scanEvent)
        {
            _events.Enqueue(scanEvent);
            Signal();
        }

        private void Signal()
        {
            try
            {
                _eventAvailable.Set();
            }
            catch (ObjectDisposedException)
            {
                // A worker finishing after the consumer went away.
            }
        }
    }
}
