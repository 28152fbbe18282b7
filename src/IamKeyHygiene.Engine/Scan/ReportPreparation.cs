using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// A scan's first stage for each account, run in the prepare pool: the first call assumes the account's role,
    /// then its credential report is generated. When AWS refuses reports (LimitExceeded, AccessDenied, or throttling past
    /// the retry policy's budget) for <see cref="RefusalsBeforeGoingLive"/> accounts in a row, the scan stops asking: under a
    /// source with a live path (Auto, Live) every account after that, and every generation still waiting, goes on
    /// without a report at once, said once in a warning. Under CredentialReport each account keeps asking.
    /// </summary>
    internal sealed class ReportPreparation
    {
        public const int RefusalsBeforeGoingLive = 3;

        private readonly ReportFetcher _fetcher;
        private readonly bool _mayGoLive;
        private readonly IEngineLog _log;
        // Never disposed: it has no timer, and accounts still running after the scan is disposed may read it.
        private readonly CancellationTokenSource _givenUp = new CancellationTokenSource();
        private readonly object _gate = new object();
        private int _refusalsInARow;

        public ReportPreparation(ReportFetcher fetcher, KeySource source, IEngineLog log)
        {
            _fetcher = fetcher;
            _mayGoLive = source != KeySource.CredentialReport;
            _log = log;
        }

        /// <summary>True once reports were refused for <see cref="RefusalsBeforeGoingLive"/> accounts in a row.</summary>
        public bool GivenUp => _givenUp.IsCancellationRequested;

        /// <summary>Has the account's report generated; never throws but for the caller's cancellation: a failure is
        /// kept in the result, for the read stage to handle as it handles any failure to get the report.</summary>
        public async Task<PreparedReport> PrepareAsync(string accountId, IAccountIam iam, ScanSlot slot, CancellationToken cancellationToken)
        {
            if (_mayGoLive && GivenUp)
            {
                return PreparedReport.Skipped;
            }

            using var generation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _mayGoLive ? _givenUp.Token : CancellationToken.None);
            try
            {
                await _fetcher.GenerateAsync(iam, slot, generation.Token).ConfigureAwait(false);
                Count(accountId, refused: false);
                return PreparedReport.Generated(_fetcher);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && GivenUp)
            {
                return PreparedReport.Skipped;
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                if (IsRefusal(exception))
                {
                    Count(accountId, refused: true);
                }

                return PreparedReport.Failed(exception);
            }
        }

        /// <summary>AWS would not make the report: refused (LimitExceeded, or AccessDenied: the role may not ask for
        /// one) or throttled past the retry budget.</summary>
        private static bool IsRefusal(Exception exception)
        {
            if (exception is Errors.EngineException)
            {
                return false; // the role, or the caller, was refused: not a word on reports
            }

            var kind = AwsErrors.KindOf(exception, "GenerateCredentialReport");
            return kind == AwsErrorKind.Throttling || kind == AwsErrorKind.Transient || kind == AwsErrorKind.AccessDenied;
        }

        private void Count(string accountId, bool refused)
        {
            lock (_gate)
            {
                _refusalsInARow = refused ? _refusalsInARow + 1 : 0;
                if (!refused || !_mayGoLive || _refusalsInARow != RefusalsBeforeGoingLive)
                {
                    return;
                }
            }

            _log.Warning($"Credential reports were refused for {RefusalsBeforeGoingLive} accounts in a row (the last {accountId}): " +
                "the remaining accounts are read live without asking for one.");
            _givenUp.Cancel();
        }
    }

    /// <summary>What the prepare stage left for the read stage: a generated report to read, the failure to get one,
    /// or none asked for (reports were refused everywhere).</summary>
    internal sealed class PreparedReport
    {
        public static readonly PreparedReport Skipped = new PreparedReport(null, null);

        private readonly ReportFetcher? _fetcher;
        private readonly ExceptionDispatchInfo? _failure;

        private PreparedReport(ReportFetcher? fetcher, ExceptionDispatchInfo? failure)
        {
            _fetcher = fetcher;
            _failure = failure;
        }

        public static PreparedReport Generated(ReportFetcher fetcher) => new PreparedReport(fetcher, null);

        public static PreparedReport Failed(Exception exception) => new PreparedReport(null, ExceptionDispatchInfo.Capture(exception));

        /// <summary>The report (GetCredentialReport in the read slot); throws what the prepare stage met, or
        /// <see cref="ReportsRefusedException"/> when no report was asked for.</summary>
        public Task<RawCredentialReport> ReadAsync(IAccountIam iam, ScanSlot slot, CancellationToken cancellationToken)
        {
            _failure?.Throw();
            if (_fetcher == null)
            {
                throw new ReportsRefusedException();
            }

            return _fetcher.GetAsync(iam, slot, cancellationToken);
        }
    }

    /// <summary>No credential report was asked for: AWS refused them for several accounts in a row.</summary>
    internal sealed class ReportsRefusedException : Exception
    {
        public ReportsRefusedException()
            : base($"credential reports were refused for {ReportPreparation.RefusalsBeforeGoingLive} accounts in a row, so none was asked for")
        {
        }
    }
}
