using IamKeyHygiene.Engine.Notices;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>A notice channel in memory: records every message it is given; reaches whom <see cref="Reaches"/> says;
/// fails the recipients in <see cref="FailFor"/> (the channel is not under test here: the engine around it is).</summary>
internal sealed class MemoryChannel : INoticeChannel
{
    private readonly List<NoticeMessage> _sent = new();

    public MemoryChannel(string name, Func<NoticeRecipient, bool>? reaches = null)
    {
        Name = name;
        Reaches = reaches ?? (_ => true);
    }

    public string Name { get; }
    public Func<NoticeRecipient, bool> Reaches { get; }
    public HashSet<string> FailFor { get; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<NoticeMessage> Sent => _sent;

    /// <summary>An e-mail channel: reaches whoever has an address.</summary>
    public static MemoryChannel Email() => new("Email", r => r.Email != null);

    /// <summary>A Slack Web API channel: reaches an e-mail (looked up) or a Slack id, and a channel name.</summary>
    public static MemoryChannel Slack() => new("Slack", r => r.Email != null || r.SlackId != null || r.Channel != null);

    public bool CanReach(NoticeRecipient recipient) => Reaches(recipient);

    public Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (FailFor.Contains(message.Recipient.ToString()))
        {
            return Task.FromResult(NoticeDelivery.Failed("Refused", "the test channel refuses " + message.Recipient));
        }

        _sent.Add(message);
        return Task.FromResult(NoticeDelivery.Sent());
    }
}
