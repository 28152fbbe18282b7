// One local HTTP/1.1 server for every test that needs an endpoint: an AWS service, STS, the container
// credentials endpoint, instance metadata. The xunit tests compile it with the project; the Pester tests
// compile this same file with Add-Type (tests/Pester/TestHelpers.psm1), so it names its usings and its
// types are public.
#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Tests.Unit;

/// <summary>One HTTP request as the server received it.</summary>
public sealed class RecordedRequest
{
    public required string Method { get; init; }

    /// <summary>The request target as sent: path and query string.</summary>
    public required string Target { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required byte[] Body { get; init; }

    public string Path => Target.Split('?')[0];
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

/// <summary>What the server answers: a status, headers and body; or a dropped connection; or no answer at all.</summary>
public sealed class StubReply
{
    public int Status { get; init; } = 200;
    public string ContentType { get; init; } = "text/xml";
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public Dictionary<string, string> Headers { get; init; } = new();

    /// <summary>Close the connection without answering (a reset, as a flaky network gives).</summary>
    public bool Drop { get; init; }

    /// <summary>Never answer: the request stays open until the server stops (a hung endpoint).</summary>
    public bool Hold { get; init; }

    public static StubReply Held => new() { Hold = true };

    public static StubReply Xml(string body, int status = 200) => Text(body, status, "text/xml");

    /// <summary>An awsJson answer.</summary>
    public static StubReply Json(string body, int status = 200) => Text(body, status, "application/x-amz-json-1.1");

    public static StubReply Text(string body, int status = 200, string contentType = "text/plain") =>
        new() { Status = status, ContentType = contentType, Body = Encoding.UTF8.GetBytes(body) };
}

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1, port 0 (the OS picks a free one: no race). It records every request and
/// answers with what the test's responder returns, or with <see cref="Reply"/> when it has none (PowerShell
/// script blocks cannot answer on the server's threads). Keep-alive connections are served until the client
/// closes them. A responder that throws gets the client a 500 and fails the test when the server is disposed.
/// Built on TcpListener because HttpListener's managed implementation trips over its own port bookkeeping when
/// many run at once.
/// </summary>
public sealed class StubAwsServer : IDisposable, IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RecordedRequest, int, StubReply>? _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _acceptLoop;
    private Exception? _responderFailure;
    private int _count;

    /// <param name="respond">Given the request and its 1-based number, the reply.</param>
    public StubAwsServer(Func<RecordedRequest, int, StubReply> respond)
        : this(respond, null)
    {
    }

    public StubAwsServer(Func<RecordedRequest, StubReply> respond)
        : this((request, _) => respond(request), null)
    {
    }

    /// <summary>Answers every request with <paramref name="reply"/> until <see cref="Reply"/> is changed.</summary>
    public StubAwsServer(StubReply reply)
        : this(null, reply)
    {
    }

    private StubAwsServer(Func<RecordedRequest, int, StubReply>? respond, StubReply? reply)
    {
        _respond = respond;
        Reply = reply;
        _listener.Start();
        Url = "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>The answer to every request when the server was made without a responder.</summary>
    public StubReply? Reply { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>The requests received since the last call, removed from <see cref="Requests"/>.</summary>
    public RecordedRequest[] TakeRequests()
    {
        var taken = new List<RecordedRequest>();
        while (_requests.TryDequeue(out var request))
        {
            taken.Add(request);
        }

        return taken.ToArray();
    }

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
            try
            {
                var stream = client.GetStream();
                while (!_stop.IsCancellationRequested)
                {
                    var request = await ReadRequestAsync(stream, _stop.Token);
                    if (request == null)
                    {
                        return;
                    }

                    _requests.Enqueue(request);
                    var reply = Answer(request);
                    if (reply.Drop)
                    {
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    }

                    if (reply.Hold)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }

                    await WriteReplyAsync(stream, reply, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing to answer.
            }
        }
    }

    private StubReply Answer(RecordedRequest request)
    {
        var number = Interlocked.Increment(ref _count);
        if (_respond == null)
        {
            return Reply ?? StubReply.Held;
        }

        try
        {
            return _respond(request, number);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _responderFailure, e, null);
            return StubReply.Text("responder failed: " + e.Message, 500);
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken token)
    {
        // Byte by byte up to the blank line, so nothing of a following keep-alive request is read with it.
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
            .Where(l => l.IndexOf(':') > 0)
            .Select(l => new KeyValuePair<string, string>(l.Substring(0, l.IndexOf(':')).Trim(), l.Substring(l.IndexOf(':') + 1).Trim()))
            .ToList();
        string? Header(string name) => headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        if (string.Equals(Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n"), token);
        }

        var body = new byte[int.Parse(Header("Content-Length") ?? "0", System.Globalization.CultureInfo.InvariantCulture)];
        var read = 0;
        while (read < body.Length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read), token);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return new RecordedRequest { Method = requestLine[0], Target = requestLine.Length > 1 ? requestLine[1] : "/", Headers = headers, Body = body };
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
        text.Append($"HTTP/1.1 {reply.Status} {ReasonPhrase(reply.Status)}\r\n");
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

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK", 400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found",
        405 => "Method Not Allowed", 429 => "Too Many Requests", 500 => "Internal Server Error",
        503 => "Service Unavailable", _ => "Status",
    };

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        if (_responderFailure != null)
        {
            ExceptionDispatchInfo.Capture(_responderFailure).Throw();
        }
    }
}
