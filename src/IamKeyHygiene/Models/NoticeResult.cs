using System;
using System.Linq;
using IamKeyHygiene.Engine.Notices;

namespace IamKeyHygiene
{
    /// <summary>
    /// One message Send-KeyOwnerNotice sent (or, under -WhatIf, would send): to whom, on which channel, listing which
    /// keys, and whether it went. Holds no token, password or secret.
    /// </summary>
    public sealed class NoticeResult
    {
        internal NoticeResult(NoticeRecord record)
        {
            RunId = record.RunId;
            Channel = record.Channel;
            RecipientKind = record.RecipientKind.ToString();
            Recipient = record.Recipient;
            AccessKeyIds = record.AccessKeyIds.ToArray();
            KeyCount = AccessKeyIds.Length;
            Subject = record.Subject;
            Outcome = record.Outcome.ToString();
            Reason = record.Reason;
            Message = record.Message;
            Time = record.Time;
        }

        public string RunId { get; }

        /// <summary>Slack, SlackWebhook, Email, Sns, Teams or Webhook.</summary>
        public string Channel { get; }

        /// <summary>Owner, AccountEmail, FallbackChannel or SummaryChannel.</summary>
        public string RecipientKind { get; }

        /// <summary>The e-mail, Slack id or channel.</summary>
        public string Recipient { get; }

        /// <summary>The keys the message listed.</summary>
        public string[] AccessKeyIds { get; }
        public int KeyCount { get; }
        public string Subject { get; }

        /// <summary>Sent, WhatIf or Failed.</summary>
        public string Outcome { get; }

        /// <summary>A stable word for a failure; empty when sent.</summary>
        public string Reason { get; }
        public string? Message { get; }

        /// <summary>When the send ended (module clock, UTC).</summary>
        public DateTimeOffset Time { get; }

        public override string ToString() => $"{Channel} {Recipient} {KeyCount} {Outcome} {Reason}".TrimEnd();
    }
}
