using System;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// Where and how Send-KeyOwnerNotice sends: one group of settings per channel; a channel is used when its address is
    /// set. Secrets (the Slack token, the SMTP password, webhook URLs, which carry their own signature) stay in these
    /// objects and the channels built from them, never in a message, log line or error (a webhook shows as its host).
    /// </summary>
    public sealed class NoticeChannelSettings
    {
        // Slack Web API (chat.postMessage, users.lookupByEmail): a bot token xoxb-….
        public SecureString? SlackToken { get; set; }
        public Uri SlackApiUrl { get; set; } = new Uri("https://slack.com/api/");

        /// <summary>The e-mail → Slack id cache file, so daily runs stay under users.lookupByEmail's rate limit.</summary>
        public string? SlackLookupCachePath { get; set; }

        // Incoming webhooks: Slack, Microsoft Teams Workflows (Adaptive Cards), generic JSON.
        public Uri? SlackWebhookUrl { get; set; }
        public Uri? TeamsWebhookUrl { get; set; }
        public Uri? WebhookUrl { get; set; }

        // SMTP e-mail (MailKit): SES SMTP or any server.
        public string? SmtpServer { get; set; }
        public int SmtpPort { get; set; } = 587;

        /// <summary>StartTls (default, port 587), Tls (implicit, port 465) or None (loopback only).</summary>
        public string SmtpSecurity { get; set; } = "StartTls";
        public string? SmtpFrom { get; set; }

        /// <summary>From -SmtpCredential; or read from SSM Parameter Store (SecureString, decrypted) by name.</summary>
        public NetworkCredential? SmtpCredential { get; set; }
        public string? SmtpUserNameParameter { get; set; }
        public string? SmtpPasswordParameter { get; set; }

        /// <summary>A certificate to trust for the SMTP server besides the system's (a test server's self-signed one).</summary>
        public X509Certificate2? SmtpTrustedCertificate { get; set; }

        // SNS Publish: every message carries an "owner" message attribute for subscription filter policies.
        public string? SnsTopicArn { get; set; }

        /// <summary>Where the run's summary goes (a Slack channel id or name for the Slack channels); null for none.</summary>
        public string? SummaryChannel { get; set; }

        /// <summary>Where unowned keys go when the account's e-mail cannot take them.</summary>
        public string? FallbackChannel { get; set; }
    }
}
