using System;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// Who created a key, for whom and from where: read from a CloudTrail <c>CreateAccessKey</c> event
    /// (ConvertFrom-AccessKeyEvent). Only on findings of stage NewKey. Never holds a secret: the event's response
    /// carries the new key's id only (CloudTrail omits the secret).
    /// </summary>
    public sealed class KeyCreationEvent
    {
        /// <summary>CloudTrail's <c>eventID</c>.</summary>
        public string EventId { get; set; } = "";

        /// <summary>CloudTrail's <c>eventTime</c>, UTC.</summary>
        public DateTimeOffset EventTime { get; set; }

        /// <summary>The caller's ARN (<c>userIdentity.arn</c>): an IAM user, an assumed-role session, or root.</summary>
        public string CreatedBy { get; set; } = "";

        /// <summary><c>userIdentity.type</c>: IAMUser, AssumedRole, Root, FederatedUser…</summary>
        public string CreatedByType { get; set; } = "";

        /// <summary>For an assumed-role caller, the role session name (the module's own rotation uses its own).</summary>
        public string? RoleSessionName { get; set; }

        /// <summary><c>sourceIPAddress</c>: an IP address, or an AWS service's host name.</summary>
        public string? SourceIpAddress { get; set; }

        /// <summary><c>userAgent</c>: the console, the CLI, an SDK.</summary>
        public string? UserAgent { get; set; }

        /// <summary><c>awsRegion</c> of the event (us-east-1 for IAM).</summary>
        public string? Region { get; set; }
    }
}
