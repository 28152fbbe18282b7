using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// A Slack incoming webhook (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks): one
    /// channel fixed by the webhook, so every recipient is reached there; meant for the summary and the fallback.
    /// Body <c>{text, blocks}</c> as the Web API's.
    /// </summary>
    public sealed class SlackWebhookChannel : INoticeChannel, IDisposable
    {
        private readonly WebhookPoster _poster;

        public SlackWebhookChannel(Uri url, IEngineLog log)
            : this(url, log, null, null)
        {
        }

        internal SlackWebhookChannel(Uri url, IEngineLog log, HttpMessageHandler? handler, Func<TimeSpan, CancellationToken, Task>? delay)
        {
            _poster = new WebhookPoster(Name, url, log, handler, delay);
        }

        public string Name => "SlackWebhook";

        public bool CanReach(NoticeRecipient recipient) => true;

        public Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken) =>
            _poster.PostAsync(SlackMessageFormat.Payload(message), cancellationToken);

        public void Dispose() => _poster.Dispose();
    }
}
