using System.Text.Json;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Slack;

/// <summary>
/// Incoming webhooks, each answered as its service does: Slack (<c>ok</c>, or 400 <c>invalid_payload</c> /
/// <c>no_text</c>), Microsoft Teams Workflows (202 Accepted for an Adaptive Card message; a legacy connector
/// MessageCard is refused with 400), generic JSON (200). Every accepted body is recorded. The caller holds the state's lock.
/// </summary>
public sealed class WebhookReceiver
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "slack", "teams", "generic" };

    private const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
    private readonly EmulatorState state;

    public WebhookReceiver(EmulatorState state)
    {
        this.state = state;
    }

    /// <summary>The answer's status, content type, text and, when throttled, its Retry-After seconds.</summary>
    public (int Status, string ContentType, string Text, int? RetryAfter) Handle(string kind, string id, string contentType, byte[] body)
    {
        if (state.Slack.TakeThrottle("webhook:" + kind) is { } seconds)
        {
            return (429, "text/plain", "rate_limited", seconds);
        }

        var (status, type, text) = Receive(kind, id, contentType, body);
        return (status, type, text, null);
    }

    private (int Status, string ContentType, string Text) Receive(string kind, string id, string contentType, byte[] body)
    {
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return kind == "slack" ? (400, "text/plain", "invalid_payload") : (400, "application/json", ErrorJson("InvalidRequestContent", "The request body is not valid JSON."));
        }

        var refusal = kind switch
        {
            "slack" => SlackRefusal(json),
            "teams" => TeamsRefusal(json),
            _ => json.ValueKind == JsonValueKind.Object ? null : ErrorJson("InvalidRequestContent", "The body must be a JSON object."),
        };
        if (refusal is not null)
        {
            return (400, kind == "slack" ? "text/plain" : "application/json", refusal);
        }

        state.Slack.Webhooks.Add(new WebhookRecord { Kind = kind, Id = id, ContentType = contentType, Body = json, ReceivedAt = state.Clock.WallNow });
        return kind switch
        {
            "slack" => (200, "text/plain", "ok"),
            "teams" => (202, "application/json", string.Empty),
            _ => (200, "application/json", "{\"ok\":true}"),
        };
    }

    /// <summary>Slack needs text or blocks (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks).</summary>
    private static string? SlackRefusal(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return "invalid_payload";
        }

        var hasText = json.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.Length > 0;
        var hasBlocks = json.TryGetProperty("blocks", out var blocks) && blocks.ValueKind == JsonValueKind.Array && blocks.GetArrayLength() > 0;
        return hasText || hasBlocks ? null : "no_text";
    }

    /// <summary>
    /// A Workflows webhook takes a message whose attachments are Adaptive Cards
    /// (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook); the
    /// retired Office 365 connector MessageCard (<c>"@type": "MessageCard"</c>) is refused.
    /// </summary>
    private static string? TeamsRefusal(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return ErrorJson("InvalidRequestContent", "The body must be a JSON object.");
        }

        if (json.TryGetProperty("@type", out var legacy) && legacy.ValueKind == JsonValueKind.String)
        {
            return ErrorJson("InvalidRequestContent", $"'{legacy.GetString()}' is a legacy connector card; send an Adaptive Card message.");
        }

        if (!json.TryGetProperty("type", out var type) || type.GetString() != "message"
            || !json.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array || attachments.GetArrayLength() == 0)
        {
            return ErrorJson("InvalidRequestContent", "Expected {\"type\": \"message\", \"attachments\": [ … ]}.");
        }

        foreach (var attachment in attachments.EnumerateArray())
        {
            if (attachment.ValueKind != JsonValueKind.Object
                || !attachment.TryGetProperty("contentType", out var contentType) || contentType.GetString() != AdaptiveCardType
                || !attachment.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object
                || !content.TryGetProperty("type", out var cardType) || cardType.GetString() != "AdaptiveCard"
                || !content.TryGetProperty("body", out var cardBody) || cardBody.ValueKind != JsonValueKind.Array)
            {
                return ErrorJson("InvalidRequestContent", $"Every attachment must be {{\"contentType\": \"{AdaptiveCardType}\", \"content\": {{\"type\": \"AdaptiveCard\", \"body\": [ … ]}}}}.");
            }
        }

        return null;
    }

    private static string ErrorJson(string code, string message) => JsonSerializer.Serialize(new { error = new { code, message } });
}
