using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>What became of one message: the engine's side of NoticeResult.</summary>
    public sealed class NoticeRecord
    {
        public string RunId { get; set; } = "";
        public string Channel { get; set; } = "";
        public NoticeRecipientKind RecipientKind { get; set; }

        /// <summary>The e-mail, Slack id or channel the message was for.</summary>
        public string Recipient { get; set; } = "";

        /// <summary>The access key ids the message listed (full ids: the result is for the admin, not the owner).</summary>
        public IReadOnlyList<string> AccessKeyIds { get; set; } = Array.Empty<string>();
        public string Subject { get; set; } = "";
        public NoticeOutcome Outcome { get; set; }

        /// <summary>A stable word for why it failed (e.g. SlackUserNotFound); empty when sent.</summary>
        public string Reason { get; set; } = "";
        public string? Message { get; set; }
        public DateTimeOffset Time { get; set; }
    }
}
