using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices.Channels;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>Builds the channels the settings name, in one place. Each channel adds its one line here.</summary>
    public static class NoticeChannels
    {
        /// <summary>The channels whose address the settings give; the AWS connection serves SNS and SSM Parameter Store
        /// (null when neither is used).</summary>
        public static async Task<IReadOnlyList<INoticeChannel>> CreateAsync(NoticeChannelSettings settings,
            AwsConnection? connection, IEngineLog log, CancellationToken cancellationToken)
        {
            await ReadSmtpCredentialAsync(settings, connection, log, cancellationToken).ConfigureAwait(false);
            var channels = new List<INoticeChannel>();
            if (!string.IsNullOrEmpty(settings.SnsTopicArn))
            {
                channels.Add(new SnsNoticeChannel(Needed(connection, "an SNS topic"), settings.SnsTopicArn!));
            }

            if (settings.SlackToken != null) channels.Add(new SlackChannel(settings, log, EngineClock.Wall));
            if (settings.SlackWebhookUrl != null) channels.Add(new SlackWebhookChannel(settings.SlackWebhookUrl, log));
            if (settings.TeamsWebhookUrl != null) channels.Add(new TeamsChannel(settings.TeamsWebhookUrl, log));
            if (settings.WebhookUrl != null) channels.Add(new WebhookChannel(settings.WebhookUrl, log));
            // E-mail holds one SMTP connection for the run: the caller disposes it (it is IDisposable) when done.
            if (!string.IsNullOrWhiteSpace(settings.SmtpServer)) channels.Add(Channels.EmailChannel.Create(settings, log));
            return channels;
        }

        /// <summary>SES SMTP credentials kept in SSM Parameter Store (the AWS pattern's place for them): both
        /// parameters read, decrypted, into <see cref="NoticeChannelSettings.SmtpCredential"/> unless one was given.
        /// A parameter that cannot be read stops before anything is sent.</summary>
        private static async Task ReadSmtpCredentialAsync(NoticeChannelSettings settings, AwsConnection? connection, IEngineLog log,
            CancellationToken cancellationToken)
        {
            var userName = settings.SmtpUserNameParameter;
            var password = settings.SmtpPasswordParameter;
            if (settings.SmtpCredential != null || (string.IsNullOrEmpty(userName) && string.IsNullOrEmpty(password)))
            {
                return;
            }

            if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
            {
                throw new ArgumentException("The SMTP user name and password parameters are named together, or not at all.", nameof(settings));
            }

            using (var reader = Needed(connection, "SSM Parameter Store").CreateSsmParameterReader(ErrorCatalog.SmtpCredentialParameterUnavailable))
            {
                log.Verbose($"Reading the SMTP credentials from SSM parameters {userName} and {password}.");
                var user = await reader.GetDecryptedAsync(userName!, cancellationToken).ConfigureAwait(false);
                var secret = await reader.GetDecryptedAsync(password!, cancellationToken).ConfigureAwait(false);
                settings.SmtpCredential = new NetworkCredential(user, secret);
            }
        }

        private static AwsConnection Needed(AwsConnection? connection, string what) =>
            connection ?? throw new ArgumentException($"Notices through {what} need an AWS connection.", nameof(connection));
    }
}
