using System;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// One line of the audit log (JSON lines; property names as written here in camelCase): an <c>intent</c> line
    /// before each change and an <c>outcome</c> line after it, and one line for every decision not to change.
    /// Never a secret: key ids only.
    /// </summary>
    public sealed class AuditRecord
    {
        public const string IntentPhase = "intent";
        public const string OutcomePhase = "outcome";

        public DateTimeOffset Time { get; set; }
        public string RunId { get; set; } = "";

        /// <summary>The ARN of the identity the module signed with.</summary>
        public string Caller { get; set; } = "";
        public string AccountId { get; set; } = "";
        public string UserName { get; set; } = "";
        public string AccessKeyId { get; set; } = "";

        /// <summary>As <see cref="Actions.KeyActionRecord.Action"/>.</summary>
        public string Action { get; set; } = "";

        /// <summary><see cref="IntentPhase"/> or <see cref="OutcomePhase"/>.</summary>
        public string Phase { get; set; } = "";

        /// <summary>On outcome lines: a <see cref="Actions.KeyActionOutcome"/> name; empty on intent lines.</summary>
        public string Outcome { get; set; } = "";
        public string Reason { get; set; } = "";
        public string PolicyHash { get; set; } = "";

        /// <summary>Rotation: the successor key's id (never its secret).</summary>
        public string? NewAccessKeyId { get; set; }
    }
}
