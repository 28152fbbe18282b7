using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// An incoming webhook that takes one JSON payload per message (Slack, Teams Workflows, generic): every recipient is
    /// reached in the webhook's one channel, so it serves the summary and the fallback. 429s are waited out; 2xx is sent,
    /// anything else a failed delivery naming the channel and the HTTP status. The URL carries the webhook's signature
    /// (in its path or query), so it is shown as its scheme and host only, and no answer body is repeated (it may echo it).
    /// </summary>
    internal abstract class JsonWebhookChannel : INoticeChannel, IDisposable
    {
        private readonly Uri _url;
        private readonly ChannelHttp _http;
        private readonly IEngineLog _log;

        protected JsonWebhookChannel(Uri url, IEngineLog log, HttpMessageHandler? handler, Func<TimeSpan, CancellationToken, Task>? delay)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"The {Name} webhook must be an http(s) URL.", nameof(url));
            }
            _url = url;
            _log = log;
            _http = new ChannelHttp(log, handler, delay);
        }

        public abstract string Name { get; }

        public bool CanReach(NoticeRecipient recipient) => true;

        /// <summary>The message in the webhook's wire format.</summary>
        internal abstract JsonNode Payload(NoticeMessage message);

        public async Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken)
        {
            var body = Payload(message).ToJsonString();
            var shown = ChannelHttp.Shown(_url);
            var answer = await _http.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
                $"The {Name} webhook ({shown})", cancellationToken).ConfigureAwait(false);
            if (answer.Status == 0)
            {
                return NoticeDelivery.Failed("Unreachable", $"The {Name} webhook ({shown}) could not be reached.");
            }
            if (!answer.IsSuccess)
            {
                return NoticeDelivery.Failed("HttpStatus", $"The {Name} webhook ({shown}) answered HTTP {answer.Status}.");
            }
            _log.Verbose($"{Name}: posted to the webhook at {shown}.");
            return NoticeDelivery.Sent();
        }

        public void Dispose() => _http.Dispose();
    }
}
