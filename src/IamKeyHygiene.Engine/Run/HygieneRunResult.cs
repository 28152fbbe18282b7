using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>What one Invoke-KeyHygiene run did: its history line (counts per stage, outcome and account, errors, the
    /// breaker) and what only the summary shows. The cmdlet's HygieneRunSummary is made from it.</summary>
    public sealed class HygieneRunResult
    {
        internal HygieneRunResult(RunHistoryRecord history, RunMode mode, bool whatIf)
        {
            History = history;
            Mode = mode;
            WhatIf = whatIf;
        }

        /// <summary>The run history line, as written (or as it would have been, without -RunHistoryPath).</summary>
        public RunHistoryRecord History { get; }
        public RunMode Mode { get; }
        public bool WhatIf { get; }

        public int AccountsEnumerated { get; internal set; }

        /// <summary>Accounts read to the end (the scan's count).</summary>
        public int AccountsScanned { get; internal set; }

        /// <summary>Accounts with an error in any phase (each one non-terminating error).</summary>
        public int AccountsFailed { get; internal set; }
        public long KeysRead { get; internal set; }

        /// <summary>Active access keys of IAM users inventoried: the breaker's percent rule counts against them.</summary>
        public int ActiveKeys { get; internal set; }

        /// <summary>Keys handed to the act phase (every finding).</summary>
        public int KeysConsidered { get; internal set; }

        /// <summary>Non-null when the breaker tripped (Enforce: the run changed nothing) or would have (Audit, Notify, -WhatIf).</summary>
        public BreakerCheck? Breaker { get; internal set; }

        /// <summary>True when the breaker stopped the run's changes: the cmdlet ends with CircuitBreakerTripped after the summary.</summary>
        public bool BreakerStoppedRun { get; internal set; }
        public string AuditLogLocation { get; internal set; } = "";
        public string? RunHistoryLocation { get; internal set; }

        public TimeSpan Duration => History.End - History.Start;
    }
}
