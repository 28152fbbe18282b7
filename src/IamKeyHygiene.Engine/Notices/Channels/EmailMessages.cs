using System;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>A notice as an e-mail: plain text in UTF-8, so Japanese and every other script arrive as written.</summary>
    internal static class EmailMessages
    {
        public static MimeMessage Build(NoticeMessage notice, MailboxAddress from, DateTimeOffset date)
        {
            string to = notice.Recipient.Email ?? throw new ArgumentException("The recipient has no e-mail address.", nameof(notice));
            var message = new MimeMessage();
            message.From.Add(from);
            message.To.Add(new MailboxAddress(Encoding.UTF8, notice.Recipient.Name ?? "", to));
            message.Subject = notice.Subject;
            message.Date = date;
            message.MessageId = MimeUtils.GenerateMessageId(DomainOf(from.Address));
            // RFC 3834: a machine wrote this; out-of-office replies and auto-forwarders leave it alone.
            message.Headers.Add("Auto-Submitted", "auto-generated");

            var body = new TextPart(MimeKit.Text.TextFormat.Plain);
            body.SetText(Encoding.UTF8, notice.Body);
            message.Body = body;
            return message;
        }

        private static string DomainOf(string address)
        {
            int at = address.LastIndexOf('@');
            return at >= 0 && at < address.Length - 1 ? address.Substring(at + 1) : "localhost";
        }
    }
}
