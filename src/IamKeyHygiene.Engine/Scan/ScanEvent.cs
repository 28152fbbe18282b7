using System;

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

        /// <summary>Set for <see cref="ScanEventKind.AccountFailed"/>: a stable id (AssumeRoleFailed, AccountScanFailed).</summary>
        public string? ErrorId { get; private set; }

        /// <summary>Set for <see cref="ScanEventKind.AccountFailed"/>: what went wrong (names the account, never a secret).</summary>
        public Exception? Error { get; private set; }

        internal static ScanEvent ForFinding(KeyFinding finding)
            => new ScanEvent(ScanEventKind.Finding, finding.AccountId) { Finding = finding };

        internal static ScanEvent Completed(string accountId) => new ScanEvent(ScanEventKind.AccountCompleted, accountId);

        internal static ScanEvent Failed(string accountId, string errorId, Exception error)
            => new ScanEvent(ScanEventKind.AccountFailed, accountId) { ErrorId = errorId, Error = error };
    }
}
