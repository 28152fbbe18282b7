using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Errors;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// E-mail through SMTP (MailKit): SES SMTP or any server, over STARTTLS (default), implicit TLS, or plain only to
    /// loopback. One connection serves the whole run; dispose the channel at the end of the run to close it.
    /// A refused recipient is one failed delivery; a 4xx answer or a dropped connection is retried; a refused
    /// credential or an untrusted server stops the run (EngineException), since every other message would fail alike.
    /// </summary>
    public sealed class EmailChannel : INoticeChannel, IDisposable
    {
        /// <summary>Tries per message: the first and three more after 1, 2 and 4 seconds.</summary>
        internal const int MaxAttempts = 4;

        private readonly SmtpOptions _options;
        private readonly SmtpSession _session;
        private readonly IEngineLog _log;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

        // Once the server could not be reached after every retry, later messages fail at once with the same words.
        private string? _unreachable;

        internal EmailChannel(SmtpOptions options, IEngineLog log, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            _options = options;
            _log = log;
            _session = new SmtpSession(options, log);
            _delay = delay ?? Task.Delay;
        }

        /// <summary>The channel for the settings' SMTP group; a terminating InvalidSmtpSettings when it cannot be used.</summary>
        public static EmailChannel Create(NoticeChannelSettings settings, IEngineLog log) =>
            new EmailChannel(SmtpOptions.Read(settings), log);

        public string Name => "Email";

        /// <summary>How many SMTP connections the run opened so far (one, unless the server dropped it).</summary>
        public int Connections => _session.Connections;

        public bool CanReach(NoticeRecipient recipient) =>
            recipient != null && !string.IsNullOrWhiteSpace(recipient.Email);

        public async Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            if (!CanReach(message.Recipient)) return NoticeDelivery.Failed("NoEmailAddress", "The recipient has no e-mail address.");

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return _unreachable != null
                    ? NoticeDelivery.Failed("SmtpConnectionFailed", _unreachable)
                    : await SendWithRetriesAsync(message, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task<NoticeDelivery> SendWithRetriesAsync(NoticeMessage notice, CancellationToken cancellationToken)
        {
            var mime = EmailMessages.Build(notice, _options.From, DateTimeOffset.UtcNow);
            string to = notice.Recipient.Email!;
            for (int attempt = 1; ; attempt++)
            {
                string retryReason;
                try
                {
                    SmtpClient client = await _session.ConnectedAsync(cancellationToken).ConfigureAwait(false);
                    await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
                    _log.Verbose($"Email: sent '{notice.Subject}' to {to}.");
                    return NoticeDelivery.Sent();
                }
                catch (SmtpCommandException e) when (IsTransient(e))
                {
                    retryReason = Words(e);
                    if (attempt >= MaxAttempts) return NoticeDelivery.Failed("SmtpTryAgainLater", $"{retryReason} (tried {attempt} times)");
                }
                catch (SmtpCommandException e)
                {
                    return NoticeDelivery.Failed(ReasonFor(e), Words(e));
                }
                catch (Exception e) when (IsConnectionFault(e, cancellationToken))
                {
                    _session.Drop();
                    retryReason = e.Message;
                    if (attempt >= MaxAttempts)
                    {
                        _unreachable = $"The SMTP server {_options.Host}:{_options.Port} could not be reached: {e.Message} (tried {attempt} times)";
                        return NoticeDelivery.Failed("SmtpConnectionFailed", _unreachable);
                    }
                }

                TimeSpan wait = TimeSpan.FromSeconds(1 << (attempt - 1));
                _log.Verbose($"Email: to {to}, try {attempt} of {MaxAttempts} failed ({retryReason}); trying again in {wait.TotalSeconds:0} s.");
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>4xx: the server asks to try later (greylisting, SES throttling 454, 421 closing).</summary>
        private static bool IsTransient(SmtpCommandException e) => (int)e.StatusCode >= 400 && (int)e.StatusCode < 500;

        private static string ReasonFor(SmtpCommandException e)
        {
            switch (e.ErrorCode)
            {
                case SmtpErrorCode.RecipientNotAccepted: return "SmtpRecipientRejected";
                case SmtpErrorCode.SenderNotAccepted: return "SmtpSenderRejected";
                default: return "SmtpRejected";
            }
        }

        /// <summary>The server's own words with its status code, e.g. "550 5.1.1 mailbox unavailable".</summary>
        private static string Words(SmtpCommandException e) => $"{(int)e.StatusCode} {e.Message}".Trim();

        private static bool IsConnectionFault(Exception e, CancellationToken cancellationToken) =>
            e is IOException || e is SocketException || e is ProtocolException || e is ServiceNotConnectedException
            || e is SslHandshakeException || e is TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

        public void Dispose()
        {
            _session.Dispose();
            _gate.Dispose();
        }
    }
}
