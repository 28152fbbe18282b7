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
    public sealed class WebhookChannel : INoticeChannel, IDisposable
    {
        private readonly WebhookPoster _poster;

        public WebhookChannel(Uri url, IEngineLog log)
            : this(url, log, null, null)
        {
        }

        internal WebhookChannel(Uri url, IEngineLog log, HttpMessageHandler? handler, Func<TimeSpan, CancellationToken, Task>? delay)
        {
            _poster = new WebhookPoster(Name, url, log, handler, delay);
        }

        public string Name => "Webhook";

        public bool CanReach(NoticeRecipient recipient) => true;

        public Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken) =>
            _poster.PostAsync(Payload(message), cancellationToken);

        internal static JsonObject Payload(NoticeMessage message)
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

        public void Dispose() => _poster.Dispose();
    }
}
