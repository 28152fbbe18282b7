using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// A running scan: accounts are added as they arrive and read <see cref="ScanSettings.ThrottleLimit"/> at a
    /// time (an account waiting for its credential report gives its place up meanwhile, see <see cref="ScanSlot"/>).
    /// Everything it finds goes to the host as it happens, from the workers' threads: each finding as a result,
    /// one account's failure as a non-terminating error, the count of accounts done as progress.
    /// <see cref="Completion"/> ends when every added account is done after <see cref="CompleteAdding"/>.
    /// </summary>
    public sealed class OrganizationScan : IDisposable
    {
        /// <summary>The progress activity the scan reports.</summary>
        public const string Activity = "Scanning access keys";

        /// <summary>Accounts started and not done, at most <see cref="AdmittedPerActive"/> times the throttle limit:
        /// accounts waiting for their report hold memory (a session, a client) but no place among the active.</summary>
        internal const int AdmittedPerActive = 8;

        private readonly SemaphoreSlim _active;
        private readonly SemaphoreSlim _admitted;
        private readonly CancellationTokenSource _cancellation;
        private readonly Func<AccountTarget, ScanSlot, Action<KeyFinding>, CancellationToken, Task> _scanAccount;
        private readonly IEngineHost _host;
        private readonly TaskCompletionSource<bool> _completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _added;
        private int _finished;
        private int _addingCompleted;
        private int _disposed;
        private int _stopped;
        private readonly Action? _beforeCompletion;
        private int _completing;

        /// <summary>A scan of accounts by <c>scanAccount</c>; <c>beforeCompletion</c> (the scan's summary) runs once when
        /// the last account is done, before <see cref="Completion"/> completes, so the host sees what it writes.</summary>
        internal OrganizationScan(Func<AccountTarget, ScanSlot, Action<KeyFinding>, CancellationToken, Task> scanAccount, int throttleLimit,
            IEngineHost host, CancellationToken cancellationToken, Action? beforeCompletion = null)
        {
            _beforeCompletion = beforeCompletion;
            _scanAccount = scanAccount;
            _host = host;
            var limit = Math.Max(1, throttleLimit);
            _active = new SemaphoreSlim(limit);
            _admitted = new SemaphoreSlim(limit * AdmittedPerActive);
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>Completes when no account is left to scan (after <see cref="CompleteAdding"/>); never faults.</summary>
        public Task Completion => _completion.Task;

        /// <summary>Starts reading an account (it waits for a free slot under the throttle limit).</summary>
        public void Add(AccountTarget target)
        {
            if (Volatile.Read(ref _addingCompleted) == 1)
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
            ReportProgress();
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
        }

        private async Task RunAccountAsync(AccountTarget target)
        {
            var token = _cancellation.Token;
            var accountId = target.Account.AccountId;
            var findings = 0;
            try
            {
                await _admitted.WaitAsync(token).ConfigureAwait(false);
                ScanSlot? slot = null;
                try
                {
                    slot = await ScanSlot.TakeAsync(_active, token).ConfigureAwait(false);
                    await _scanAccount(target, slot, finding =>
                    {
                        findings++;
                        _host.WriteResult(finding);
                    }, token).ConfigureAwait(false);
                    _host.Debug($"Account {accountId} done: {findings} finding(s).");
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
                Fail(exception);
            }
            catch (Exception exception)
            {
                Fail(new AccountAccessException(
                    ErrorCatalog.AccountScanFailed,
                    accountId,
                    $"Account {accountId} could not be scanned ({AwsErrors.Describe(exception)}).",
                    exception));
            }
            finally
            {
                Interlocked.Increment(ref _finished);
                ReportProgress();
            }
        }

        /// <summary>One account's failure; a terminating one (the caller's credentials rejected) is written once
        /// and cancels the accounts still running, which would fail the same way.</summary>
        private void Fail(EngineException error)
        {
            if (!error.Entry.Terminating)
            {
                _host.WriteError(error);
                return;
            }

            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                _host.WriteError(error);
                try
                {
                    _cancellation.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The host went away first.
                }
            }
        }

        /// <summary>Accounts done so far as progress; completes <see cref="Completion"/> when the last is done.</summary>
        private void ReportProgress()
        {
            var done = Volatile.Read(ref _finished);
            var total = Volatile.Read(ref _added);
            if (Volatile.Read(ref _addingCompleted) == 0)
            {
                _host.Progress(Activity, $"Accounts scanned: {done} (more arriving)", -1);
                return;
            }

            _host.Progress(Activity, $"Accounts scanned: {done} of {total}", total == 0 ? 100 : (int)(100L * done / total));
            if (done == total && Interlocked.Exchange(ref _completing, 1) == 0)
            {
                try
                {
                    _beforeCompletion?.Invoke();
                }
                finally
                {
                    _completion.TrySetResult(true);
                }
            }
        }
    }
}
