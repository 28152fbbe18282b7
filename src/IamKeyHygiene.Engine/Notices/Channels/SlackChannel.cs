using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// Slack through the Web API with a bot token: a DM to an owner's Slack id, or to the member users.lookupByEmail
    /// finds for their e-mail (cached in a file across runs); the summary and fallback post to their channel
    /// (chat.postMessage). A refused token stops the run (SlackTokenRejected); an unknown e-mail is one failed
    /// delivery (SlackUserNotFound). The token is decoded only into each request's Authorization header.
    /// </summary>
    public sealed class SlackChannel : INoticeChannel, IDisposable
    {
        /// <summary>Slack's answers that mean the token itself is refused (https://docs.slack.dev/reference/methods/chat.postMessage#errors).</summary>
        private static readonly HashSet<string> TokenErrors = new HashSet<string>(StringComparer.Ordinal)
        {
            "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
        };

        private readonly SecureString _token;
        private readonly Uri _api;
        private readonly ChannelHttp _http;
        private readonly SlackLookupCache _cache;
        private readonly IEngineLog _log;

        // This run's lookups, misses included (one person is looked up once per run, even without a cache file).
        private readonly Dictionary<string, string?> _lookedUp = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        private readonly object _gate = new object();

        public SlackChannel(NoticeChannelSettings settings, IEngineLog log, EngineClock clock)
            : this(settings, log, clock, null, null)
        {
        }

        internal SlackChannel(NoticeChannelSettings settings, IEngineLog log, EngineClock clock, HttpMessageHandler? handler,
            Func<TimeSpan, CancellationToken, Task>? delay)
        {
            if (settings.SlackToken == null) throw new ArgumentException("The Slack channel needs a bot token.", nameof(settings));
            _token = settings.SlackToken.Copy();
            _token.MakeReadOnly();
            if (!settings.SlackApiUrl.IsAbsoluteUri)
                throw new ArgumentException($"-SlackApiUrl '{settings.SlackApiUrl}' is not an absolute URL; give one such as https://slack.com/api/.", nameof(settings));
            var api = settings.SlackApiUrl.ToString();
            _api = new Uri(api.EndsWith("/", StringComparison.Ordinal) ? api : api + "/");
            _log = log;
            _http = new ChannelHttp(log, handler, delay);
            _cache = new SlackLookupCache(settings.SlackLookupCachePath, clock, log);
        }

        public string Name => "Slack";

        /// <summary>A summary or fallback recipient with a channel; an owner with a Slack id or an e-mail. The account's
        /// e-mail (the root user's mailbox) is not a Slack member: that recipient goes to e-mail or the fallback.</summary>
        public bool CanReach(NoticeRecipient recipient) => IsChannelKind(recipient)
            ? recipient.Channel != null
            : recipient.Kind != NoticeRecipientKind.AccountEmail && (recipient.SlackId != null || recipient.Email != null);

        public async Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken)
        {
            var recipient = message.Recipient;
            string target;
            string? lookedUp = null;
            if (IsChannelKind(recipient))
            {
                target = recipient.Channel ?? throw new ArgumentException("A summary or fallback recipient needs a channel.", nameof(message));
            }
            else if (recipient.SlackId != null)
            {
                target = recipient.SlackId;
            }
            else if (recipient.Email != null)
            {
                var lookup = await LookupAsync(recipient.Email, cancellationToken).ConfigureAwait(false);
                if (lookup.Failure != null) return lookup.Failure;
                lookedUp = lookup.Id;
                if (lookedUp == null)
                {
                    return NoticeDelivery.Failed("SlackUserNotFound",
                        $"No member of the Slack workspace has the e-mail {recipient.Email} (users.lookupByEmail: users_not_found).");
                }
                target = lookedUp;
            }
            else
            {
                return NoticeDelivery.Failed("NoSlackAddress", "The recipient has no Slack id, e-mail or channel.");
            }

            var payload = SlackMessageFormat.Payload(message);
            payload["channel"] = target;
            payload["unfurl_links"] = false;
            payload["unfurl_media"] = false;
            var body = payload.ToJsonString();
            var answer = await CallAsync("chat.postMessage", () => new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
            if (answer.Failure != null) return answer.Failure;
            if (answer.Error == "channel_not_found")
            {
                return NoticeDelivery.Failed("SlackChannelNotFound", $"Slack has no channel or member {target} the bot can post to (chat.postMessage: channel_not_found).");
            }
            if (answer.Error != null) return SlackError("chat.postMessage", answer);
            _log.Verbose($"Slack: posted to {target} ({recipient.Kind}).");
            return NoticeDelivery.Sent(lookedUp);
        }

        private static bool IsChannelKind(NoticeRecipient recipient) =>
            recipient.Kind == NoticeRecipientKind.SummaryChannel || recipient.Kind == NoticeRecipientKind.FallbackChannel;

        /// <summary>The member id for an e-mail: this run's answer, the cache file's, else users.lookupByEmail. The id is
        /// null when Slack has no such member; a failure when the lookup itself failed.</summary>
        private async Task<(string? Id, NoticeDelivery? Failure)> LookupAsync(string email, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_lookedUp.TryGetValue(email, out var known)) return (known, null);
            }
            var cached = _cache.Find(email);
            if (cached != null)
            {
                _log.Debug($"Slack: {email} is {cached} (lookup cache).");
                return (Remember(email, cached), null);
            }

            var form = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("email", email) });
            var formText = await form.ReadAsStringAsync().ConfigureAwait(false);
            var answer = await CallAsync("users.lookupByEmail",
                () => new StringContent(formText, Encoding.UTF8, "application/x-www-form-urlencoded"), cancellationToken).ConfigureAwait(false);
            if (answer.Error == "users_not_found") return (Remember(email, null), null);
            if (answer.Failure != null) return (null, answer.Failure);
            if (answer.Error != null) return (null, SlackError("users.lookupByEmail", answer));
            var id = answer.Json?["user"]?["id"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id)) return (null, NoticeDelivery.Failed("SlackError", "Slack users.lookupByEmail answered ok without a user id."));
            _cache.Add(email, id!);
            _log.Debug($"Slack: {email} is {id} (users.lookupByEmail).");
            return (Remember(email, id), null);
        }

        private string? Remember(string email, string? id)
        {
            lock (_gate) _lookedUp[email] = id;
            return id;
        }

        /// <summary>One Web API call, 429s waited out; a refused token throws SlackTokenRejected.</summary>
        private async Task<SlackAnswer> CallAsync(string method, Func<HttpContent> content, CancellationToken cancellationToken)
        {
            var url = new Uri(_api, method);
            var answer = await _http.SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content() };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Plain(_token));
                return request;
            }, "Slack " + method, cancellationToken).ConfigureAwait(false);

            if (answer.Status == 0)
            {
                return SlackAnswer.Failed(NoticeDelivery.Failed("Unreachable", $"Slack ({ChannelHttp.Shown(_api)}) could not be reached for {method}."));
            }
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(answer.Body);
            }
            catch (JsonException)
            {
                // Not Slack's JSON (a proxy's page): reported by status below.
            }
            var error = json is JsonObject ? ErrorOf(json) : null;
            if (!answer.IsSuccess || !(json is JsonObject) || error == NotSlackJson)
            {
                var notJson = answer.IsSuccess ? " with a body that is not Slack's JSON (a proxy or captive portal in the way?)" : "";
                return SlackAnswer.Failed(NoticeDelivery.Failed("HttpStatus", $"Slack {method} answered HTTP {answer.Status}{notJson}."));
            }
            if (error != null && TokenErrors.Contains(error))
            {
                throw new EngineException(ErrorCatalog.SlackTokenRejected, "-SlackToken",
                    $"Slack refused the bot token on {method} ({error}): no Slack message can be sent with it. Give -SlackToken a bot token (xoxb-…) "
                    + "of an app installed in the workspace, with the scopes chat:write and users:read.email.");
            }
            return new SlackAnswer(json, error, json["needed"] is JsonValue needed && needed.TryGetValue<string>(out var scope) ? scope : null, null);
        }

        private const string NotSlackJson = "\n";

        /// <summary>Slack's error code: null when ok, <see cref="NotSlackJson"/> when ok or error are not the types
        /// Slack sends.</summary>
        private static string? ErrorOf(JsonNode json)
        {
            if (!(json["ok"] is JsonValue okValue) || !okValue.TryGetValue<bool>(out var ok)) return NotSlackJson;
            if (ok) return null;
            if (json["error"] == null) return "unknown_error";
            return json["error"] is JsonValue errorValue && errorValue.TryGetValue<string>(out var error) ? error : NotSlackJson;
        }

        private static NoticeDelivery SlackError(string method, SlackAnswer answer) =>
            NoticeDelivery.Failed("SlackError", $"Slack {method} answered {answer.Error}" + (answer.Needed != null ? $" (needed scope: {answer.Needed})." : "."));

        /// <summary>The token as the Authorization header needs it; the plain copy lives only as long as the request.</summary>
        private static string Plain(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer) ?? "";
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        public void Dispose()
        {
            _http.Dispose();
            _token.Dispose();
        }

        private sealed class SlackAnswer
        {
            public SlackAnswer(JsonNode? json, string? error, string? needed, NoticeDelivery? failure)
            {
                Json = json;
                Error = error;
                Needed = needed;
                Failure = failure;
            }

            public JsonNode? Json { get; }

            /// <summary>Slack's error word when ok was false.</summary>
            public string? Error { get; }
            public string? Needed { get; }

            /// <summary>Set when Slack did not answer with its JSON (no connection, an HTTP error).</summary>
            public NoticeDelivery? Failure { get; }

            public static SlackAnswer Failed(NoticeDelivery failure) => new SlackAnswer(null, null, null, failure);
        }
    }
}
