// A minimal HTTP/1.1 endpoint on 127.0.0.1 (free port) for the Pester tests: it answers every request with
// one canned reply (a real STS GetCallerIdentity response by default) and records what it received, so a
// test can check which access key and region signed the call. Compiled by TestHelpers.psm1 with Add-Type.
#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.PesterSupport
{
    public sealed class RecordedRequest
    {
        public string Method { get; set; } = "";
        public string Path { get; set; } = "";
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Body { get; set; } = "";
    }

    public sealed class StubEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public StubEndpoint()
        {
            _listener.Start();
            Url = "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(AcceptLoop);
        }

        public string Url { get; }
        public int Status { get; set; } = 200;
        public string ContentType { get; set; } = "text/xml";
        public string ResponseBody { get; set; } = "";
        public ConcurrentQueue<RecordedRequest> Requests { get; } = new ConcurrentQueue<RecordedRequest>();

        /// <summary>When set, requests are recorded but never answered (until the stub is disposed).</summary>
        public bool Hold { get; set; }

        public RecordedRequest[] TakeRequests()
        {
            var taken = new List<RecordedRequest>();
            while (Requests.TryDequeue(out RecordedRequest? request)) taken.Add(request);
            return taken.ToArray();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            using (NetworkStream stream = client.GetStream())
            {
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        RecordedRequest? request = await ReadRequest(stream).ConfigureAwait(false);
                        if (request == null) return;
                        Requests.Enqueue(request);
                        if (Hold)
                        {
                            try { await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false); }
                            catch (OperationCanceledException) { }
                            return;
                        }
                        byte[] body = Encoding.UTF8.GetBytes(ResponseBody);
                        string head = "HTTP/1.1 " + Status + " " + (Status == 200 ? "OK" : "Error") + "\r\n"
                            + "Content-Type: " + ContentType + "\r\n"
                            + "x-amzn-RequestId: 7a62c49f-347e-4fc4-9331-6e8eEXAMPLE\r\n"
                            + "Content-Length: " + body.Length + "\r\n\r\n";
                        byte[] headBytes = Encoding.ASCII.GetBytes(head);
                        await stream.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
                        await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                    }
                }
                catch (IOException) { }
            }
        }

        private static async Task<RecordedRequest?> ReadRequest(Stream stream)
        {
            var headerBytes = new MemoryStream();
            var one = new byte[1];
            while (true)
            {
                int read = await stream.ReadAsync(one, 0, 1).ConfigureAwait(false);
                if (read == 0) return null;
                headerBytes.WriteByte(one[0]);
                long n = headerBytes.Length;
                byte[] buffer = headerBytes.GetBuffer();
                if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n') break;
            }

            string[] lines = Encoding.ASCII.GetString(headerBytes.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);
            string[] requestLine = lines[0].Split(' ');
            var request = new RecordedRequest { Method = requestLine[0], Path = requestLine.Length > 1 ? requestLine[1] : "" };
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0) request.Headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
            }

            if (request.Headers.TryGetValue("Content-Length", out string? lengthText) && int.TryParse(lengthText, out int length) && length > 0)
            {
                var body = new byte[length];
                int offset = 0;
                while (offset < length)
                {
                    int read = await stream.ReadAsync(body, offset, length - offset).ConfigureAwait(false);
                    if (read == 0) return null;
                    offset += read;
                }
                request.Body = Encoding.UTF8.GetString(body);
            }

            return request;
        }
    }
}
