using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Channels;
using MimeKit;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>
/// The e-mail channel against a real SMTP server (aiosmtpd): STARTTLS with a certificate the test trusts explicitly,
/// AUTH, the received bytes parsed back. Each test writes to its own address, so the shared server's mailbox sorts
/// them apart.
/// </summary>
public sealed class EmailChannelTests : IClassFixture<SmtpTestServer>
{
    private const string From = "Key Hygiene <key-hygiene@example.com>";
    private const string JapaneseSubject = "アクセスキーのローテーションをお願いします（80日経過）";
    private const string JapaneseBody =
        "山田さん\n\nアカウント 123456789012 のユーザー yamada のアクセスキー ****************WXYZ は作成から 80 日が経過しました。\n"
        + "2026年12月10日に無効化されます。今すぐローテーションしてください:\n    Invoke-AccessKeyRotation -Self\n\n— 鍵の衛生管理 🔑\n";

    private readonly SmtpTestServer _server;
    private readonly MemoryLog _log = new();
    private readonly List<TimeSpan> _waits = new();

    public EmailChannelTests(SmtpTestServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Sends_over_STARTTLS_after_AUTH_and_the_Japanese_message_arrives_intact()
    {
        var to = Address("yamada");
        using var channel = Channel(Settings(trusted: _server.Certificate));

        var delivery = await channel.SendAsync(Message(to, "山田 太郎", JapaneseSubject, JapaneseBody), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        var mail = Assert.Single(_server.MessagesTo(to));
        Assert.True(mail.Tls, "the message travelled over TLS");
        Assert.True(mail.Authenticated, "the connection authenticated before MAIL FROM");
        Assert.Contains(_server.AuthAttempts(), a => a.GetProperty("connection").GetInt32() == mail.Connection
            && a.GetProperty("success").GetBoolean() && a.GetProperty("tls").GetBoolean() && a.GetProperty("user").GetString() == SmtpTestServer.User);

        var message = mail.Message;
        Assert.Equal("key-hygiene@example.com", mail.MailFrom);
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal(("Key Hygiene", "key-hygiene@example.com"), (from.Name, from.Address));
        var recipient = Assert.Single(message.To.Mailboxes);
        Assert.Equal(("山田 太郎", to), (recipient.Name, recipient.Address));
        Assert.Equal(JapaneseSubject, message.Subject);
        Assert.EndsWith("@example.com", message.MessageId, StringComparison.Ordinal);
        Assert.InRange(message.Date, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);

        // The bytes: a text/plain UTF-8 part whose decoded content is the body's UTF-8, byte for byte.
        var part = Assert.IsType<TextPart>(message.Body);
        Assert.True(part.IsPlain);
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        using var decoded = new MemoryStream();
        part.Content!.DecodeTo(decoded);
        Assert.Equal(Encoding.UTF8.GetBytes(JapaneseBody.Replace("\n", "\r\n", StringComparison.Ordinal)), decoded.ToArray());
        Assert.Equal(JapaneseBody, part.Text.Replace("\r\n", "\n", StringComparison.Ordinal));
        // On the wire the headers are 7-bit (RFC 2047 encoded-words), never raw UTF-8.
        var headerEnd = IndexOf(mail.Raw, "\r\n\r\n"u8.ToArray());
        Assert.True(mail.Raw.Take(headerEnd).All(b => b < 0x80), "raw 8-bit bytes in the headers");
    }

    [Fact]
    public async Task Several_messages_go_over_one_connection_with_one_login()
    {
        var to = Enumerable.Range(1, 3).Select(i => Address($"owner{i}")).ToList();
        using var channel = Channel(Settings(trusted: _server.Certificate));

        foreach (var address in to)
        {
            var delivery = await channel.SendAsync(Message(address, null, $"Keys of {address}", "Rotate your key."), CancellationToken.None);
            Assert.True(delivery.IsSent, delivery.Message);
        }

        var mails = to.Select(address => Assert.Single(_server.MessagesTo(address))).ToList();
        var connection = Assert.Single(mails.Select(m => m.Connection).Distinct());
        Assert.Single(_server.AuthAttempts(), a => a.GetProperty("connection").GetInt32() == connection);
        Assert.Equal(1, channel.Connections);
        Assert.Equal(to, mails.Select(m => Assert.Single(m.Message.To.Mailboxes).Address));
    }

    [Fact]
    public async Task A_certificate_chaining_to_the_trusted_CA_is_accepted_too()
    {
        var to = Address("ca");
        using var channel = Channel(Settings(trusted: _server.CaCertificate));

        var delivery = await channel.SendAsync(Message(to, null, "via CA", "body"), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        Assert.Single(_server.MessagesTo(to));
    }

    [Fact]
    public async Task Implicit_TLS_sends_as_well()
    {
        var to = Address("implicit");
        using var channel = Channel(Settings(trusted: _server.Certificate, security: "Tls", port: _server.TlsPort));

        var delivery = await channel.SendAsync(Message(to, null, "over TLS", "body"), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        Assert.True(Assert.Single(_server.MessagesTo(to)).Tls);
    }

    public static TheoryData<string> Untrusted => new() { "none given", "another self-signed certificate" };

    [Theory]
    [MemberData(nameof(Untrusted))]
    public async Task A_server_certificate_not_trusted_stops_with_SmtpServerUntrusted_and_nothing_is_sent(string trusted)
    {
        var to = Address("untrusted");
        using var stranger = trusted == "none given" ? null : SelfSigned("CN=localhost");
        using var channel = Channel(Settings(trusted: stranger));
        int authBefore = _server.AuthAttempts().Count;

        var error = await Assert.ThrowsAsync<EngineException>(() => channel.SendAsync(Message(to, null, "s", "b"), CancellationToken.None));

        Assert.Equal("SmtpServerUntrusted", error.ErrorId);
        Assert.True(error.Entry.Terminating);
        Assert.Equal($"smtp://127.0.0.1:{_server.Port}", error.Target);
        Assert.Contains(_server.Certificate.Thumbprint, error.Message, StringComparison.Ordinal);
        Assert.Contains("SmtpTrustedCertificate", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.MessagesTo(to));
        Assert.Equal(authBefore, _server.AuthAttempts().Count);
    }

    [Fact]
    public async Task A_wrong_password_stops_with_SmtpCredentialsRejected_and_the_password_appears_nowhere()
    {
        const string wrongPassword = "WRONG-9f8e7d6c5b4a39281706f5e4d3c2b1a0zyxw";
        var to = Address("wrongpassword");
        using var channel = Channel(Settings(trusted: _server.Certificate, credential: new NetworkCredential(SmtpTestServer.User, wrongPassword)));

        var error = await Assert.ThrowsAsync<EngineException>(() => channel.SendAsync(Message(to, null, "s", "b"), CancellationToken.None));

        Assert.Equal("SmtpCredentialsRejected", error.ErrorId);
        Assert.Equal(EngineErrorCategory.AuthenticationError, error.Category);
        Assert.True(error.Entry.Terminating);
        Assert.Equal($"smtp://127.0.0.1:{_server.Port}", error.Target);
        Assert.Empty(_server.MessagesTo(to));
        var attempt = _server.AuthAttempts().Last();
        Assert.False(attempt.GetProperty("success").GetBoolean());
        Assert.True(attempt.GetProperty("tls").GetBoolean(), "the password went over TLS only");

        var everything = error + "\n" + _log.Text;
        foreach (var form in SecretForms(wrongPassword))
        {
            Assert.DoesNotContain(form, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_recipient_is_one_failed_delivery_and_the_next_message_still_goes()
    {
        var refused = Address("refused");
        var next = Address("afterrefused");
        using var channel = Channel(Settings(trusted: _server.Certificate));

        var failed = await channel.SendAsync(Message(refused, null, "s", "b"), CancellationToken.None);
        var sent = await channel.SendAsync(Message(next, null, "s", "b"), CancellationToken.None);

        Assert.False(failed.IsSent);
        Assert.Equal("SmtpRecipientRejected", failed.Reason);
        Assert.StartsWith("550 ", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Recipient address rejected", failed.Message, StringComparison.Ordinal);
        Assert.Empty(_waits);
        Assert.Empty(_server.MessagesTo(refused));
        Assert.True(sent.IsSent, sent.Message);
        Assert.Single(_server.MessagesTo(next));
        Assert.Equal(1, channel.Connections);
    }

    [Fact]
    public async Task A_4xx_answer_is_retried_after_a_wait_and_the_message_arrives_once()
    {
        var to = Address("greylist");
        using var channel = Channel(Settings(trusted: _server.Certificate));

        var delivery = await channel.SendAsync(Message(to, null, "s", "b"), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        Assert.Equal(new[] { TimeSpan.FromSeconds(1) }, _waits);
        Assert.Single(_server.MessagesTo(to));
        Assert.Contains(_log.VerboseLines, l => l.Contains("451", StringComparison.Ordinal) && l.Contains("try 1 of 4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_the_server_dropped_is_opened_again_for_the_next_message()
    {
        var first = Address("dropafter");
        var second = Address("afterdrop");
        using var channel = Channel(Settings(trusted: _server.Certificate));

        var one = await channel.SendAsync(Message(first, null, "s", "b"), CancellationToken.None);
        var two = await channel.SendAsync(Message(second, null, "s", "b"), CancellationToken.None);

        Assert.True(one.IsSent, one.Message);
        Assert.True(two.IsSent, two.Message);
        Assert.Equal(2, channel.Connections);
        Assert.NotEqual(Assert.Single(_server.MessagesTo(first)).Connection, Assert.Single(_server.MessagesTo(second)).Connection);
    }

    [Fact]
    public async Task StartTls_refuses_a_server_without_STARTTLS_instead_of_sending_in_plain_text()
    {
        var to = Address("plain");
        using var channel = Channel(Settings(trusted: _server.Certificate, port: _server.PlainPort));

        var error = await Assert.ThrowsAsync<EngineException>(() => channel.SendAsync(Message(to, null, "s", "b"), CancellationToken.None));

        Assert.Equal("SmtpServerUntrusted", error.ErrorId);
        Assert.Contains("STARTTLS", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.MessagesTo(to));
    }

    [Fact]
    public async Task Security_None_sends_in_plain_text_to_a_loopback_relay()
    {
        var to = Address("loopback");
        using var channel = Channel(Settings(trusted: null, security: "None", port: _server.PlainPort));

        var delivery = await channel.SendAsync(Message(to, null, "s", "b"), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        Assert.False(Assert.Single(_server.MessagesTo(to)).Tls);
    }

    private EmailChannel Channel(NoticeChannelSettings settings) =>
        new(SmtpOptions.Read(settings), _log, (wait, _) =>
        {
            _waits.Add(wait);
            return Task.CompletedTask;
        });

    private NoticeChannelSettings Settings(X509Certificate2? trusted, string security = "StartTls", int? port = null,
        NetworkCredential? credential = null) => new()
    {
        SmtpServer = "127.0.0.1",
        SmtpPort = port ?? _server.Port,
        SmtpSecurity = security,
        SmtpFrom = From,
        SmtpCredential = credential ?? (port == _server.PlainPort ? null : new NetworkCredential(SmtpTestServer.User, SmtpTestServer.Password)),
        SmtpTrustedCertificate = trusted,
    };

    internal static NoticeMessage Message(string to, string? name, string subject, string body) =>
        new(new NoticeRecipient(NoticeRecipientKind.Owner, to, null, name, null, "ja", null), subject, body, Array.Empty<NoticeKey>(), "ja");

    private static string Address(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>The password raw, in Base64 (alone and in AUTH PLAIN's user\0password form) and URL-encoded.</summary>
    private static IEnumerable<string> SecretForms(string password)
    {
        yield return password;
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(password));
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{SmtpTestServer.User}\0{password}"));
        yield return Uri.EscapeDataString(password);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        }

        return haystack.Length;
    }
}
