using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>
    /// The engine's façade for Invoke-KeyHygiene: one scheduled run, enumerate → judge → act → notify → records, through
    /// the one engine path of each (OrganizationService, the scan, one <see cref="KeyActionRun"/>, NoticeService, the run
    /// history). The mode says how far it goes: Audit makes every read, the re-judge reads included, and sends and changes
    /// nothing (the -WhatIf path); Notify sends; Enforce acts. A circuit-breaker trip stops Enforce before its first change,
    /// but the notices (with the trip in the summary) and the records still go out; the cmdlet then ends with
    /// CircuitBreakerTripped after writing the summary.
    /// </summary>
    public sealed class HygieneRunService
    {
        public const string Activity = "Key hygiene run";

        private readonly AwsConnection _connection;
        private readonly IEngineHost _host;

        public HygieneRunService(AwsConnection connection, IEngineHost host)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _host = host ?? throw new ArgumentNullException(nameof(host));
        }

        public async Task<HygieneRunResult> RunAsync(HygieneRunRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var start = request.Clock.UtcNow;
            var sink = new RunSink(_host);
            if (request.Changes) new ActionService(_connection, _host).CheckClock(request.Clock);
            _host.Verbose($"Run {request.RunId}: mode {request.Mode}{(request.WhatIf ? " (-WhatIf)" : "")}, policy {request.Policy.Hash}.");

            var channels = request.Notices == null
                ? (IReadOnlyList<INoticeChannel>)Array.Empty<INoticeChannel>()
                : await NoticeChannels.CreateAsync(request.Notices, _connection, _host, cancellationToken).ConfigureAwait(false);
            try
            {
                Phase(1, request.MergeFindingsPath == null ? "enumerating and judging accounts" : "merging the shards' findings");
                if (request.MergeFindingsPath != null) await ShardRun.LoadAsync(request, sink, _connection, cancellationToken).ConfigureAwait(false);
                else await ScanAsync(request, sink, cancellationToken).ConfigureAwait(false);
                if (request.ShardFindingsPath != null)
                {
                    var written = await ShardRun.WriteAsync(request, sink, _connection, start, cancellationToken).ConfigureAwait(false);
                    _host.Progress(Activity, "done", 100);
                    return Result(request, sink, RunLedger.History(request, sink, null, false, start, request.Clock.UtcNow), null, false, 0, 0, written);
                }

                Phase(2, "acting on keys");
                var (breaker, stopped, activeKeys, considered) = await ActAsync(request, sink, cancellationToken).ConfigureAwait(false);

                Phase(3, "notifying owners");
                await NotifyAsync(request, sink, channels, breaker, stopped, cancellationToken).ConfigureAwait(false);

                Phase(4, "writing the run history");
                var history = RunLedger.History(request, sink, breaker, stopped, start, request.Clock.UtcNow);
                if (request.History != null)
                {
                    await request.History.AppendAsync(history, cancellationToken).ConfigureAwait(false);
                }

                _host.Progress(Activity, "done", 100);
                return Result(request, sink, history, breaker, stopped, activeKeys, considered, null);
            }
            finally
            {
                foreach (var channel in channels) (channel as IDisposable)?.Dispose();
            }
        }

        private static HygieneRunResult Result(HygieneRunRequest request, RunSink sink, Records.RunHistoryRecord history, BreakerCheck? breaker, bool stopped,
            int activeKeys, int considered, string? shardFindings)
            => new HygieneRunResult(history, request.Mode, request.WhatIf)
            {
                AccountsEnumerated = sink.Accounts.Count,
                AccountsScanned = sink.ScanTotals?.AccountsScanned ?? 0,
                AccountsFailed = history.Accounts.Count(a => a.Error != null),
                KeysRead = sink.ScanTotals?.KeysRead ?? 0,
                ActiveKeys = activeKeys,
                KeysConsidered = considered,
                Breaker = breaker != null && breaker.Trips ? breaker : null,
                BreakerStoppedRun = stopped,
                AuditLogLocation = request.Audit.Location,
                RunHistoryLocation = shardFindings == null ? request.History?.Location : null,
                ShardFindingsLocation = shardFindings,
            };

        /// <summary>Enumerate and judge: accounts go into the scan as the organization walk reaches them. Findings only,
        /// as Get-StaleAccessKey writes them (Healthy keys cost no extra call); the scan counts the active keys it saw.</summary>
        private async Task ScanAsync(HygieneRunRequest request, RunSink sink, CancellationToken cancellationToken)
        {
            using (var scan = new ScanService(sink).Start(request.Policy, request.Scan, request.Clock, null, cancellationToken))
            {
                sink.AccountFound = scan.Add;
                try
                {
                    await EnumerateAsync(request, sink, _connection, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    sink.AccountFound = null;
                    scan.CompleteAdding();
                }

                await scan.Completion.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>The accounts to run over, written to the sink as the organization walk reaches them (the caller's own
        /// account when no selection was given).</summary>
        internal static async Task EnumerateAsync(HygieneRunRequest request, RunSink sink, AwsConnection connection, CancellationToken cancellationToken)
        {
            var organization = new OrganizationService(connection, sink);
            if (request.Selection == null)
                sink.WriteResult(await organization.CallerAccountAsync(cancellationToken).ConfigureAwait(false));
            else
                await organization.WriteAccountsAsync(request.Selection, request.Roles, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Act through the one KeyActionRun: every finding (Healthy ones, given -IncludeHealthy, are not), each by its effective rule's action. Audit,
        /// Notify and -WhatIf go the -WhatIf way (re-read and re-judge live, change nothing; a trip is BreakerWouldTrip).</summary>
        private async Task<(BreakerCheck? Breaker, bool Stopped, int ActiveKeys, int Considered)> ActAsync(HygieneRunRequest request, RunSink sink,
            CancellationToken cancellationToken)
        {
            var findings = sink.Findings;
            var activeKeys = (int)Math.Min(int.MaxValue, sink.ScanTotals?.ActiveKeysRead ?? 0);
            var settings = new ActionSettings
            {
                RunId = request.RunId,
                ThrottleLimit = Math.Min(Math.Max(1, request.Scan.ThrottleLimit), 64),
                WhatIf = !request.Changes,
                MaxDisable = request.MaxDisable,
                MaxDelete = request.MaxDelete,
                ActiveKeysInventoried = activeKeys,
            };
            var run = await new ActionService(_connection, sink).StartAsync(KeyAction.ByRule(request.Rotation, _connection), request.Policy,
                request.Clock, settings, request.Audit, cancellationToken, SmtpKeyIds(request.Notices)).ConfigureAwait(false);
            var considered = 0;
            foreach (var finding in findings.Where(f => f.Stage != nameof(KeyStage.Healthy)))
            {
                run.Add(finding);
                considered++;
            }

            sink.Consent = request.Changes ? Consent.Ask : Consent.No;
            try
            {
                run.Confirm();
            }
            catch (EngineException tripped) when (tripped.Entry == ErrorCatalog.CircuitBreakerTripped)
            {
                _host.Warning($"{tripped.Message} The notices and the records still go out.");
                return (run.Breaker, true, activeKeys, considered);
            }
            finally
            {
                sink.Consent = Consent.No;
            }

            await run.ExecuteAsync(sink.Accounts, cancellationToken).ConfigureAwait(false);
            return (run.Breaker, false, activeKeys, considered);
        }

        /// <summary>Notify through NoticeService, with what was done (Enforce) and the breaker's trip in the summary. Notify
        /// and Enforce send without a question per message (the mode is the consent); Audit and -WhatIf answer every
        /// message No (WhatIf records), so nothing is sent.</summary>
        private async Task NotifyAsync(HygieneRunRequest request, RunSink sink, IReadOnlyList<INoticeChannel> channels, BreakerCheck? breaker,
            bool stopped, CancellationToken cancellationToken)
        {
            if (channels.Count == 0 || request.Templates == null)
            {
                _host.Verbose("No notice channel was given: no notices.");
                return;
            }

            var options = new NoticeOptions
            {
                RunId = request.RunId,
                DefaultLanguage = request.DefaultLanguage,
                SummaryChannel = request.Notices!.SummaryChannel,
                FallbackChannel = request.Notices.FallbackChannel,
                BreakerTrip = breaker != null && breaker.Trips
                    ? new BreakerTrip
                    {
                        WouldDisable = breaker.WouldDisable,
                        MaxDisable = breaker.MaxDisableByPercent is int byPercent ? Math.Min(byPercent, breaker.MaxDisable) : breaker.MaxDisable,
                        WouldDelete = breaker.WouldDelete,
                        MaxDelete = breaker.MaxDelete,
                        Message = breaker.Text + (stopped ? " Nothing was changed." : " (Audit: reported, not enforced.)"),
                    }
                    : null,
            };
            var actions = request.Changes ? sink.Actions : Array.Empty<KeyActionRecord>();
            sink.Consent = request.Sends ? Consent.Yes : Consent.No;
            try
            {
                await new NoticeService(sink, request.Clock).SendAsync(sink.Findings, actions, channels, request.Templates, options, cancellationToken)
                    .ConfigureAwait(false);
            }
            finally
            {
                sink.Consent = Consent.No;
            }
        }

        /// <summary>SES SMTP credentials are derived from an IAM access key and carry its id as the user name: that key is
        /// the module's own (ModuleOwnKey), never disabled, deleted or rotated by the run it sends for.</summary>
        internal static IEnumerable<string> SmtpKeyIds(NoticeChannelSettings? notices)
        {
            var userName = notices?.SmtpCredential?.UserName?.Trim();
            return IamIdentifiers.IsAccessKeyId(userName) ? new[] { userName! } : Array.Empty<string>();
        }

        private void Phase(int number, string what) => _host.Progress(Activity, $"Phase {number} of 4: {what}", (number - 1) * 25);
    }
}
