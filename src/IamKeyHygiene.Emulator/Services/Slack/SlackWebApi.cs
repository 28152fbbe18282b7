using System.Text.Json;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Slack;

/// <summary>One Web API call as the pipeline parsed it: the method, the bearer token and the arguments (form, query or JSON).</summary>
public sealed class SlackCall
{
    public required string Method { get; init; }

    public string? Token { get; init; }

    /// <summary>String arguments; a JSON body's other values as their raw JSON.</summary>
    public required IReadOnlyDictionary<string, string> Args { get; init; }

    /// <summary>The blocks argument, parsed (a JSON body's array, or a form field holding JSON); null when absent.</summary>
    public JsonElement? Blocks { get; init; }

    /// <summary>True when a blocks argument was sent but is not a JSON array.</summary>
    public bool BlocksMalformed { get; init; }

    /// <summary>True when a JSON body could not be parsed.</summary>
    public bool InvalidJson { get; init; }

    public override string ToString() => $"SlackCall {Method}";
}

/// <summary>
/// The Slack Web API methods notices use, answered as Slack documents them: HTTP 200 with <c>{"ok": true, …}</c> or
/// <c>{"ok": false, "error": "…"}</c> (https://docs.slack.dev/reference/methods/chat.postMessage,
/// https://docs.slack.dev/reference/methods/users.lookupByEmail). The caller holds the state's lock.
/// </summary>
public sealed class SlackWebApi
{
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal) { "users.lookupByEmail", "chat.postMessage", "auth.test" };

    // Slack's documented limits: 40,000 characters of text, 50 blocks, 3,000 characters in a section's text, 150 in a header.
    private const int MaxText = 40000;
    private const int MaxBlocks = 50;
    private const int MaxSectionText = 3000;
    private const int MaxHeaderText = 150;

    private readonly EmulatorState state;

    public SlackWebApi(EmulatorState state)
    {
        this.state = state;
    }

    private SlackWorkspace Slack => state.Slack;

    /// <summary>The answer's HTTP status, JSON body and, for a throttled call, its Retry-After seconds (Slack answers
    /// HTTP 429 with that header: https://docs.slack.dev/apis/web-api/rate-limits).</summary>
    public (int Status, object Body, int? RetryAfter) Handle(SlackCall call)
    {
        if (!Methods.Contains(call.Method))
        {
            return (404, Error("unknown_method"), null);
        }

        if (call.InvalidJson)
        {
            return (200, Error("invalid_json"), null);
        }

        if (AuthError(call.Token) is { } auth)
        {
            return (200, Error(auth), null);
        }

        if (Slack.TakeThrottle("slack:" + call.Method) is { } seconds)
        {
            return (429, Error("ratelimited"), seconds);
        }

        return (200, call.Method switch
        {
            "users.lookupByEmail" => LookupByEmail(call),
            "chat.postMessage" => PostMessage(call),
            _ => new { ok = true, url = "https://emulator.slack.example/", team = "emulator", user = "key-hygiene", team_id = Slack.TeamId, user_id = "U0BOT", bot_id = "B0EMULATOR" },
        }, null);
    }

    private string? AuthError(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "not_authed";
        }

        if (Slack.RevokedTokens.Contains(token))
        {
            return "token_revoked";
        }

        return Slack.BotToken is { } expected && token == expected ? null : "invalid_auth";
    }

    private object LookupByEmail(SlackCall call)
    {
        if (!call.Args.TryGetValue("email", out var email) || email.Length == 0)
        {
            return Error("invalid_arguments");
        }

        if (!Slack.MembersByEmail.TryGetValue(email, out var member))
        {
            return Error("users_not_found");
        }

        var name = member.Name ?? member.Email.Split('@')[0];
        var realName = member.RealName ?? name;
        return new
        {
            ok = true,
            user = new
            {
                id = member.Id,
                team_id = Slack.TeamId,
                name,
                deleted = false,
                real_name = realName,
                tz = "UTC",
                is_bot = false,
                profile = new { real_name = realName, display_name = name, email = member.Email },
            },
        };
    }

    private object PostMessage(SlackCall call)
    {
        if (!call.Args.TryGetValue("channel", out var requested) || requested.Length == 0)
        {
            return Error("channel_not_found");
        }

        if (Slack.ResolveChannel(requested) is not { } target)
        {
            return Error("channel_not_found");
        }

        var text = call.Args.GetValueOrDefault("text");
        if (call.BlocksMalformed || (call.Blocks is { } blocks && !BlocksValid(blocks)))
        {
            return Error("invalid_blocks");
        }

        if (string.IsNullOrEmpty(text) && call.Blocks is null)
        {
            return Error("no_text");
        }

        if (text is { Length: > MaxText })
        {
            return Error("msg_too_long");
        }

        var now = state.Clock.WallNow;
        var ts = Slack.NextTimestamp(now);
        Slack.Messages.Add(new SlackMessageRecord
        {
            Ts = ts,
            Channel = target.ChannelId,
            RequestedChannel = requested,
            User = target.Member?.Id,
            Text = text,
            Blocks = call.Blocks,
            ReceivedAt = now,
        });
        return new
        {
            ok = true,
            channel = target.ChannelId,
            ts,
            message = new { type = "message", subtype = "bot_message", text = text ?? string.Empty, bot_id = "B0EMULATOR", ts, blocks = call.Blocks },
        };
    }

    /// <summary>Slack's block limits the notices can meet: at most 50 blocks, each with a type, header and section texts within their lengths.</summary>
    private static bool BlocksValid(JsonElement blocks)
    {
        if (blocks.ValueKind != JsonValueKind.Array || blocks.GetArrayLength() > MaxBlocks)
        {
            return false;
        }

        foreach (var block in blocks.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var limit = type.GetString() switch
            {
                "header" => MaxHeaderText,
                "section" => MaxSectionText,
                _ => int.MaxValue,
            };
            if (block.TryGetProperty("text", out var textObject)
                && (textObject.ValueKind != JsonValueKind.Object || !textObject.TryGetProperty("text", out var inner) || (inner.GetString()?.Length ?? 0) > limit))
            {
                return false;
            }
        }

        return true;
    }

    private static object Error(string error) => new { ok = false, error };
}
