namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>A circuit-breaker trip that stopped (or, under Audit and -WhatIf, would have stopped) the run's changes:
    /// the summary reports it; the warn notices and the summary still go out.</summary>
    public sealed class BreakerTrip
    {
        public int WouldDisable { get; set; }
        public int MaxDisable { get; set; }
        public int WouldDelete { get; set; }
        public int MaxDelete { get; set; }

        /// <summary>The CircuitBreakerTripped error's message, for people.</summary>
        public string Message { get; set; } = "";
    }
}
