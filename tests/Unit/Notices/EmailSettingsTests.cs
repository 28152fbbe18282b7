using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Channels;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>The SMTP settings are checked when the channels are built, before anything is sent (no server needed).</summary>
public sealed class EmailSettingsTests
{
    [Fact]
    public async Task The_e_mail_channel_is_built_when_an_SMTP_server_is_set_and_only_then()
    {
        var withSmtp = await NoticeChannels.CreateAsync(new NoticeChannelSettings { SmtpServer = "email-smtp.us-east-1.amazonaws.com", SmtpFrom = "keys@example.com" },
            null, new MemoryLog(), CancellationToken.None);
        var without = await NoticeChannels.CreateAsync(new NoticeChannelSettings(), null, new MemoryLog(), CancellationToken.None);

        var email = Assert.IsType<EmailChannel>(Assert.Single(withSmtp));
        Assert.Equal("Email", email.Name);
        Assert.Equal(0, email.Connections);
        Assert.DoesNotContain(without, c => c is EmailChannel);
        email.Dispose();
    }

    [Fact]
    public async Task An_SMTP_server_without_a_sender_is_a_terminating_InvalidSmtpSettings()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => NoticeChannels.CreateAsync(
            new NoticeChannelSettings { SmtpServer = "email-smtp.eu-west-1.amazonaws.com" }, null, new MemoryLog(), CancellationToken.None));

        Assert.Equal("InvalidSmtpSettings", error.ErrorId);
        Assert.Equal(EngineErrorCategory.InvalidArgument, error.Category);
        Assert.True(error.Entry.Terminating);
        Assert.Contains("SmtpFrom", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int, string, string> Refused => new()
    {
        // server, security, port, from, what the message names
        { "smtp.example.com", "None", 25, "keys@example.com", "loopback" },
        { "10.0.0.5", "none", 25, "keys@example.com", "loopback" },
        { "smtp.example.com", "Ssl", 465, "keys@example.com", "StartTls, Tls or None" },
        { "smtp.example.com", "StartTls", 0, "keys@example.com", "1-65535" },
        { "smtp.example.com", "StartTls", 587, "not an address", "not an e-mail address" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Settings_that_cannot_be_used_safely_are_refused(string server, string security, int port, string from, string named)
    {
        var settings = new NoticeChannelSettings { SmtpServer = server, SmtpSecurity = security, SmtpPort = port, SmtpFrom = from };

        var error = Assert.Throws<EngineException>(() => EmailChannel.Create(settings, new MemoryLog()));

        Assert.Equal("InvalidSmtpSettings", error.ErrorId);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public void Security_None_is_allowed_to_a_loopback_host(string host)
    {
        using var channel = EmailChannel.Create(new NoticeChannelSettings { SmtpServer = host, SmtpSecurity = "None", SmtpPort = 25, SmtpFrom = "keys@example.com" }, new MemoryLog());

        Assert.Equal("Email", channel.Name);
    }

    [Fact]
    public void Defaults_are_STARTTLS_on_port_587()
    {
        var options = SmtpOptions.Read(new NoticeChannelSettings { SmtpServer = "email-smtp.us-east-1.amazonaws.com", SmtpFrom = "Keys <keys@example.com>" });

        Assert.Equal(("StartTls", MailKit.Security.SecureSocketOptions.StartTls, 587), (options.Security, options.SocketOptions, options.Port));
        Assert.Equal(("Keys", "keys@example.com"), (options.From.Name, options.From.Address));
        Assert.Equal("smtp://email-smtp.us-east-1.amazonaws.com:587", options.Endpoint);
    }

    [Theory]
    [InlineData("owner@example.com", true)]
    [InlineData(null, false)]
    [InlineData(" ", false)]
    public void It_reaches_recipients_with_an_e_mail_address(string? email, bool reachable)
    {
        using var channel = EmailChannel.Create(new NoticeChannelSettings { SmtpServer = "localhost", SmtpFrom = "keys@example.com" }, new MemoryLog());

        Assert.Equal(reachable, channel.CanReach(new NoticeRecipient(NoticeRecipientKind.Owner, email, "U123", null, null, null, null)));
    }
}
