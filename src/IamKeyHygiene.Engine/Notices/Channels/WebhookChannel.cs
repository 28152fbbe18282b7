using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// A generic JSON webhook, for whatever a team runs (a chat bridge, a ticketing flow):
    /// <c>{subject, text, language, recipient {kind, email, slackId, name, channel}, keys [{accountId, userName,
    /// accessKeyId (masked), stage, nextStage, nextStageDate, action, outcome}]}</c>. Every recipient is reached; meant for
    /// the summary and the fallback.
    /// </summary>
    internal sealed class WebhookChannel : JsonWebhookChannel
    {
        public WebhookChannel(Uri url, IEngineLog log, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
            : base(url, log, handler, delay)
        {
        }

        public override string Name => "Webhook";

        internal override JsonNode Payload(NoticeMessage message)
        {
            var recipient = message.Recipient;
            var keys = new JsonArray();
            foreach (var notice in message.Keys)
            {
                var key = new KeyFacts(notice);
                keys.Add(new JsonObject
                {
                    ["accountId"] = key.AccountId,
                    ["userName"] = key.UserName,
                    ["accessKeyId"] = key.MaskedAccessKeyId,
                    ["stage"] = key.Stage,
                    ["nextStage"] = key.NextStage,
                    ["nextStageDate"] = KeyFacts.Iso(key.NextStageDate),
                    ["action"] = key.Action,
                    ["outcome"] = key.Outcome,
                });
            }
            return new JsonObject
            {
                ["subject"] = message.Subject,
                ["text"] = message.Body,
                ["language"] = message.Language,
                ["recipient"] = new JsonObject
                {
                    ["kind"] = recipient.Kind.ToString(),
                    ["email"] = recipient.Email,
                    ["slackId"] = recipient.SlackId,
                    ["name"] = recipient.Name,
                    ["channel"] = recipient.Channel,
                },
                ["keys"] = keys,
            };
        }
    }
}
