using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>What an HTTP channel heard: the status and body, or that nothing answered.</summary>
    internal sealed class ChannelAnswer
    {
        public ChannelAnswer(int status, string body)
        {
            Status = status;
            Body = body;
        }

        /// <summary>0 when the endpoint could not be reached or did not answer in time.</summary>
        public int Status { get; }
        public string Body { get; }
        public bool IsSuccess => Status >= 200 && Status < 300;
    }

    /// <summary>
    /// One channel's HTTP: its own HttpClient, and the rate-limit rule every notice endpoint shares (Slack's Web API
    /// and webhooks answer HTTP 429 with Retry-After in seconds): wait that long and send the same message again,
    /// until sent or cancelled, or until the waits for one message would pass <see cref="MaxThrottleWait"/> (an
    /// endpoint that throttles for ever must not hold an unattended run for ever): then the 429 is the answer.
    /// Never logs a URL past its host, nor a header.
    /// </summary>
    internal sealed class ChannelHttp : IDisposable
    {
        private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
        private readonly HttpClient _client;
        private readonly IEngineLog _log;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        public ChannelHttp(IEngineLog log, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            _client = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            _client.Timeout = Timeout;
            _log = log;
            _delay = delay ?? Task.Delay;
        }

        public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

        /// <summary>The most one message waits out 429s, in all: far past Slack's usual Retry-After of seconds.</summary>
        public static TimeSpan MaxThrottleWait { get; } = TimeSpan.FromMinutes(10);

        /// <summary>Sends the request <paramref name="newRequest"/> makes (a fresh one per attempt) until it is not
        /// throttled. <paramref name="what"/> names the call in log lines ("Slack chat.postMessage"), never its URL.</summary>
        public async Task<ChannelAnswer> SendAsync(Func<HttpRequestMessage> newRequest, string what, CancellationToken cancellationToken)
        {
            var waited = TimeSpan.Zero;
            while (true)
            {
                using (var request = newRequest())
                {
                    HttpResponseMessage response;
                    try
                    {
                        response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException)
                    {
                        return new ChannelAnswer(0, "");
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return new ChannelAnswer(0, "");
                    }

                    using (response)
                    {
                        if ((int)response.StatusCode != 429)
                        {
                            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                            return new ChannelAnswer((int)response.StatusCode, body);
                        }

                        var wait = RetryAfter(response);
                        if (waited + wait > MaxThrottleWait)
                        {
                            _log.Verbose($"{what} is still rate limited after {waited.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s of waiting; giving this message up (HTTP 429).");
                            return new ChannelAnswer(429, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                        }

                        waited += wait;
                        _log.Verbose($"{what} answered HTTP 429 (rate limited); sending the same message again after {wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (Retry-After).");
                        await _delay(wait, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>Retry-After in seconds (or as a date); one second when absent.</summary>
        private static TimeSpan RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            if (header?.Date is DateTimeOffset date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return DefaultRetryAfter;
        }

        /// <summary>A URL as it may be shown: its scheme and host. Webhook URLs carry their signature in the path or query.</summary>
        public static string Shown(Uri url) => url.Scheme + "://" + url.Host;

        public void Dispose() => _client.Dispose();
    }
}
