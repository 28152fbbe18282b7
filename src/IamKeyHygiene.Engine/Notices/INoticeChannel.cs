using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// One way to deliver notices: Slack Web API, Slack incoming webhook, SMTP e-mail, SNS Publish, Teams Workflows
    /// webhook, generic JSON webhook. A channel holds its own secret (token, password, webhook URL) and never puts it
    /// in a message, a log line or an error.
    /// </summary>
    public interface INoticeChannel
    {
        /// <summary>"Slack", "SlackWebhook", "Email", "Sns", "Teams" or "Webhook": NoticeResult.Channel and the name of
        /// the channel's template file.</summary>
        string Name { get; }

        /// <summary>True when this channel can address the recipient (e-mail needs an address; Slack DMs an e-mail or a
        /// Slack id; a webhook or SNS topic takes every message).</summary>
        bool CanReach(NoticeRecipient recipient);

        /// <summary>Sends one message, honouring rate limits (Slack 429 Retry-After) without dropping it.</summary>
        Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken);
    }
}
