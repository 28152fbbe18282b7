using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Events
{
    /// <summary>
    /// Finds the CloudTrail record inside what a runbook is handed: the record itself (an EventBridge rule's input
    /// transformer giving <c>$.detail</c>), the EventBridge event (<c>detail</c>), an SNS notification (<c>Message</c>,
    /// a JSON string) or Azure Automation's WebhookData (<c>RequestBody</c>, a JSON string), each wrapping any of the
    /// others, or any of them as a JSON string once more.
    /// </summary>
    internal static class EventShapes
    {
        /// <summary>Wrappers inside wrappers; more than this is not an event a runbook receives.</summary>
        private const int MaxDepth = 6;

        /// <summary>The CloudTrail record. Throws InvalidAccessKeyEvent (or NotACreateAccessKeyEvent for an SNS
        /// confirmation) naming the shape it saw; <paramref name="carrierId"/> is the id of the EventBridge event or SNS
        /// message that carried the record, when one did.</summary>
        public static JsonElement FindRecord(string json, out string? carrierId)
        {
            carrierId = null;
            var element = Parse(json, null, "the input");
            for (var depth = 0; depth < MaxDepth; depth++)
            {
                switch (element.ValueKind)
                {
                    case JsonValueKind.String:
                        element = Parse(element.GetString()!, carrierId, "a JSON string");
                        continue;
                    case JsonValueKind.Object:
                        break;
                    default:
                        throw Invalid(carrierId, $"the input is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an event object");
                }

                if (element.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object
                    && (element.TryGetProperty("detail-type", out _) || element.TryGetProperty("source", out _)))
                {
                    carrierId ??= Text(element, "id");
                    element = detail;
                    continue;
                }

                var snsType = Text(element, "Type");
                if (snsType != null && element.TryGetProperty("Message", out var message))
                {
                    carrierId ??= Text(element, "MessageId");
                    if (!string.Equals(snsType, "Notification", StringComparison.Ordinal))
                    {
                        throw new EngineException(ErrorCatalog.NotACreateAccessKeyEvent, carrierId,
                            $"An SNS {snsType}, not a Notification: confirm the subscription in SNS; its notifications carry the events.");
                    }

                    element = message;
                    continue;
                }

                if (element.TryGetProperty("RequestBody", out var body))
                {
                    element = body;
                    continue;
                }

                if (element.TryGetProperty("eventName", out _) || element.TryGetProperty("eventSource", out _))
                {
                    return element;
                }

                throw Invalid(carrierId, "it is none of a CloudTrail record (eventName), an EventBridge event (detail), an SNS "
                    + "notification (Type, Message) or Azure Automation WebhookData (RequestBody)");
            }

            throw Invalid(carrierId, $"more than {MaxDepth} wrappers inside one another");
        }

        /// <summary>The events in one input, each as JSON text: the elements of a JSON array (a batch of EventBridge
        /// events) or the lines of JSON lines (a file of events read with Get-Content -Raw), else the input itself (whose
        /// errors FindRecord reports).</summary>
        public static IReadOnlyList<string> Split(string json)
        {
            var text = json.Trim();
            if (text.StartsWith("[", StringComparison.Ordinal) && TryParse(text) is JsonElement array && array.ValueKind == JsonValueKind.Array)
            {
                return array.EnumerateArray().Select(e => e.GetRawText()).ToList();
            }

            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            // JSON lines: not one JSON value, but its first line is one (a broken pretty-printed event is not split).
            return lines.Count > 1 && TryParse(text) == null && TryParse(lines[0]) != null ? lines : new[] { json };
        }

        /// <summary>A string property, or null when absent or not a string.</summary>
        public static string? Text(JsonElement element, string name)
            => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        public static EngineException Invalid(string? eventId, string why)
            => new EngineException(ErrorCatalog.InvalidAccessKeyEvent, eventId, $"Not a readable access key event: {why}.");

        private static JsonElement? TryParse(string json)
        {
            try
            {
                using (var document = JsonDocument.Parse(json))
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static JsonElement Parse(string json, string? carrierId, string what)
        {
            try
            {
                using (var document = JsonDocument.Parse(json))
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException e)
            {
                // The position only: the text may be long, and it is the user's data.
                throw Invalid(carrierId, $"{what} is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); read a file with Get-Content -Raw");
            }
        }
    }
}
