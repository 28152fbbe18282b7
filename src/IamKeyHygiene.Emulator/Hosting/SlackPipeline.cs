using System.Net;
using System.Text;
using System.Text.Json;
using IamKeyHygiene.Emulator.Services.Slack;

namespace IamKeyHygiene.Emulator.Hosting;

/// <summary>
/// The Slack Web API under <c>/slack/api/&lt;method&gt;</c> and incoming webhooks under
/// <c>/webhooks/&lt;slack|teams|generic&gt;/&lt;id&gt;</c>: unsigned (Slack checks its bearer token itself), counted as
/// <c>slack:&lt;method&gt;</c> and <c>webhook:&lt;kind&gt;</c>, throttled when the control API asked for it.
/// </summary>
internal static class SlackPipeline
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static bool Serves(PathString path) => path.StartsWithSegments("/slack/api") || path.StartsWithSegments("/webhooks");

    public static async Task HandleAsync(EmulatorRuntime runtime, HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await WriteAsync(context, 413, "text/plain", "request_too_large", null).ConfigureAwait(false);
            return;
        }

        var state = runtime.World.State;
        if (context.Request.Path.StartsWithSegments("/slack/api", out var method))
        {
            var call = ParseCall(context, method.Value?.Trim('/') ?? string.Empty, body);
            runtime.Calls.Count("slack:" + call.Method, null, null);
            (int Status, object Body, int? RetryAfter) answer;
            lock (state.Sync)
            {
                answer = new SlackWebApi(state).Handle(call);
            }

            await WriteAsync(context, answer.Status, "application/json; charset=utf-8", JsonSerializer.Serialize(answer.Body), answer.RetryAfter).ConfigureAwait(false);
            return;
        }

        var parts = (context.Request.Path.Value ?? string.Empty).Split('/', 4, StringSplitOptions.RemoveEmptyEntries);
        var kind = parts.Length > 1 ? parts[1] : string.Empty;
        if (!HttpMethods.IsPost(context.Request.Method) || !WebhookReceiver.Kinds.Contains(kind) || parts.Length < 3)
        {
            await WriteAsync(context, 404, "text/plain", "no_service", null).ConfigureAwait(false);
            return;
        }

        runtime.Calls.Count("webhook:" + kind, null, null);
        (int Status, string ContentType, string Text, int? RetryAfter) received;
        lock (state.Sync)
        {
            received = new WebhookReceiver(state).Handle(kind, string.Join('/', parts.Skip(2)), context.Request.ContentType ?? string.Empty, body);
        }

        await WriteAsync(context, received.Status, received.ContentType, received.Text, received.RetryAfter).ConfigureAwait(false);
    }

    /// <summary>Arguments from the query string, a form body or a JSON body; the token from <c>Authorization: Bearer</c>
    /// or a <c>token</c> argument, as Slack accepts it.</summary>
    private static SlackCall ParseCall(HttpContext context, string method, byte[] body)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in context.Request.Query)
        {
            args[pair.Key] = pair.Value.ToString();
        }

        JsonElement? blocks = null;
        var malformed = false;
        var invalidJson = false;
        var contentType = context.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name == "blocks")
                    {
                        blocks = property.Value.Clone();
                        malformed = property.Value.ValueKind != JsonValueKind.Array;
                    }
                    else
                    {
                        args[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                invalidJson = true;
            }
        }
        else if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var pair in Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                args[WebUtility.UrlDecode(eq < 0 ? pair : pair[..eq])] = eq < 0 ? string.Empty : WebUtility.UrlDecode(pair[(eq + 1)..]);
            }
        }

        if (blocks is null && args.Remove("blocks", out var blocksText))
        {
            try
            {
                using var document = JsonDocument.Parse(blocksText);
                blocks = document.RootElement.Clone();
                malformed = blocks.Value.ValueKind != JsonValueKind.Array;
            }
            catch (JsonException)
            {
                malformed = true;
            }
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : args.GetValueOrDefault("token");
        return new SlackCall { Method = method, Token = token, Args = args, Blocks = blocks, BlocksMalformed = malformed, InvalidJson = invalidJson };
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string text, int? retryAfter)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
