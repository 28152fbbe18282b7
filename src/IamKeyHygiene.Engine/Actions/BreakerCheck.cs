using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Policy;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// What the circuit breaker counted before a run's first change (DESIGN.md, Contracts): the keys the run would disable
    /// and delete against their caps (-MaxDisable/-MaxDelete, else the policy's per-run numbers), and for Invoke-KeyHygiene
    /// the disables against <see cref="CircuitBreakerSettings.MaxDisablePercent"/> of the active keys it inventoried, once
    /// at least <see cref="CircuitBreakerSettings.MaxDisablePercentMinKeys"/> were seen.
    /// </summary>
    public sealed class BreakerCheck
    {
        private BreakerCheck() { }

        public int WouldDisable { get; private set; }
        public int MaxDisable { get; private set; }
        public int WouldDelete { get; private set; }
        public int MaxDelete { get; private set; }

        /// <summary>Active keys inventoried; null when the percent rule does not apply (an action cmdlet).</summary>
        public int? ActiveKeys { get; private set; }
        public int MaxDisablePercent { get; private set; }

        /// <summary>The most keys the percent rule lets the run disable; null when it does not apply (too few keys seen).</summary>
        public int? MaxDisableByPercent { get; private set; }

        /// <summary>True when a cap is exceeded: the run stops before its first change (Audit and -WhatIf only report it).</summary>
        public bool Trips => Problems.Count > 0;

        public IReadOnlyList<string> Problems { get; private set; } = Array.Empty<string>();

        /// <summary>For people: "Circuit breaker: …." (empty when it does not trip).</summary>
        public string Text => Trips ? $"Circuit breaker: {string.Join("; ", Problems)}." : "";

        internal static BreakerCheck Count(int disables, int deletes, ActionSettings settings, CircuitBreakerSettings policy)
        {
            var check = new BreakerCheck
            {
                WouldDisable = disables,
                WouldDelete = deletes,
                MaxDisable = settings.MaxDisable ?? policy.MaxDisablePerRun,
                MaxDelete = settings.MaxDelete ?? policy.MaxDeletePerRun,
                ActiveKeys = settings.ActiveKeysInventoried,
                MaxDisablePercent = policy.MaxDisablePercent,
            };
            var problems = new List<string>();
            if (disables > check.MaxDisable) problems.Add($"{disables} keys to disable, more than {check.MaxDisable} (-MaxDisable)");
            if (deletes > check.MaxDelete) problems.Add($"{deletes} keys to delete, more than {check.MaxDelete} (-MaxDelete)");
            // The percent rule guards against a policy that is wrong for this organization; an explicit -MaxDisable is
            // the operator's answer to it, so it lifts the percent rule too.
            if (check.ActiveKeys is int active && active >= policy.MaxDisablePercentMinKeys && settings.MaxDisable == null)
            {
                check.MaxDisableByPercent = active * policy.MaxDisablePercent / 100;
                if (disables > check.MaxDisableByPercent)
                {
                    problems.Add($"{disables} keys to disable, more than {policy.MaxDisablePercent} % of the {active} active keys inventoried ({check.MaxDisableByPercent}; -MaxDisable)");
                }
            }

            check.Problems = problems;
            return check;
        }
    }
}
