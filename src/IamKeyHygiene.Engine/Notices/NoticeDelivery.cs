namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>What a channel says of one send. A rejected credential (Slack invalid_auth, SMTP 535) is not a
    /// delivery: the channel throws an EngineException with a terminating catalogue id instead.</summary>
    public sealed class NoticeDelivery
    {
        private NoticeDelivery(bool sent, string reason, string? message, string? deliveredTo)
        {
            IsSent = sent;
            Reason = reason;
            Message = message;
            DeliveredTo = deliveredTo;
        }

        public bool IsSent { get; }

        /// <summary>A stable word for a failure (e.g. SlackUserNotFound, SmtpRejected, HttpStatus); empty when sent.</summary>
        public string Reason { get; }

        /// <summary>For people: the channel's own words (never a token or password).</summary>
        public string? Message { get; }

        /// <summary>Where it went when that differs from the recipient (the Slack id an e-mail was looked up to).</summary>
        public string? DeliveredTo { get; }

        public static NoticeDelivery Sent(string? deliveredTo = null) => new NoticeDelivery(true, "", null, deliveredTo);

        public static NoticeDelivery Failed(string reason, string message) => new NoticeDelivery(false, reason, message, null);
    }
}
