using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Run;

namespace IamKeyHygiene
{
    /// <summary>
    /// What one Invoke-KeyHygiene run did, its one output object: the mode, counts for every phase (accounts enumerated
    /// and scanned, keys read and judged per stage, actions per outcome, notices sent and failed), the errors per
    /// account, and the circuit breaker's counts when it tripped or would have. Holds no secret.
    /// </summary>
    public sealed class HygieneRunSummary
    {
        internal HygieneRunSummary(HygieneRunResult result)
        {
            var history = result.History;
            RunId = history.RunId;
            Mode = result.Mode.ToString();
            WhatIf = result.WhatIf;
            Start = history.Start;
            End = history.End;
            Duration = result.Duration;
            AccountsEnumerated = result.AccountsEnumerated;
            AccountsScanned = result.AccountsScanned;
            AccountsFailed = result.AccountsFailed;
            KeysRead = result.KeysRead;
            ActiveKeys = result.ActiveKeys;
            Stages = Copy(history.Stages);
            Outcomes = Copy(history.Outcomes);
            KeysActedOn = history.Outcomes.TryGetValue("Done", out var done) ? done : 0;
            var notices = history.Notices ?? new Dictionary<string, int>();
            NoticesSent = notices.TryGetValue("Sent", out var sent) ? sent : 0;
            NoticesFailed = notices.TryGetValue("Failed", out var failed) ? failed : 0;
            NoticesWhatIf = notices.TryGetValue("WhatIf", out var whatIf) ? whatIf : 0;
            Errors = history.Errors.Select(e => new HygieneRunError(e)).ToArray();
            Accounts = history.Accounts.Select(a => new HygieneRunAccount(a)).ToArray();
            FailedAccountIds = Accounts.Where(a => a.Error != null).Select(a => a.AccountId).ToArray();
            BreakerTrip = result.Breaker == null ? null : new HygieneBreakerTrip(history.Breaker!);
            AuditLogPath = result.AuditLogLocation;
            RunHistoryPath = result.RunHistoryLocation;
        }

        /// <summary>The run's id, as in every audit line, notice and the run history.</summary>
        public string RunId { get; }

        /// <summary>Audit, Notify or Enforce.</summary>
        public string Mode { get; }

        /// <summary>True under -WhatIf: nothing was sent or changed, whatever the mode.</summary>
        public bool WhatIf { get; }

        /// <summary>At the module clock, UTC.</summary>
        public DateTimeOffset Start { get; }
        public DateTimeOffset End { get; }
        public TimeSpan Duration { get; }

        /// <summary>Enumerate: accounts the organization walk selected (the caller's own account without -RoleName or a selection).</summary>
        public int AccountsEnumerated { get; }

        /// <summary>Judge: accounts read to the end.</summary>
        public int AccountsScanned { get; }

        /// <summary>Accounts with an error in any phase (see <see cref="Errors"/>); -FailOnError fails the run when not 0.</summary>
        public int AccountsFailed { get; }
        public string[] FailedAccountIds { get; }

        /// <summary>Access keys seen, root keys included.</summary>
        public long KeysRead { get; }

        /// <summary>Active access keys of IAM users inventoried: the circuit breaker's percent rule counts against them.</summary>
        public int ActiveKeys { get; }

        /// <summary>Judge: findings per stage, as Get-StaleAccessKey writes them (Healthy keys are counted in KeysRead only; e.g. <c>$summary.Stages.Disable</c>).</summary>
        public Dictionary<string, int> Stages { get; }

        /// <summary>Act: keys per action outcome (Done, WhatIf, Skipped, Blocked, Deferred, Failed).</summary>
        public Dictionary<string, int> Outcomes { get; }

        /// <summary>Keys changed (outcome Done).</summary>
        public int KeysActedOn { get; }

        /// <summary>Notify: messages sent, failed, and (Audit, -WhatIf) only previewed.</summary>
        public int NoticesSent { get; }
        public int NoticesFailed { get; }
        public int NoticesWhatIf { get; }

        /// <summary>Every error of the run: AccountId (empty for the run's own), ErrorId (about_IamKeyHygiene_Errors), Message.</summary>
        public HygieneRunError[] Errors { get; }

        /// <summary>Per account: its stages, outcomes and error, as in the run history line.</summary>
        public HygieneRunAccount[] Accounts { get; }

        /// <summary>Null, or the circuit breaker's counts when it tripped (Enforce: nothing changed) or would have (BreakerWouldTrip).</summary>
        public HygieneBreakerTrip? BreakerTrip { get; }

        public string AuditLogPath { get; }

        /// <summary>Where the run history line went; null when no -RunHistoryPath was given.</summary>
        public string? RunHistoryPath { get; }

        /// <summary>"Warn 3, Disable 1": the stages for the table view.</summary>
        public string StageText => Text(Stages);

        /// <summary>"Done 1, Skipped 3": the outcomes for the table view.</summary>
        public string OutcomeText => Text(Outcomes);

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0} run {1}: {2} account(s) scanned, {3} failed; stages: {4}; actions: {5}; notices: {6} sent, {7} failed{8}.",
            Mode, RunId, AccountsScanned, AccountsFailed, StageText, OutcomeText, NoticesSent, NoticesFailed,
            BreakerTrip == null ? "" : "; " + BreakerTrip.Outcome);

        private static Dictionary<string, int> Copy(Dictionary<string, int> counts) => new Dictionary<string, int>(counts, StringComparer.OrdinalIgnoreCase);

        internal static string Text(Dictionary<string, int> counts)
            => counts.Count == 0 ? "none" : string.Join(", ", counts.Select(p => $"{p.Key} {p.Value}"));
    }

    /// <summary>One error of an Invoke-KeyHygiene run.</summary>
    public sealed class HygieneRunError
    {
        internal HygieneRunError(RunHistoryError error)
        {
            AccountId = error.AccountId ?? "";
            ErrorId = error.ErrorId;
            Message = error.Message;
        }

        /// <summary>The account, or empty for an error of the run itself (a notice that failed).</summary>
        public string AccountId { get; }
        public string ErrorId { get; }
        public string Message { get; }

        public override string ToString() => $"{AccountId} {ErrorId}: {Message}".TrimStart();
    }

    /// <summary>One account of an Invoke-KeyHygiene run.</summary>
    public sealed class HygieneRunAccount
    {
        internal HygieneRunAccount(RunHistoryAccount account)
        {
            AccountId = account.AccountId;
            Stages = new Dictionary<string, int>(account.Stages, StringComparer.OrdinalIgnoreCase);
            Outcomes = new Dictionary<string, int>(account.Outcomes, StringComparer.OrdinalIgnoreCase);
            Error = account.Error == null ? null : new HygieneRunError(account.Error);
        }

        public string AccountId { get; }
        public Dictionary<string, int> Stages { get; }
        public Dictionary<string, int> Outcomes { get; }
        public HygieneRunError? Error { get; }

        public override string ToString() => $"{AccountId}: {HygieneRunSummary.Text(Stages)}" + (Error == null ? "" : $" ({Error.ErrorId})");
    }

    /// <summary>The circuit breaker's counts in a run summary.</summary>
    public sealed class HygieneBreakerTrip
    {
        internal HygieneBreakerTrip(RunHistoryBreaker breaker)
        {
            WouldDisable = breaker.WouldDisable;
            MaxDisable = breaker.MaxDisable;
            WouldDelete = breaker.WouldDelete;
            MaxDelete = breaker.MaxDelete;
            ActiveKeys = breaker.ActiveKeys;
            MaxDisableByPercent = breaker.MaxDisableByPercent;
            Enforced = breaker.Enforced;
            Message = breaker.Message;
        }

        public int WouldDisable { get; }
        public int MaxDisable { get; }
        public int WouldDelete { get; }
        public int MaxDelete { get; }

        /// <summary>Active keys inventoried, and the most the percent rule (MaxDisablePercent) allowed; null when fewer than MaxDisablePercentMinKeys were seen.</summary>
        public int? ActiveKeys { get; }
        public int? MaxDisableByPercent { get; }

        /// <summary>True when the trip stopped the run's changes (Enforce); false when only reported (Audit, Notify, -WhatIf).</summary>
        public bool Enforced { get; }

        /// <summary>CircuitBreakerTripped (Enforce) or BreakerWouldTrip.</summary>
        public string Outcome => Enforced ? "CircuitBreakerTripped" : "BreakerWouldTrip";
        public string Message { get; }

        public override string ToString() => $"{Outcome}: {Message}";
    }
}
