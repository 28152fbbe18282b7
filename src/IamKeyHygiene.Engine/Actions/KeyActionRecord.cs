using System;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// What an action did to one key, as the engine hands it to the cmdlet layer (which maps it to KeyActionResult).
    /// Never holds a secret: a new key travels only as its id (and, for -PassThru, separately as a SecureString).
    /// </summary>
    public sealed class KeyActionRecord
    {
        /// <summary>The run this action belongs to (also in every audit line it wrote).</summary>
        public string RunId { get; set; } = "";
        public string AccountId { get; set; } = "";
        public string UserName { get; set; } = "";
        public string AccessKeyId { get; set; } = "";

        /// <summary>What was (or would have been) done: Disable, Delete, TagSeenInactive, Restore, Rotate,
        /// DeactivateOld, DeleteOld, DeleteOrphan, or None when the key was passed through.</summary>
        public string Action { get; set; } = "";
        public KeyActionOutcome Outcome { get; set; }

        /// <summary>A stable word for why (e.g. RotationManaged, UsedSinceScan, ModuleOwnKey, TagQuotaFull), empty when plain.</summary>
        public string Reason { get; set; } = "";

        /// <summary>For people: what the re-judge saw, the AWS error, what undoes this.</summary>
        public string? Message { get; set; }

        /// <summary>The finding acted on (null for Restore-AccessKey by key id or run id).</summary>
        public KeyFinding? Finding { get; set; }

        /// <summary>The key's stage after the action and when it reaches the next one, as the re-judge sees it.</summary>
        public string? NextStage { get; set; }
        public DateTimeOffset? NextStageDate { get; set; }

        /// <summary>Rotation: the successor's id and the secret that holds it.</summary>
        public string? NewAccessKeyId { get; set; }
        public string? SecretArn { get; set; }

        public DateTimeOffset Time { get; set; }

        public override string ToString() => $"{AccountId} {UserName} {AccessKeyId} {Action} {Outcome} {Reason}".TrimEnd();
    }
}
