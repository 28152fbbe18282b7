using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>The engine's façade for Get-StaleAccessKey: starts scans that write to one host.</summary>
    public sealed class ScanService
    {
        private readonly IEngineHost _host;

        public ScanService(IEngineHost host)
        {
            _host = host ?? throw new ArgumentNullException(nameof(host));
        }

        /// <summary>Refuses, before any AWS call, an -AsOf more than 24 hours before the clock (InvalidAsOf): -AsOf
        /// previews a later day.</summary>
        public static void CheckAsOf(DateTimeOffset? asOf, EngineClock clock) => AsOfPreview.Check(asOf, clock);

        /// <summary>
        /// Starts an (empty) scan that accounts are then added to. Keys are judged at the later of <paramref name="asOf"/>
        /// and the clock's now (<see cref="AsOfPreview"/>; an -AsOf further back is an InvalidAsOf error); report ages
        /// are always measured against the clock's now. The clock is read once, here.
        /// </summary>
        public OrganizationScan Start(HygienePolicy policy, ScanSettings settings, EngineClock clock, DateTimeOffset? asOf,
            CancellationToken cancellationToken)
            => Start(policy, settings, clock, asOf, new ReportFetcher(), target => new SessionIam(target.Session), cancellationToken);

        /// <summary>As the public Start, with the report polling and each account's IAM chosen (tests: fast polling,
        /// an in-memory account).</summary>
        internal OrganizationScan Start(HygienePolicy policy, ScanSettings settings, EngineClock clock, DateTimeOffset? asOf,
            ReportFetcher fetcher, Func<AccountTarget, IAccountIam> iamOf, CancellationToken cancellationToken)
        {
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            AsOfPreview.Check(asOf, clock);
            var clockNow = clock.UtcNow;
            var evaluationTime = AsOfPreview.EvaluationTime(asOf, clockNow);
            _host.Verbose($"Judging keys as of {evaluationTime:yyyy-MM-ddTHH:mm:ssZ} (clock offset {clock.Offset.TotalDays:0.###} days), source {settings.Source}, {settings.ThrottleLimit} accounts at a time.");
            foreach (var warning in ExemptionWarnings.EndedInFile(policy.Exemptions, clockNow))
            {
                _host.Warning(warning);
            }

            var tally = new ScanTally(policy, clockNow, _host);
            var scanner = new AccountScanner(new KeyJudge(policy), settings, evaluationTime, clockNow, fetcher,
                new CredentialReportTriage(policy), _host, tally);
            var preparation = new ReportPreparation(fetcher, settings.Source, _host);
            var stages = new AccountStages(
                (target, slot, ct) => CountingFailureAsync<PreparedReport?>(tally, target, async () => await preparation.PrepareAsync(target.Account.AccountId, iamOf(target), slot, ct).ConfigureAwait(false), ct),
                (target, prepared, slot, emit, ct) => CountingFailureAsync(tally, target, async () =>
                {
                    await scanner.ScanAsync(target.Account, iamOf(target), prepared, slot, finding =>
                    {
                        finding.PolicyHash = policy.Hash;
                        finding.IsPreview = asOf.HasValue;
                        tally.Finding(finding);
                        emit(finding);
                    }, ct).ConfigureAwait(false);
                    tally.AccountRead(target.Account.AccountId);
                    return true;
                }, ct));
            return new OrganizationScan(stages, settings.ThrottleLimit, _host, cancellationToken, () => tally.Report(_host));
        }

        /// <summary>Runs one stage of an account, counting the account failed when the stage fails.</summary>
        private static async Task<T> CountingFailureAsync<T>(ScanTally tally, AccountTarget target, Func<Task<T>> stage, CancellationToken cancellationToken)
        {
            try
            {
                return await stage().ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                tally.AccountFailed(target.Account.AccountId);
                throw;
            }
        }
    }
}
