using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// Gets an account's credential report as AWS runs it: GenerateCredentialReport polled through STARTED and
    /// INPROGRESS, then GetCredentialReport, which may still answer ReportInProgress (polled too) or, rarely,
    /// ReportNotPresent/ReportExpired (one more Generate). The SDK retry policy has already retried throttling
    /// inside each call; a failure that gets out of here means the report cannot be had now.
    /// </summary>
    internal sealed class ReportFetcher
    {
        private readonly TimeSpan _firstDelay;
        private readonly TimeSpan _maxDelay;
        private readonly TimeSpan _maxWait;
        private static readonly TimeSpan SecondPoll = TimeSpan.FromSeconds(1);

        /// <summary>The first poll comes soon (small accounts finish in well under a second); later ones back off
        /// from one second, doubling up to <c>maxDelay</c>, for the big accounts that take several seconds.</summary>
        public ReportFetcher(TimeSpan? firstDelay = null, TimeSpan? maxDelay = null, TimeSpan? maxWait = null)
        {
            _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(250);
            _maxDelay = maxDelay ?? TimeSpan.FromSeconds(5);
            _maxWait = maxWait ?? TimeSpan.FromMinutes(5);
        }

        /// <summary>Gets the report; between polls the account waits without its place among the active ones.</summary>
        public async Task<RawCredentialReport> FetchAsync(IAccountIam iam, ScanSlot slot, CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            var delay = _firstDelay;
            var regenerations = 0;
            await GenerateUntilCompleteAsync().ConfigureAwait(false);
            while (true)
            {
                try
                {
                    return await iam.GetCredentialReportAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (AwsErrors.Is(exception, "ReportInProgress"))
                {
                    await WaitAsync().ConfigureAwait(false);
                }
                catch (Exception exception) when ((AwsErrors.Is(exception, "ReportNotPresent") || AwsErrors.Is(exception, "ReportExpired"))
                    && regenerations++ < 2)
                {
                    await GenerateUntilCompleteAsync().ConfigureAwait(false);
                }
            }

            async Task GenerateUntilCompleteAsync()
            {
                while (!string.Equals(await iam.GenerateCredentialReportAsync(cancellationToken).ConfigureAwait(false), "COMPLETE", StringComparison.OrdinalIgnoreCase))
                {
                    await WaitAsync().ConfigureAwait(false);
                }
            }

            async Task WaitAsync()
            {
                if (DateTime.UtcNow - started > _maxWait)
                {
                    throw new TimeoutException($"The credential report was not ready after {_maxWait.TotalSeconds:0} s.");
                }

                await slot.IdleAsync(delay, cancellationToken).ConfigureAwait(false);
                var next = delay < SecondPoll ? SecondPoll : TimeSpan.FromTicks(delay.Ticks * 2);
                delay = next > _maxDelay ? _maxDelay : next;
            }
        }
    }
}
