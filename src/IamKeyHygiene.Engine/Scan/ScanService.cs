using System;
using System.Threading;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
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

        /// <summary>
        /// Starts an (empty) scan that accounts are then added to. Keys are judged at <paramref name="asOf"/> when
        /// given, else at the clock's now; report ages are always measured against the clock's now. The clock is
        /// read once, here.
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
            var clockNow = clock.UtcNow;
            var evaluationTime = (asOf ?? clockNow).ToUniversalTime();
            _host.Verbose($"Judging keys as of {evaluationTime:yyyy-MM-ddTHH:mm:ssZ} (clock offset {clock.Offset.TotalDays:0.###} days), source {settings.Source}, {settings.ThrottleLimit} accounts at a time.");
            var scanner = new AccountScanner(new KeyJudge(policy), settings, evaluationTime, clockNow, fetcher,
                new CredentialReportTriage(policy), _host);
            var preparation = new ReportPreparation(fetcher, settings.Source, _host);
            var stages = new AccountStages(
                async (target, slot, ct) => await preparation.PrepareAsync(target.Account.AccountId, iamOf(target), slot, ct).ConfigureAwait(false),
                (target, prepared, slot, emit, ct) => scanner.ScanAsync(target.Account, iamOf(target), prepared, slot, emit, ct));
            return new OrganizationScan(stages, settings.ThrottleLimit, _host, cancellationToken);
        }
    }
}
