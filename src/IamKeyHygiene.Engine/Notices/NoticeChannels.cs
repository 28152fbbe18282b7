using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws;
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
            var channels = new List<INoticeChannel>();
            if (settings.SlackToken != null) channels.Add(new SlackChannel(settings, log, EngineClock.Wall));
            if (settings.SlackWebhookUrl != null) channels.Add(new SlackWebhookChannel(settings.SlackWebhookUrl, log));
            if (settings.TeamsWebhookUrl != null) channels.Add(new TeamsChannel(settings.TeamsWebhookUrl, log));
            if (settings.WebhookUrl != null) channels.Add(new WebhookChannel(settings.WebhookUrl, log));
            await Task.CompletedTask.ConfigureAwait(false);
            return channels;
        }
    }
}
