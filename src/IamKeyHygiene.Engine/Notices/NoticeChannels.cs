using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;

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
            var channels = new List<INoticeChannel>();
            // E-mail holds one SMTP connection for the run: the caller disposes it (it is IDisposable) when done.
            if (!string.IsNullOrWhiteSpace(settings.SmtpServer)) channels.Add(Channels.EmailChannel.Create(settings, log));
            await Task.CompletedTask.ConfigureAwait(false);
            return channels;
        }
    }
}
