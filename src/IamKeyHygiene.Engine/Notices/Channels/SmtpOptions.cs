using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using IamKeyHygiene.Engine.Errors;
using MailKit.Security;
using MimeKit;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>The SMTP part of <see cref="NoticeChannelSettings"/>, checked once before anything is sent.</summary>
    internal sealed class SmtpOptions
    {
        private SmtpOptions(string host, int port, string security, SecureSocketOptions socketOptions, MailboxAddress from,
            NetworkCredential? credential, X509Certificate2? trustedCertificate)
        {
            Host = host;
            Port = port;
            Security = security;
            SocketOptions = socketOptions;
            From = from;
            Credential = credential;
            TrustedCertificate = trustedCertificate;
        }

        public string Host { get; }
        public int Port { get; }

        /// <summary>StartTls, Tls or None, as the user wrote it in the settings' canonical spelling.</summary>
        public string Security { get; }
        public SecureSocketOptions SocketOptions { get; }
        public MailboxAddress From { get; }
        public NetworkCredential? Credential { get; }
        public X509Certificate2? TrustedCertificate { get; }

        /// <summary>Where errors point: smtp://host:port (never a user name or password).</summary>
        public string Endpoint => $"smtp://{Host}:{Port}";

        /// <summary>The settings' SMTP group made usable; a terminating InvalidSmtpSettings when it cannot be.</summary>
        public static SmtpOptions Read(NoticeChannelSettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            string host = (settings.SmtpServer ?? "").Trim();
            if (host.Length == 0) throw Invalid("(none)", "No SMTP server is set.");

            int port = settings.SmtpPort;
            if (port < 1 || port > 65535) throw Invalid(port.ToString(System.Globalization.CultureInfo.InvariantCulture), $"The SMTP port {port} is not a TCP port (1-65535).");

            (string security, SecureSocketOptions socketOptions) = ParseSecurity(settings.SmtpSecurity, host);
            return new SmtpOptions(host, port, security, socketOptions, ParseFrom(settings.SmtpFrom, host),
                settings.SmtpCredential, settings.SmtpTrustedCertificate);
        }

        private static (string, SecureSocketOptions) ParseSecurity(string? value, string host)
        {
            switch ((value ?? "StartTls").Trim().ToUpperInvariant())
            {
                case "STARTTLS":
                    // StartTls, not StartTlsWhenAvailable: a server that does not offer STARTTLS is refused, never used in plain text.
                    return ("StartTls", SecureSocketOptions.StartTls);
                case "TLS":
                    return ("Tls", SecureSocketOptions.SslOnConnect);
                case "NONE":
                    if (!IsLoopback(host))
                    {
                        throw Invalid(host, $"SMTP security None sends the message and any password in plain text, so it is allowed only to a loopback host (localhost, 127.0.0.1, ::1), not to '{host}'. Use StartTls (port 587) or Tls (port 465).");
                    }

                    return ("None", SecureSocketOptions.None);
                default:
                    throw Invalid(value ?? "", $"SMTP security '{value}' is not one of StartTls, Tls or None.");
            }
        }

        private static MailboxAddress ParseFrom(string? from, string host)
        {
            if (string.IsNullOrWhiteSpace(from))
            {
                throw Invalid(host, $"E-mail to '{host}' needs a sender address (SmtpFrom, e.g. 'Key Hygiene <key-hygiene@example.com>'): SES sends only from a verified identity.");
            }

            if (!MailboxAddress.TryParse(from, out MailboxAddress? mailbox) || mailbox == null || mailbox.Address.IndexOf('@') <= 0)
            {
                throw Invalid(from!, $"The sender '{from}' is not an e-mail address.");
            }

            return mailbox;
        }

        public static bool IsLoopback(string host)
        {
            string bare = host.Trim('[', ']');
            return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(bare, out IPAddress? address) && IPAddress.IsLoopback(address));
        }

        private static EngineException Invalid(string target, string message) =>
            new EngineException(ErrorCatalog.InvalidSmtpSettings, target, message);
    }
}
