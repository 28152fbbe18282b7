namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>How one action run goes, from the cmdlet's parameters.</summary>
    public sealed class ActionSettings
    {
        public const int DefaultThrottleLimit = 8;

        /// <summary>Accounts changed at the same time.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>-MaxDisable / -MaxDelete: the circuit breaker's caps for this run, instead of the policy's.</summary>
        public int? MaxDisable { get; set; }
        public int? MaxDelete { get; set; }

        /// <summary>The active keys the run inventoried (Invoke-KeyHygiene): the breaker's percent rule
        /// (MaxDisablePercent) applies once at least MaxDisablePercentMinKeys were seen; null for the action cmdlets.</summary>
        public int? ActiveKeysInventoried { get; set; }

        /// <summary>-WhatIf: a breaker trip is reported (BreakerWouldTrip), not enforced.</summary>
        public bool WhatIf { get; set; }

        /// <summary>The run's id, in every result and audit line (<see cref="ActionService.NewRunId"/>).</summary>
        public string RunId { get; set; } = "";
    }
}
