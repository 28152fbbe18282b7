using System.Text.Json;
using IamKeyHygiene.Emulator.Scenario;

namespace IamKeyHygiene.Emulator.State;

/// <summary>
/// The Slack workspace and the webhook inbox: the directory, the bot token, queued throttles and everything received.
/// Part of <see cref="EmulatorState"/> (so a reset clears it); the caller holds <see cref="EmulatorState.Sync"/>.
/// </summary>
public sealed class SlackWorkspace
{
    public string? BotToken { get; private set; }

    public HashSet<string> RevokedTokens { get; } = new(StringComparer.Ordinal);

    public string TeamId { get; private set; } = "T0EMULATOR";

    public Dictionary<string, SlackMemberSpec> MembersById { get; } = new(StringComparer.Ordinal);

    /// <summary>Members by lower-cased e-mail (Slack matches e-mail addresses case-insensitively).</summary>
    public Dictionary<string, SlackMemberSpec> MembersByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SlackChannelSpec> ChannelsById { get; } = new(StringComparer.Ordinal);

    public List<SlackMessageRecord> Messages { get; } = new();

    public List<WebhookRecord> Webhooks { get; } = new();

    /// <summary>Queued throttles by operation key ("slack:chat.postMessage", "webhook:teams").</summary>
    public Dictionary<string, ThrottleRecord> Throttles { get; } = new(StringComparer.Ordinal);

    private long messageCount;

    /// <summary>The tokens, for the secret scan (GET /_emulator/secrets).</summary>
    public IEnumerable<string> Secrets => (BotToken is null ? Enumerable.Empty<string>() : new[] { BotToken }).Concat(RevokedTokens);

    /// <summary>Sets the token when given and adds (or replaces) members and channels.</summary>
    public void Apply(SlackSpec spec)
    {
        if (spec.BotToken is { Length: > 0 } token)
        {
            BotToken = token;
        }

        if (spec.TeamId is { Length: > 0 } team)
        {
            TeamId = team;
        }

        RevokedTokens.UnionWith(spec.RevokedTokens);
        foreach (var member in spec.Members)
        {
            if (member.Id.Length < 2 || member.Id[0] is not ('U' or 'W') || !member.Email.Contains('@', StringComparison.Ordinal))
            {
                throw new ScenarioException($"slack member '{member.Id}' needs an id starting with U or W and an e-mail.");
            }

            MembersById[member.Id] = member;
            MembersByEmail[member.Email] = member;
        }

        foreach (var channel in spec.Channels)
        {
            if (channel.Id.Length < 2 || channel.Id[0] is not ('C' or 'G') || channel.Name.Length == 0)
            {
                throw new ScenarioException($"slack channel '{channel.Id}' needs an id starting with C or G and a name.");
            }

            ChannelsById[channel.Id] = new SlackChannelSpec { Id = channel.Id, Name = channel.Name.TrimStart('#') };
        }
    }

    /// <summary>A channel id, a channel name (with or without '#'), a member id (its DM) or a DM id → the conversation
    /// and, for a DM, the member; null when Slack would answer channel_not_found.</summary>
    public (string ChannelId, SlackMemberSpec? Member)? ResolveChannel(string channel)
    {
        if (ChannelsById.ContainsKey(channel))
        {
            return (channel, null);
        }

        if (MembersById.TryGetValue(channel, out var member))
        {
            return (DirectMessageId(member), member);
        }

        if (channel.StartsWith('D') && MembersById.Values.FirstOrDefault(m => DirectMessageId(m) == channel) is { } dm)
        {
            return (channel, dm);
        }

        var name = channel.TrimStart('#');
        return ChannelsById.Values.FirstOrDefault(c => c.Name == name) is { } named ? (named.Id, null) : null;
    }

    /// <summary>The next message timestamp, "seconds.micro" as Slack writes them, unique in the workspace.</summary>
    public string NextTimestamp(DateTimeOffset now)
    {
        messageCount++;
        return $"{now.ToUnixTimeSeconds()}.{messageCount % 1_000_000:D6}";
    }

    /// <summary>Takes one throttled call of <paramref name="operationKey"/> if one is queued: its Retry-After seconds.</summary>
    public int? TakeThrottle(string operationKey)
    {
        if (!Throttles.TryGetValue(operationKey, out var throttle) || throttle.Remaining <= 0)
        {
            return null;
        }

        throttle.Remaining--;
        throttle.Answered++;
        return throttle.RetryAfterSeconds;
    }

    private static string DirectMessageId(SlackMemberSpec member) => "D" + member.Id[1..];
}

/// <summary>One message chat.postMessage accepted.</summary>
public sealed class SlackMessageRecord
{
    public required string Ts { get; init; }

    /// <summary>The conversation it landed in (C…, or D… for a DM).</summary>
    public required string Channel { get; init; }

    /// <summary>The channel argument as sent (a member id, a channel id or a name).</summary>
    public required string RequestedChannel { get; init; }

    /// <summary>The member a DM went to; null for a channel.</summary>
    public string? User { get; init; }

    public string? Text { get; init; }

    public JsonElement? Blocks { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>One incoming-webhook POST that was accepted.</summary>
public sealed class WebhookRecord
{
    /// <summary>"slack", "teams" or "generic".</summary>
    public required string Kind { get; init; }

    /// <summary>The path after /webhooks/&lt;kind&gt;/.</summary>
    public required string Id { get; init; }

    public required string ContentType { get; init; }

    public required JsonElement Body { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>"The next <see cref="Remaining"/> calls get HTTP 429 with Retry-After <see cref="RetryAfterSeconds"/>".</summary>
public sealed class ThrottleRecord
{
    public int Remaining { get; set; }

    public int RetryAfterSeconds { get; set; }

    /// <summary>How many calls were answered 429 so far.</summary>
    public int Answered { get; set; }
}
