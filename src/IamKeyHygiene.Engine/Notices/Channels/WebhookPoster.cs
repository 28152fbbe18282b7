using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// POSTs one JSON payload to an incoming webhook, 429s waited out: 2xx is sent, anything else a failed delivery
    /// naming the channel and the HTTP status. The URL carries the webhook's signature (in its path or query), so it is
    /// shown as its scheme and host only, and no answer body is repeated (it may echo the URL).
    /// </summary>
    internal sealed class WebhookPoster : IDisposable
    {
        private readonly string _channel;
        private readonly Uri _url;
        private readonly ChannelHttp _http;
        private readonly IEngineLog _log;

        public WebhookPoster(string channel, Uri url, IEngineLog log, HttpMessageHandler? handler, Func<TimeSpan, CancellationToken, Task>? delay)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"The {channel} webhook must be an http(s) URL.", nameof(url));
            }
            _channel = channel;
            _url = url;
            _log = log;
            _http = new ChannelHttp(log, handler, delay);
        }

        public async Task<NoticeDelivery> PostAsync(JsonNode payload, CancellationToken cancellationToken)
        {
            var body = payload.ToJsonString();
            var shown = ChannelHttp.Shown(_url);
            var answer = await _http.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
                $"The {_channel} webhook ({shown})", cancellationToken).ConfigureAwait(false);
            if (answer.Status == 0)
            {
                return NoticeDelivery.Failed("Unreachable", $"The {_channel} webhook ({shown}) could not be reached.");
            }
            if (!answer.IsSuccess)
            {
                return NoticeDelivery.Failed("HttpStatus", $"The {_channel} webhook ({shown}) answered HTTP {answer.Status}.");
            }
            _log.Verbose($"{_channel}: posted to the webhook at {shown}.");
            return NoticeDelivery.Sent();
        }

        public void Dispose() => _http.Dispose();
    }
}
