using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// One run of an action cmdlet, the flow every action shares; the <see cref="KeyAction"/> says what to do to a key.
    /// 1. <see cref="Add"/> collects every finding first (the breaker needs them all).
    /// 2. <see cref="Confirm"/>, on the pipeline thread: the rails that need no AWS call (preview, policy hash, the
    ///    module's own key, what the finding asks of the action), then the circuit breaker over what is left, then
    ///    ShouldProcess per key. Pass-throughs are written at once, each with one audit outcome line.
    /// 3. <see cref="ExecuteAsync"/>: accounts in parallel (ThrottleLimit), keys of one account in turn: re-read and
    ///    re-judge live at the module clock, the action decides again, intent line, change, outcome line, result.
    /// </summary>
    public sealed class KeyActionRun
    {
        public const string Activity = "Acting on access keys";

        private readonly KeyAction _action;
        private readonly HygienePolicy _policy;
        private readonly KeyJudge _judge;
        private readonly EngineClock _clock;
        private readonly ActionSettings _settings;
        private readonly IEngineHost _host;
        private readonly IAuditLog _audit;
        private readonly string _caller;
        private readonly ISet<string> _moduleKeyIds;
        private readonly Func<AccountTarget, IActionIam> _iamOf;
        private readonly List<KeyFinding> _input = new List<KeyFinding>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<KeyFinding> _bare = new HashSet<KeyFinding>();
        /// <summary>Keys to re-read and act on; a preview (-WhatIf) is re-read and re-judged too, and only reported.</summary>
        private readonly List<(KeyFinding Finding, string Action, string Reason, bool Preview)> _approved = new List<(KeyFinding, string, string, bool)>();
        private int _done;

        internal KeyActionRun(KeyAction action, HygienePolicy policy, EngineClock clock, ActionSettings settings, IEngineHost host, IAuditLog audit,
            string caller, IEnumerable<string> moduleKeyIds, Func<AccountTarget, IActionIam> iamOf)
        {
            _action = action;
            _policy = policy;
            _judge = new KeyJudge(policy);
            _clock = clock;
            _settings = settings;
            _host = host;
            _audit = audit;
            _caller = caller;
            _moduleKeyIds = new HashSet<string>(moduleKeyIds.Where(id => !string.IsNullOrEmpty(id)), StringComparer.Ordinal);
            _iamOf = iamOf;
        }

        public string RunId => _settings.RunId;

        /// <summary>The accounts of the keys approved by <see cref="Confirm"/>: the ones <see cref="ExecuteAsync"/> needs.</summary>
        public IReadOnlyList<string> AccountIds => _approved.Select(a => a.Finding.AccountId).Distinct().ToList();

        /// <summary>Collects one finding; the same key given twice is acted on once.</summary>
        public void Add(KeyFinding finding)
        {
            if (finding == null) throw new ArgumentNullException(nameof(finding));
            if (finding.AccessKeyId.Length == 0 || _seen.Add(finding.AccountId + "/" + finding.AccessKeyId))
            {
                _input.Add(finding);
            }
        }

        /// <summary>Collects a key named without a finding (Restore-AccessKey by key id or run id): its result carries no Finding.</summary>
        public void AddKey(string accountId, string userName, string accessKeyId)
        {
            var bare = new KeyFinding { AccountId = accountId, UserName = userName, AccessKeyId = accessKeyId };
            _bare.Add(bare);
            Add(bare);
        }

        /// <summary>
        /// Pipeline thread. Screens every finding, decides the circuit breaker (a trip is a terminating
        /// CircuitBreakerTripped, nothing changed; under -WhatIf a warning and results saying BreakerWouldTrip), then asks
        /// ShouldProcess per key. Returns how many keys were approved (previews under -WhatIf not counted).
        /// </summary>
        public int Confirm()
        {
            var planned = new List<(KeyFinding Finding, string Action)>();
            var passed = new List<KeyActionRecord>();
            foreach (var finding in _input)
            {
                var decision = Rails(finding);
                if (decision.Proceed) planned.Add((finding, decision.Action));
                else passed.Add(Record(finding, decision.Action, decision.Outcome!.Value, decision.Reason, decision.Message));
            }

            var breakerReason = CircuitBreaker(planned);
            foreach (var record in passed)
            {
                Finish(record);
            }

            foreach (var (finding, action) in planned)
            {
                var target = $"{finding.AccessKeyId} of user {finding.UserName} in account {finding.AccountId}";
                if (_host.ShouldProcess(target, _action.Describe(action)))
                {
                    _approved.Add((finding, action, breakerReason, false));
                }
                else if (_settings.WhatIf)
                {
                    // -WhatIf answers before the live re-read; the key is still re-read and re-judged, so the preview
                    // says what the real run would do (a Stage typed in by hand previews as the real run's skip).
                    _approved.Add((finding, action, breakerReason, true));
                }
                else
                {
                    Finish(Record(finding, action, KeyActionOutcome.WhatIf, breakerReason, "not changed (-WhatIf, or not confirmed)"));
                }
            }

            return _approved.Count(a => !a.Preview);
        }

        /// <summary>Acts on the approved keys, <see cref="ActionSettings.ThrottleLimit"/> accounts at a time; a key whose
        /// account is not among <paramref name="accounts"/> fails (KeyActionFailed) and the others go on.</summary>
        public async Task ExecuteAsync(IReadOnlyList<AccountTarget> accounts, CancellationToken cancellationToken)
        {
            var byId = accounts.GroupBy(a => a.Account.AccountId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var total = _approved.Count;
            _host.Progress(Activity, $"Keys done: 0 of {total}", total == 0 ? 100 : 0);
            using (var slots = new SemaphoreSlim(Math.Max(1, _settings.ThrottleLimit)))
            {
                var work = _approved.GroupBy(a => a.Finding.AccountId).Select(async group =>
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        byId.TryGetValue(group.Key, out var target);
                        if (group.All(a => a.Preview))
                        {
                            // Only re-reads (-WhatIf, Audit): the users of one account are read side by side, each user's keys in turn.
                            using (var users = new SemaphoreSlim(PreviewUsersAtOnce))
                            {
                                await Task.WhenAll(group.GroupBy(a => a.Finding.UserName, StringComparer.Ordinal).Select(async user =>
                                {
                                    await users.WaitAsync(cancellationToken).ConfigureAwait(false);
                                    try
                                    {
                                        await ActInTurnAsync(target, user, total, cancellationToken).ConfigureAwait(false);
                                    }
                                    finally
                                    {
                                        users.Release();
                                    }
                                })).ConfigureAwait(false);
                            }
                        }
                        else
                        {
                            // Changes: one key at a time per account, in input order.
                            await ActInTurnAsync(target, group, total, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        slots.Release();
                    }
                }).ToList();
                await Task.WhenAll(work).ConfigureAwait(false);
            }
        }

        /// <summary>How many users of one account a preview (-WhatIf, Audit) re-reads at once: it changes nothing, so
        /// only the caller's request rate bounds it.</summary>
        private const int PreviewUsersAtOnce = 4;

        private async Task ActInTurnAsync(AccountTarget? target, IEnumerable<(KeyFinding Finding, string Action, string Reason, bool Preview)> keys, int total,
            CancellationToken cancellationToken)
        {
            foreach (var (finding, action, reason, preview) in keys)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ActOnKeyAsync(target, finding, action, preview ? reason : null, cancellationToken).ConfigureAwait(false);
                var done = Interlocked.Increment(ref _done);
                _host.Progress(Activity, $"Keys done: {done} of {total}", done >= total ? 100 : done * 100 / total);
            }
        }

        /// <summary>The rails that need no AWS call, then what the finding asks of the action.</summary>
        private KeyDecision Rails(KeyFinding finding)
        {
            if (finding.Stage == nameof(KeyStage.NewKey) && _action.ActsOnFindingsJudgement)
            {
                // Before the policy rail: a CreateAccessKey event converted under another policy is still only a report.
                return KeyDecision.Skip(ActionNames.None, finding.Stage, "a key just created (a CreateAccessKey event): reported and notified, never acted on");
            }

            if (finding.IsPreview && _action.ActsOnFindingsJudgement)
            {
                return KeyDecision.Skip(ActionNames.None, ActionReasons.PreviewFinding, $"judged as of {finding.EvaluatedAt:yyyy-MM-ddTHH:mm:ssZ} (-AsOf): a preview is never acted on");
            }

            if (_action.ActsOnFindingsJudgement && !string.Equals(finding.PolicyHash, _policy.Hash, StringComparison.OrdinalIgnoreCase))
            {
                return KeyDecision.Skip(ActionNames.None, ActionReasons.PolicyChanged, finding.PolicyHash.Length == 0
                    ? "the finding carries no policy hash: scan again with the policy to act under"
                    : $"judged under policy {finding.PolicyHash}, not {_policy.Hash}: scan again with -Policy");
            }

            if (finding.AccessKeyId.Length > 0 && _moduleKeyIds.Contains(finding.AccessKeyId))
            {
                return KeyDecision.Block(ActionNames.None, ActionReasons.ModuleOwnKey, "the module uses this key (it signs with it, or it is behind the SMTP credential); change it with other credentials");
            }

            var decision = _action.Screen(finding);
            return decision.Proceed && finding.AccessKeyId.Length == 0
                ? KeyDecision.Skip(ActionNames.None, finding.Stage, "the finding names no access key")
                : decision;
        }

        /// <summary>What the circuit breaker counted before the first change (set by <see cref="Confirm"/>, also when it trips).</summary>
        public BreakerCheck? Breaker { get; private set; }

        /// <summary>Throws CircuitBreakerTripped when a cap is exceeded (under -WhatIf: warns and returns BreakerWouldTrip).</summary>
        private string CircuitBreaker(IReadOnlyList<(KeyFinding Finding, string Action)> planned)
        {
            var breaker = Breaker = BreakerCheck.Count(
                planned.Count(p => _action.CountsAgainst(p.Action) == BreakerCount.Disable),
                planned.Count(p => _action.CountsAgainst(p.Action) == BreakerCount.Delete),
                _settings, _policy.CircuitBreaker);
            if (!breaker.Trips) return "";

            if (_settings.WhatIf)
            {
                _host.Warning($"{breaker.Text} A real run would stop before the first change; -MaxDisable/-MaxDelete raise the caps for one run.");
                return ActionReasons.BreakerWouldTrip;
            }

            throw new EngineException(ErrorCatalog.CircuitBreakerTripped, $"{breaker.WouldDisable} disable, {breaker.WouldDelete} delete",
                $"{breaker.Text} Nothing was changed. Check the findings, then run again with a larger -MaxDisable or -MaxDelete (never -Force) if they are right.");
        }

        // previewReason is non-null under -WhatIf: the key is re-read and re-judged, and a change it still warrants is
        // reported as WhatIf with this reason (BreakerWouldTrip or empty), not made.
        private async Task ActOnKeyAsync(AccountTarget? target, KeyFinding finding, string planned, string? previewReason, CancellationToken cancellationToken)
        {
            if (target == null)
            {
                Fail(Record(finding, planned, KeyActionOutcome.Failed, ActionReasons.AccountUnreachable, $"account {finding.AccountId} is not among the accounts reached"));
                return;
            }

            var iam = _iamOf(target);
            LiveKey live;
            var now = _clock.UtcNow;
            try
            {
                live = await LiveKey.ReadAsync(iam, target.Account, finding.UserName, finding.AccessKeyId, _judge, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                Fail(Record(finding, planned, KeyActionOutcome.Failed, ActionReasons.AccountUnreachable, Describe(exception)));
                return;
            }

            var decision = _action.Decide(planned, live, finding);
            if (!decision.Proceed)
            {
                Finish(Record(finding, decision.Action, decision.Outcome!.Value, decision.Reason, decision.Message));
                return;
            }

            if (previewReason != null)
            {
                Finish(Record(finding, decision.Action, KeyActionOutcome.WhatIf, previewReason, "not changed (-WhatIf); the live state warrants it"));
                return;
            }

            var record = Record(finding, decision.Action, KeyActionOutcome.Failed, "", null);
            try
            {
                _audit.Append(AuditLine(record, AuditRecord.IntentPhase));
            }
            catch (Exception exception) when (!(exception is OperationCanceledException))
            {
                Fail(Record(finding, decision.Action, KeyActionOutcome.Failed, ActionReasons.AuditLogFailed,
                    $"the intent line could not be written to {_audit.Location}, so nothing was changed: {exception.Message}"), writeAudit: false);
                return;
            }

            try
            {
                await _action.ApplyAsync(new ActionStep(iam, finding, live, decision.Action, _judge, now) { Host = _host, SideChange = SideChangeAsync }, record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                record.Reason = ActionReasons.ChangeFailed;
                record.Message = Describe(exception);
                Fail(record);
                return;
            }

            if (record.Outcome == KeyActionOutcome.Failed) Fail(record);
            else Finish(record);
        }

        /// <summary>A change beside the finding's key: intent line, the change, outcome line and a result of its own (Done);
        /// a failure gets its outcome line and goes on to fail the finding's own action.</summary>
        private async Task SideChangeAsync(KeyActionRecord side, Func<Task> change)
        {
            side.RunId = _settings.RunId;
            _audit.Append(AuditLine(side, AuditRecord.IntentPhase));
            try
            {
                await change().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                side.Outcome = KeyActionOutcome.Failed;
                side.Message = Describe(exception);
                try
                {
                    _audit.Append(AuditLine(side, AuditRecord.OutcomePhase));
                }
                catch (Exception auditFailure) when (!(auditFailure is OperationCanceledException))
                {
                    _host.Warning($"The audit log {_audit.Location} refused the outcome line of {side}: {auditFailure.Message}");
                }

                throw;
            }

            side.Outcome = KeyActionOutcome.Done;
            Finish(side);
        }

        private static string Describe(Exception exception) => exception is EngineException ? exception.Message : AwsErrors.Describe(exception);

        private KeyActionRecord Record(KeyFinding finding, string action, KeyActionOutcome outcome, string reason, string? message) => new KeyActionRecord
        {
            RunId = _settings.RunId,
            AccountId = finding.AccountId,
            UserName = finding.UserName,
            AccessKeyId = finding.AccessKeyId,
            Action = action,
            Outcome = outcome,
            Reason = reason,
            Message = message,
            Finding = _bare.Contains(finding) ? null : finding,
            NextStage = outcome == KeyActionOutcome.Done ? null : finding.NextStage,
            NextStageDate = outcome == KeyActionOutcome.Done ? null : finding.NextStageDate,
        };

        /// <summary>A failed key: its error record (non-terminating, naming account, user and key), outcome line and result.</summary>
        private void Fail(KeyActionRecord record, bool writeAudit = true)
        {
            _host.WriteError(new EngineException(ErrorCatalog.KeyActionFailed, record.AccessKeyId,
                $"Account {record.AccountId}, user {record.UserName}, key {record.AccessKeyId}: {_action.CommandName} could not {record.Action}: {record.Message}"));
            Finish(record, writeAudit);
        }

        /// <summary>The outcome line, then the result (the host writes it on the pipeline thread).</summary>
        private void Finish(KeyActionRecord record, bool writeAudit = true)
        {
            record.Time = _clock.UtcNow;
            if (writeAudit)
            {
                try
                {
                    _audit.Append(AuditLine(record, AuditRecord.OutcomePhase));
                }
                catch (Exception exception) when (!(exception is OperationCanceledException))
                {
                    _host.Warning($"The audit log {_audit.Location} refused the outcome line of {record}: {exception.Message}");
                }
            }

            _host.WriteResult(record);
        }

        private AuditRecord AuditLine(KeyActionRecord record, string phase) => new AuditRecord
        {
            Time = _clock.UtcNow,
            RunId = record.RunId,
            Caller = _caller,
            AccountId = record.AccountId,
            UserName = record.UserName,
            AccessKeyId = record.AccessKeyId,
            Action = record.Action,
            Phase = phase,
            Outcome = phase == AuditRecord.OutcomePhase ? record.Outcome.ToString() : "",
            Reason = phase == AuditRecord.OutcomePhase ? record.Reason : "",
            PolicyHash = _policy.Hash,
            NewAccessKeyId = record.NewAccessKeyId,
        };
    }
}
