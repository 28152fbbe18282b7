using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// One run in the run history: one JSON line per run (docs/records.md), written when the run ends. Counts are keyed
    /// by stage name (Healthy, Warn, Disable…) and by action outcome name (Disabled, Skipped, WhatIf…); a name with no
    /// key has no entry. Each account carries its own counts and error, so histories of shard runs can be merged
    /// account by account.
    /// </summary>
    public sealed class RunHistoryRecord
    {
        public string RunId { get; set; } = "";

        /// <summary>UTC, the module clock's.</summary>
        public DateTimeOffset Start { get; set; }

        /// <summary>UTC, the module clock's.</summary>
        public DateTimeOffset End { get; set; }

        /// <summary>Keys per stage over every account.</summary>
        public Dictionary<string, int> Stages { get; set; } = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Actions per outcome over every account.</summary>
        public Dictionary<string, int> Outcomes { get; set; } = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Every error of the run, the accounts' included.</summary>
        public List<RunHistoryError> Errors { get; set; } = new List<RunHistoryError>();

        public List<RunHistoryAccount> Accounts { get; set; } = new List<RunHistoryAccount>();

        /// <summary>Invoke-KeyHygiene's mode (Audit, Notify, Enforce); absent from lines written before it had one.</summary>
        public string? Mode { get; set; }

        /// <summary>Notices per outcome (Sent, WhatIf, Failed); absent when the run sent none.</summary>
        public Dictionary<string, int>? Notices { get; set; }

        /// <summary>The circuit breaker's counts when it tripped (or, in Audit and under -WhatIf, would have); absent otherwise.</summary>
        public RunHistoryBreaker? Breaker { get; set; }

        /// <summary>The count of a stage; 0 when the run saw none.</summary>
        public int StageCount(string stage) => Stages != null && Stages.TryGetValue(stage, out var count) ? count : 0;
    }

    /// <summary>One account of a run: its keys per stage, its actions per outcome, and its error (null when read in full).</summary>
    public sealed class RunHistoryAccount
    {
        public string AccountId { get; set; } = "";
        public Dictionary<string, int> Stages { get; set; } = new Dictionary<string, int>(StringComparer.Ordinal);
        public Dictionary<string, int> Outcomes { get; set; } = new Dictionary<string, int>(StringComparer.Ordinal);
        public RunHistoryError? Error { get; set; }
    }

    /// <summary>A circuit-breaker trip in the run history: what the run would have disabled and deleted, the caps, and
    /// whether it stopped the run (Enforce) or was only reported (Audit, -WhatIf: BreakerWouldTrip).</summary>
    public sealed class RunHistoryBreaker
    {
        public int WouldDisable { get; set; }
        public int MaxDisable { get; set; }
        public int WouldDelete { get; set; }
        public int MaxDelete { get; set; }
        public int? ActiveKeys { get; set; }
        public int? MaxDisableByPercent { get; set; }
        public bool Enforced { get; set; }
        public string Message { get; set; } = "";
    }

    /// <summary>An error of a run: its stable id (about_IamKeyHygiene_Errors), the account (null for the run's own) and the message.</summary>
    public sealed class RunHistoryError
    {
        public string ErrorId { get; set; } = "";
        public string? AccountId { get; set; }
        public string Message { get; set; } = "";
    }
}
