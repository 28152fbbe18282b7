using System;
using System.Threading;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>The engine's entry for Get-StaleAccessKey: starts a scan that accounts are then added to.</summary>
    public static class StaleKeyScan
    {
        /// <summary>
        /// Starts an (empty) scan. Keys are judged at <paramref name="asOf"/> when given, else at the clock's now;
        /// report ages are always measured against the clock's now. The clock is read once, here.
        /// </summary>
        public static OrganizationScan Start(HygienePolicy policy, ScanSettings settings, EngineClock clock, DateTimeOffset? asOf,
            IEngineLog log, CancellationToken cancellationToken)
            => Start(policy, settings, clock, asOf, new ReportFetcher(), log, cancellationToken);

        internal static OrganizationScan Start(HygienePolicy policy, ScanSettings settings, EngineClock clock, DateTimeOffset? asOf,
            ReportFetcher fetcher, IEngineLog log, CancellationToken cancellationToken)
        {
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            var clockNow = clock.UtcNow;
            var evaluationTime = (asOf ?? clockNow).ToUniversalTime();
            log.Verbose($"Judging keys as of {evaluationTime:yyyy-MM-ddTHH:mm:ssZ} (clock offset {clock.Offset.TotalDays:0.###} days), source {settings.Source}, {settings.ThrottleLimit} accounts at a time.");
            var scanner = new AccountScanner(new KeyJudge(policy), settings, evaluationTime, clockNow, fetcher,
                new CredentialReportTriage(policy), log);
            return new OrganizationScan(
                (target, slot, emit, ct) => scanner.ScanAsync(target.Account, new SessionIam(target.Session), slot, emit, ct),
                settings.ThrottleLimit,
                cancellationToken);
        }
    }
}
