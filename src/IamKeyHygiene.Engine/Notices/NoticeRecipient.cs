using System;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// One person or channel a message goes to. Owners are grouped by <see cref="GroupKey"/> (the lower-cased e-mail,
    /// else the Slack id), so one person gets one message however many accounts their keys are in.
    /// </summary>
    public sealed class NoticeRecipient
    {
        public NoticeRecipient(NoticeRecipientKind kind, string? email, string? slackId, string? name, string? channel,
            string? language, string? timeZone)
        {
            Kind = kind;
            Email = email;
            SlackId = slackId;
            Name = name;
            Channel = channel;
            Language = language;
            TimeZone = timeZone;
        }

        public NoticeRecipientKind Kind { get; }
        public string? Email { get; }

        /// <summary>A Slack member id (U…/W…), from the owner's slack-id tag or the owners file.</summary>
        public string? SlackId { get; }
        public string? Name { get; }

        /// <summary>For the summary and fallback kinds: a Slack channel id or name (or what the channel's sender takes).</summary>
        public string? Channel { get; }

        /// <summary>"en", "ja"…; null for the -Language default.</summary>
        public string? Language { get; }

        /// <summary>IANA time zone id; null for UTC.</summary>
        public string? TimeZone { get; }

        /// <summary>What owners are grouped by: the lower-cased e-mail, else the Slack id, else the channel.</summary>
        public string GroupKey =>
            Email != null ? Email.ToLowerInvariant() : SlackId ?? Channel ?? throw new InvalidOperationException("a recipient with no address");

        /// <summary>For results and -WhatIf: the e-mail, the Slack id or the channel.</summary>
        public override string ToString() => Email ?? SlackId ?? Channel ?? "";
    }
}
