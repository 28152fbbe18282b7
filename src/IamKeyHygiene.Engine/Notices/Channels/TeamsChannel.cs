using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// A Microsoft Teams Workflows webhook: a message whose one attachment is an Adaptive Card (the subject as a bold
    /// TextBlock, the body as wrapped TextBlocks, one FactSet per key). The retired Office 365 connector MessageCard is
    /// never sent (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
    /// Every recipient is reached in the workflow's channel; meant for the summary and the fallback.
    /// </summary>
    internal sealed class TeamsChannel : JsonWebhookChannel
    {
        public TeamsChannel(Uri url, IEngineLog log, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
            : base(url, log, handler, delay)
        {
        }

        public override string Name => "Teams";

        internal override JsonNode Payload(NoticeMessage message)
        {
            var body = new JsonArray
            {
                new JsonObject { ["type"] = "TextBlock", ["text"] = message.Subject, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            };
            foreach (var paragraph in message.Body.Replace("\r\n", "\n").Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (paragraph.Trim().Length > 0) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = paragraph, ["wrap"] = true });
            }
            foreach (var key in message.Keys)
            {
                body.Add(FactSet(new KeyFacts(key)));
            }

            var card = new JsonObject
            {
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["type"] = "AdaptiveCard",
                ["version"] = "1.4",
                ["body"] = body,
            };
            return new JsonObject
            {
                ["type"] = "message",
                ["attachments"] = new JsonArray
                {
                    new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card },
                },
            };
        }

        private static JsonObject FactSet(KeyFacts key)
        {
            var facts = new JsonArray
            {
                Fact("Account", key.AccountName.Length > 0 ? $"{key.AccountId} ({key.AccountName})" : key.AccountId),
                Fact("User", key.UserName),
                Fact("Access key", key.MaskedAccessKeyId),
                Fact("Stage", key.Stage),
            };
            if (key.Action != null) facts.Add(Fact("Done", $"{key.Action} ({key.Outcome})"));
            if (key.NextStage != null) facts.Add(Fact("Next", key.NextStageDate.HasValue ? $"{key.NextStage} on {KeyFacts.Iso(key.NextStageDate)}" : key.NextStage));
            return new JsonObject { ["type"] = "FactSet", ["separator"] = true, ["facts"] = facts };
        }

        private static JsonObject Fact(string title, string value) => new JsonObject { ["title"] = title, ["value"] = value };
    }
}
