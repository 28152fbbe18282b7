using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// A Slack incoming webhook (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks), body
    /// <c>{text, blocks}</c> as the Web API's.
    /// </summary>
    internal sealed class SlackWebhookChannel : JsonWebhookChannel
    {
        public SlackWebhookChannel(Uri url, IEngineLog log, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
            : base(url, log, handler, delay)
        {
        }

        public override string Name => "SlackWebhook";

        internal override JsonNode Payload(NoticeMessage message) => SlackMessageFormat.Payload(message);
    }
}
