using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IamKeyHygiene.Tests.Unit.Clients.Support;

/// <summary>One HTTP request as the stub server received it.</summary>
internal sealed class RecordedRequest
{
    public required string Method { get; init; }
    public required string Target { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required byte[] Body { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The awsQuery Action or the awsJson X-Amz-Target operation.</summary>
    public string Operation
    {
        get
        {
            var target = Header("X-Amz-Target");
            if (target != null)
            {
                return target.Substring(target.IndexOf('.') + 1);
            }

            var action = BodyText.Split('&').FirstOrDefault(p => p.StartsWith("Action=", StringComparison.Ordinal));
            return action?.Substring("Action=".Length) ?? "";
        }
    }
}

/// <summary>What the stub answers: a status, headers and body, or a dropped connection.</summary>
internal sealed class StubReply
{
    public int Status { get; init; } = 200;
    public string ContentType { get; init; } = "text/xml";
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public Dictionary<string, string> Headers { get; init; } = new();

    /// <summary>Close the connection without answering (a reset, as a flaky network gives).</summary>
    public bool Drop { get; init; }

    public static StubReply Xml(string body, int status = 200) => new() { Status = status, Body = Encoding.UTF8.GetBytes(body) };

    public static StubReply Json(string body, int status = 200) =>
        new() { Status = status, ContentType = "application/x-amz-json-1.1", Body = Encoding.UTF8.GetBytes(body) };
}

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (free port) for client tests: records every request and answers with
/// what the test's responder returns. Keep-alive connections are served until the client closes them.
/// </summary>
internal sealed class StubAwsServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RecordedRequest, int, StubReply> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;

    /// <param name="respond">Given the request and its 1-based number, the reply.</param>
    public StubAwsServer(Func<RecordedRequest, int, StubReply> respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException) when (_stop.IsCancellationRequested)
        {
            // Stopping the listener can abort a pending accept before the token's cancellation is seen.
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var request = await ReadRequestAsync(stream, _stop.Token);
                    if (request == null)
                    {
                        return;
                    }

                    _requests.Enqueue(request);
                    var reply = _respond(request, Interlocked.Increment(ref _count));
                    if (reply.Drop)
                    {
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    }

                    await WriteReplyAsync(stream, reply, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(Stream stream, CancellationToken token)
    {
        var head = new MemoryStream();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, token) == 0)
            {
                return null;
            }

            head.WriteByte(one[0]);
        }

        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..].Trim()))
            .ToList();
        var length = int.Parse(headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value ?? "0");
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read), token);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return new RecordedRequest { Method = requestLine[0], Target = requestLine[1], Headers = headers, Body = body };
    }

    private static bool EndsWithBlankLine(MemoryStream head)
    {
        var buffer = head.GetBuffer();
        var n = (int)head.Length;
        return n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n';
    }

    private static async Task WriteReplyAsync(Stream stream, StubReply reply, CancellationToken token)
    {
        var text = new StringBuilder();
        text.Append($"HTTP/1.1 {reply.Status} {(reply.Status < 400 ? "OK" : "Error")}\r\n");
        text.Append($"Content-Type: {reply.ContentType}\r\n");
        text.Append($"Content-Length: {reply.Body.Length}\r\n");
        if (!reply.Headers.ContainsKey("x-amzn-RequestId"))
        {
            text.Append($"x-amzn-RequestId: stub-{Guid.NewGuid():N}\r\n");
        }

        foreach (var header in reply.Headers)
        {
            text.Append($"{header.Key}: {header.Value}\r\n");
        }

        text.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), token);
        await stream.WriteAsync(reply.Body, token);
        await stream.FlushAsync(token);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }
}
