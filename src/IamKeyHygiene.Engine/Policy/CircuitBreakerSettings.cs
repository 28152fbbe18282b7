namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>Limits a run checks before its first change (DESIGN.md, Contracts: circuit breaker).</summary>
    public sealed class CircuitBreakerSettings
    {
        public int MaxDisablePerRun { get; internal set; } = 25;
        public int MaxDeletePerRun { get; internal set; } = 25;

        /// <summary>Percent of the active keys inventoried; applies once at least <see cref="MaxDisablePercentMinKeys"/> were seen.</summary>
        public int MaxDisablePercent { get; internal set; } = 10;
        public int MaxDisablePercentMinKeys { get; internal set; } = 50;
    }
}
