using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Scan
{
    public enum ScanEventKind
    {
        /// <summary>A judged key (or a user whose keys could not be read).</summary>
        Finding,

        /// <summary>An account was read to the end.</summary>
        AccountCompleted,

        /// <summary>An account could not be read; the others go on.</summary>
        AccountFailed,

        /// <summary>The scan cannot go on (the caller's credentials were rejected…) and was cancelled; the last event.</summary>
        Stopped,
    }

    /// <summary>What a running scan hands to its consumer, in completion order.</summary>
    public sealed class ScanEvent
    {
        private ScanEvent(ScanEventKind kind, string accountId)
        {
            Kind = kind;
            AccountId = accountId;
        }

        public ScanEventKind Kind { get; }
        public string AccountId { get; }

        /// <summary>Set for <see cref="ScanEventKind.Finding"/>.</summary>
        public KeyFinding? Finding { get; private set; }

        /// <summary>Set for <see cref="ScanEventKind.AccountFailed"/> (AssumeRoleFailed, AccountScanFailed: non-terminating)
        /// and <see cref="ScanEventKind.Stopped"/> (terminating): what went wrong, never a secret.</summary>
        public EngineException? Error { get; private set; }

        /// <summary>The stable id of <see cref="Error"/>.</summary>
        public string? ErrorId => Error?.ErrorId;

        internal static ScanEvent ForFinding(KeyFinding finding)
            => new ScanEvent(ScanEventKind.Finding, finding.AccountId) { Finding = finding };

        internal static ScanEvent Completed(string accountId) => new ScanEvent(ScanEventKind.AccountCompleted, accountId);

        internal static ScanEvent Failed(string accountId, EngineException error)
            => new ScanEvent(error.Entry.Terminating ? ScanEventKind.Stopped : ScanEventKind.AccountFailed, accountId) { Error = error };
    }
}
