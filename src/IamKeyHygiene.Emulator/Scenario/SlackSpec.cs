namespace IamKeyHygiene.Emulator.Scenario;

/// <summary>
/// The Slack workspace the emulator plays (scenario <c>slack</c>, and the body of POST /_emulator/slack): the bot token
/// the Web API accepts, the members users.lookupByEmail finds, the channels chat.postMessage posts to.
/// </summary>
public sealed class SlackSpec
{
    /// <summary>The one bot token (xoxb-…) the Web API accepts; never shown by the control API but in GET secrets.</summary>
    public string? BotToken { get; set; }

    /// <summary>Tokens answered with token_revoked (a token an admin revoked).</summary>
    public List<string> RevokedTokens { get; set; } = new();

    public string? TeamId { get; set; }

    public List<SlackMemberSpec> Members { get; set; } = new();

    public List<SlackChannelSpec> Channels { get; set; } = new();

    public override string ToString() => $"Slack workspace of {Members.Count} members";
}

public sealed class SlackMemberSpec
{
    /// <summary>A member id, U… or W….</summary>
    public string Id { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    /// <summary>The handle; defaults to the e-mail's local part.</summary>
    public string? Name { get; set; }

    public string? RealName { get; set; }
}

public sealed class SlackChannelSpec
{
    /// <summary>A channel id, C… or G….</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The name without '#'.</summary>
    public string Name { get; set; } = string.Empty;
}
