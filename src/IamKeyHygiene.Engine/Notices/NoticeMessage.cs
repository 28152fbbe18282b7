using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// One rendered message for one recipient on one channel: the channel's template for the recipient's language,
    /// filled in. Channels wrap <see cref="Subject"/> and <see cref="Body"/> in their wire format (Slack text, an
    /// Adaptive Card, an e-mail, an SNS message) and may use <see cref="Keys"/> for structured fields.
    /// </summary>
    public sealed class NoticeMessage
    {
        public NoticeMessage(NoticeRecipient recipient, string subject, string body, IReadOnlyList<NoticeKey> keys,
            string language)
        {
            Recipient = recipient;
            Subject = subject;
            Body = body;
            Keys = keys;
            Language = language;
        }

        public NoticeRecipient Recipient { get; }
        public string Subject { get; }
        public string Body { get; }

        /// <summary>The keys the message lists (empty for a summary).</summary>
        public IReadOnlyList<NoticeKey> Keys { get; }

        /// <summary>The language the message was rendered in.</summary>
        public string Language { get; }
    }
}
