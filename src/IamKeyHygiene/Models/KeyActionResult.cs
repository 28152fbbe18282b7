using System;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene
{
    /// <summary>
    /// What Disable-StaleAccessKey, Remove-StaleAccessKey, Restore-AccessKey or Invoke-AccessKeyRotation did to one
    /// key. Holds no secret: a rotated key's successor appears as its id and the ARN of the secret that holds it.
    /// </summary>
    public sealed class KeyActionResult
    {
        internal KeyActionResult(KeyActionRecord record)
        {
            RunId = record.RunId;
            AccountId = record.AccountId;
            UserName = record.UserName;
            AccessKeyId = record.AccessKeyId;
            Action = record.Action;
            Outcome = record.Outcome.ToString();
            Reason = record.Reason;
            Message = record.Message;
            Finding = record.Finding is KeyFinding finding ? new AccessKeyFinding(finding) : null;
            NextStage = record.NextStage;
            NextStageDate = record.NextStageDate;
            NewAccessKeyId = record.NewAccessKeyId;
            SecretArn = record.SecretArn;
            Time = record.Time;
        }

        /// <summary>The run's id, as in the audit log (Restore-AccessKey -RunId takes it).</summary>
        public string RunId { get; }
        public string AccountId { get; }
        public string UserName { get; }
        public string AccessKeyId { get; }

        /// <summary>Disable, Delete, TagSeenInactive, Restore, Rotate, DeactivateOld, DeleteOld, DeleteOrphan, or None.</summary>
        public string Action { get; }

        /// <summary>Done, WhatIf, Skipped, Blocked, Deferred or Failed.</summary>
        public string Outcome { get; }

        /// <summary>A stable word for why (e.g. RotationManaged, UsedSinceScan, ModuleOwnKey, TagQuotaFull); empty when plain.</summary>
        public string Reason { get; }

        /// <summary>For people: what the re-judge saw, the AWS error, what undoes the change.</summary>
        public string? Message { get; }

        /// <summary>The finding acted on; null for Restore-AccessKey by key id or run id.</summary>
        public AccessKeyFinding? Finding { get; }

        /// <summary>The key's stage after the action, and the UTC instant it reaches the next one.</summary>
        public string? NextStage { get; }
        public DateTimeOffset? NextStageDate { get; }

        /// <summary>Rotation: the successor key's id and the ARN of the Secrets Manager secret holding it.</summary>
        public string? NewAccessKeyId { get; }
        public string? SecretArn { get; }

        /// <summary>When the action ended (module clock, UTC).</summary>
        public DateTimeOffset Time { get; }

        public override string ToString() => $"{AccountId} {UserName} {AccessKeyId} {Action} {Outcome} {Reason}".TrimEnd();
    }
}
