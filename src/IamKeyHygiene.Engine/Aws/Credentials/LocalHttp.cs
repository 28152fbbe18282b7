using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// HTTP for the link-local credential endpoints (instance metadata, container credentials). They must
    /// never go through a proxy, and each request has its own short timeout. One client for the process:
    /// HttpClient is thread-safe and holds no per-call settings here.
    /// </summary>
    internal static class LocalHttp
    {
        private static readonly HttpClient Client = new HttpClient(new HttpClientHandler { UseProxy = false })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

        /// <summary>Sends the request, giving up after <paramref name="timeout"/> with a TimeoutException.</summary>
        public static async Task<(int Status, string Body)> SendAsync(HttpRequestMessage request, TimeSpan timeout)
        {
            using (var cancel = new CancellationTokenSource(timeout))
            {
                try
                {
                    using (var response = await Client.SendAsync(request, cancel.Token).ConfigureAwait(false))
                    {
                        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        return ((int)response.StatusCode, body);
                    }
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    throw new TimeoutException($"{request.RequestUri} did not answer within {timeout.TotalSeconds:0.#} s.");
                }
            }
        }
    }
}
