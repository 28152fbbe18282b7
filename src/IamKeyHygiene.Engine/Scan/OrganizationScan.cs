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
    /// A running scan: accounts are added as they arrive (while Get-OrganizationAccount still walks the organization)
    /// and go through two pools. The prepare pool, at most <see cref="PreparersPerReader"/> times
    /// <see cref="ScanSettings.ThrottleLimit"/> calls at once, assumes each account's role and has its credential report
    /// generated as soon as the account is added; the read pool, <see cref="ScanSettings.ThrottleLimit"/> accounts at once,
    /// reads reports in the order they complete. Waiting for a report holds no place in either pool; at most
    /// <see cref="StartedPerReader"/> times the limit accounts are started and not done (each holds a session).
    /// Everything it finds goes to the host as it happens, from the workers' threads: each finding as a result,
    /// one account's failure as a non-terminating error, the count of accounts done as progress.
    /// <see cref="Completion"/> ends when every added account is done after <see cref="CompleteAdding"/>.
    /// </summary>
    public sealed class OrganizationScan : IDisposable
    {
        /// <summary>The progress activity the scan reports.</summary>
        public const string Activity = "Scanning access keys";

        /// <summary>Calls of the prepare stage (AssumeRole, GenerateCredentialReport) in flight at once, per reading account.</summary>
        public const int PreparersPerReader = 4;

        /// <summary>Accounts started and not done, per reading account: accounts waiting for their report hold memory
        /// (a session, a client) but no place in a pool, so this bounds memory, flat whatever the organization's size.
        /// At 16 (512 accounts with the default 32 readers) the rest of a 1,000-account scan waited for the first 512
        /// to finish before their reports were even asked for, a second report wait; at 64 the scan took 7.5-7.7 s
        /// instead of 8.0-8.2 s, and memory stays bounded (README, Performance).</summary>
        internal const int StartedPerReader = 64;

        private readonly SemaphoreSlim _reading;
        private readonly SemaphoreSlim _preparing;
        private readonly SemaphoreSlim _started;
        private readonly CancellationTokenSource _cancellation;
        private readonly AccountStages _stages;
        private readonly IEngineHost _host;
        private readonly TaskCompletionSource<bool> _completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _added;
        private int _finished;
        private int _addingCompleted;
        private int _disposed;
        private int _stopped;
        private readonly Action? _beforeCompletion;
        private int _completing;

        /// <summary>A scan of accounts through <c>stages</c>; <c>beforeCompletion</c> (the scan's summary) runs once when
        /// the last account is done, before <see cref="Completion"/> completes, so the host sees what it writes.</summary>
        internal OrganizationScan(AccountStages stages, int throttleLimit, IEngineHost host, CancellationToken cancellationToken,
            Action? beforeCompletion = null)
        {
            _beforeCompletion = beforeCompletion;
            _stages = stages;
            _host = host;
            var limit = Math.Max(1, throttleLimit);
            _reading = new SemaphoreSlim(limit);
            _preparing = new SemaphoreSlim(limit * PreparersPerReader);
            _started = new SemaphoreSlim(limit * StartedPerReader);
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
                await _started.WaitAsync(token).ConfigureAwait(false);
                ScanSlot? slot = null;
                try
                {
                    var prepared = await _stages.Prepare(target, ScanSlot.PerCall(_preparing), token).ConfigureAwait(false);
                    slot = await ScanSlot.TakeAsync(_reading, token).ConfigureAwait(false);
                    await _stages.Read(target, prepared, slot, finding =>
                    {
                        findings++;
                        _host.WriteResult(finding);
                    }, token).ConfigureAwait(false);
                    _host.Debug($"Account {accountId} done: {findings} finding(s).");
                }
                finally
                {
                    slot?.Leave();
                    _started.Release();
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

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>What a scan does to each account, stage by stage: prepare (in the prepare pool, a place per call) and
    /// read (holding a place in the read pool).</summary>
    internal sealed class AccountStages
    {
        public AccountStages(Func<AccountTarget, ScanSlot, CancellationToken, Task<PreparedReport?>> prepare,
            Func<AccountTarget, PreparedReport?, ScanSlot, Action<KeyFinding>, CancellationToken, Task> read)
        {
            Prepare = prepare;
            Read = read;
        }

        public Func<AccountTarget, ScanSlot, CancellationToken, Task<PreparedReport?>> Prepare { get; }
        public Func<AccountTarget, PreparedReport?, ScanSlot, Action<KeyFinding>, CancellationToken, Task> Read { get; }
    }
}
