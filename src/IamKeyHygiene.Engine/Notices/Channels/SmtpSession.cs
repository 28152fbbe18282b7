using System;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Errors;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// The run's one SMTP connection: opened and authenticated at the first message, reused for the next ones, opened
    /// again when the server dropped it. A certificate or credential the server cannot accept is decided here, as a
    /// terminating <see cref="EngineException"/>; network faults pass through for the channel to retry.
    /// </summary>
    internal sealed class SmtpSession : IDisposable
    {
        private readonly SmtpOptions _options;
        private readonly IEngineLog _log;
        private readonly SmtpCertificateTrust _trust;
        private SmtpClient? _client;

        public SmtpSession(SmtpOptions options, IEngineLog log)
        {
            _options = options;
            _log = log;
            _trust = new SmtpCertificateTrust(options.TrustedCertificate);
        }

        /// <summary>How many times a connection was opened (and authenticated when credentials are given).</summary>
        public int Connections { get; private set; }

        public async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
        {
            if (_client != null && _client.IsConnected) return _client;

            Drop();
            var client = new SmtpClient { ServerCertificateValidationCallback = _trust.Validate };
            try
            {
                await ConnectAsync(client, cancellationToken).ConfigureAwait(false);
                await AuthenticateAsync(client, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                client.Dispose();
                throw;
            }

            Connections++;
            _client = client;
            return client;
        }

        private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
        {
            try
            {
                await client.ConnectAsync(_options.Host, _options.Port, _options.SocketOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (SslHandshakeException e) when (_trust.Refusal.Length > 0)
            {
                throw new EngineException(ErrorCatalog.SmtpServerUntrusted, _options.Endpoint,
                    $"The SMTP server {_options.Host}:{_options.Port} is not trusted: {_trust.Refusal}. Nothing was sent. "
                    + "To trust a private CA or a test server's own certificate, give it as the SMTP trusted certificate (SmtpTrustedCertificate).", e);
            }
            catch (NotSupportedException e)
            {
                // SecureSocketOptions.StartTls throws this when the server does not offer STARTTLS: never fall back to plain text.
                throw new EngineException(ErrorCatalog.SmtpServerUntrusted, _options.Endpoint,
                    $"The SMTP server {_options.Host}:{_options.Port} does not offer STARTTLS, and e-mail is never sent in plain text "
                    + "to a host that is not loopback. Nothing was sent.", e);
            }

            _log.Verbose($"Email: connected to {_options.Host}:{_options.Port} ({Describe(client)}).");
        }

        private async Task AuthenticateAsync(SmtpClient client, CancellationToken cancellationToken)
        {
            if (_options.Credential == null) return;

            try
            {
                await client.AuthenticateAsync(_options.Credential, cancellationToken).ConfigureAwait(false);
            }
            catch (AuthenticationException e)
            {
                // The server's words (e.g. "535 Authentication Credentials Invalid") never hold the password; no inner
                // exception, so nothing MailKit kept of the exchange travels with the error.
                throw new EngineException(ErrorCatalog.SmtpCredentialsRejected, _options.Endpoint,
                    $"The SMTP server {_options.Host}:{_options.Port} rejected the SMTP user name and password "
                    + $"(the SMTP credential or the SSM parameters holding it): {e.Message}");
            }
            catch (NotSupportedException)
            {
                throw new EngineException(ErrorCatalog.SmtpCredentialsRejected, _options.Endpoint,
                    $"The SMTP server {_options.Host}:{_options.Port} offers no authentication (AUTH) on this connection, "
                    + "so the SMTP user name and password cannot be used.");
            }

            _log.Verbose($"Email: authenticated to {_options.Host}:{_options.Port}.");
        }

        private static string Describe(SmtpClient client) =>
            client.IsSecure ? $"TLS {client.SslProtocol}" : "no TLS, loopback";

        /// <summary>Forgets the connection after a fault, so the next message opens a new one.</summary>
        public void Drop()
        {
            _client?.Dispose();
            _client = null;
        }

        /// <summary>Says QUIT when still connected, then closes.</summary>
        public void Dispose()
        {
            if (_client == null) return;
            try
            {
                if (_client.IsConnected) _client.Disconnect(true);
            }
            catch (Exception e) when (e is System.IO.IOException || e is MailKit.ProtocolException || e is OperationCanceledException)
            {
                _log.Debug($"Email: closing the SMTP connection: {e.Message}");
            }

            Drop();
        }
    }
}
