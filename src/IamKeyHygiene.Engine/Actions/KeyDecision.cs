namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>What an action decided for one key: go ahead with <see cref="Action"/> (<see cref="Proceed"/>), or
    /// stop with an outcome and a reason. Made by <see cref="KeyAction"/>s, carried by the run.</summary>
    internal sealed class KeyDecision
    {
        private KeyDecision(string action, KeyActionOutcome? outcome, string reason, string? message)
        {
            Action = action;
            Outcome = outcome;
            Reason = reason;
            Message = message;
        }

        public string Action { get; }

        /// <summary>Null when the change is to be made.</summary>
        public KeyActionOutcome? Outcome { get; }
        public string Reason { get; }
        public string? Message { get; }
        public bool Proceed => Outcome == null;

        public static KeyDecision Change(string action, string reason = "") => new KeyDecision(action, null, reason, null);
        public static KeyDecision Skip(string action, string reason, string? message = null) => new KeyDecision(action, KeyActionOutcome.Skipped, reason, message);
        public static KeyDecision Block(string action, string reason, string? message = null) => new KeyDecision(action, KeyActionOutcome.Blocked, reason, message);
    }
}
