using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Templates;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// The notice parameters Send-KeyOwnerNotice and Invoke-KeyHygiene share (one declaration, one help text each), and
    /// what they become for the engine: the channels' settings, the default language and the checked templates.
    /// </summary>
    public abstract class NoticeCmdletBase : AwsCmdletBase
    {
        /// <summary>A Slack bot token (xoxb-...) as a SecureString: owners get a direct message through the Slack Web API (chat.postMessage), found by their Slack id or by users.lookupByEmail.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? SlackToken { get; set; }

        /// <summary>The Slack Web API base URL. Default: https://slack.com/api/.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? SlackApiUrl { get; set; }

        /// <summary>A file that keeps e-mail to Slack id lookups between runs, so daily runs stay under the users.lookupByEmail rate limit.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SlackLookupCachePath { get; set; }

        /// <summary>A Slack incoming webhook: the summary and the fallback go there. The URL is a secret; it is shown only as its host.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? SlackWebhookUrl { get; set; }

        /// <summary>A Microsoft Teams Workflows webhook (Adaptive Cards). The URL is a secret; it is shown only as its host.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? TeamsWebhookUrl { get; set; }

        /// <summary>A generic JSON webhook. The URL is a secret; it is shown only as its host.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? WebhookUrl { get; set; }

        /// <summary>The SMTP server for e-mail (Amazon SES SMTP or any other), with -From.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SmtpServer { get; set; }

        /// <summary>The SMTP port. Default: 587.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int SmtpPort { get; set; } = 587;

        /// <summary>StartTls (port 587), Tls (implicit TLS, port 465) or None (loopback only). Default: StartTls.</summary>
        [Parameter]
        [ValidateSet("StartTls", "Tls", "None")]
        public string SmtpSecurity { get; set; } = "StartTls";

        /// <summary>The sender address of e-mail notices.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? From { get; set; }

        /// <summary>The SMTP user name and password (for Amazon SES: the SMTP credentials, not an access key). An SES SMTP user name is the id of the IAM access key the credentials derive from: Invoke-KeyHygiene never changes that key (ModuleOwnKey).</summary>
        [Parameter]
        [ValidateNotNull]
        [Credential]
        public PSCredential? SmtpCredential { get; set; }

        /// <summary>The name of an SSM Parameter Store parameter holding the SMTP user name (read with decryption), as the AWS pattern keeps SES SMTP credentials. Uses the AWS credential parameters.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SmtpUserNameParameter { get; set; }

        /// <summary>The name of an SSM Parameter Store SecureString parameter holding the SMTP password (read with decryption).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SmtpPasswordParameter { get; set; }

        /// <summary>A certificate to trust for the SMTP server besides the system's (a test server's self-signed one), as Get-PfxCertificate returns it.</summary>
        [Parameter]
        [ValidateNotNull]
        public X509Certificate2? SmtpTrustedCertificate { get; set; }

        /// <summary>An SNS topic: messages are published with an owner message attribute, for subscription filter policies. Uses the AWS credential parameters.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SnsTopicArn { get; set; }

        /// <summary>Where the run's summary goes: a Slack channel id or name, or an e-mail address; the webhook channels take it as it is. Without it no summary is sent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SummaryChannel { get; set; }

        /// <summary>Where keys go whose owner and account e-mail no configured channel can reach: a Slack channel, an e-mail address, or a label for the webhook channels.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FallbackChannel { get; set; }

        /// <summary>The language of messages to owners who give none: en or ja. Default: en.</summary>
        [Parameter]
        [ValidateSet("en", "ja")]
        public string Language { get; set; } = "en";

        /// <summary>A folder of templates that override the shipped ones: &lt;language&gt;/&lt;Channel&gt;.txt, &lt;language&gt;/Default.txt, &lt;language&gt;/&lt;Channel&gt;.Summary.txt, &lt;language&gt;/Summary.txt (docs/notices.md). Checked in full before anything is sent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TemplatePath { get; set; }

        /// <summary>True when a notice parameter needs the AWS connection (SNS, SSM Parameter Store).</summary>
        private protected bool NoticesNeedAws => SnsTopicArn != null || SmtpUserNameParameter != null || SmtpPasswordParameter != null;

        /// <summary>The -Language default for owners who give none.</summary>
        private protected string DefaultLanguage => OwnerPreferences.KnownLanguage(Language) ?? "en";

        /// <summary>Every template, the shipped ones and -TemplatePath's, read and checked (InvalidTemplate, terminating).</summary>
        private protected TemplateSet LoadTemplates()
        {
            var shipped = Path.Combine(MyInvocation.MyCommand.Module?.ModuleBase
                ?? Path.GetDirectoryName(typeof(NoticeCmdletBase).Assembly.Location)!, "Templates");
            return NoticeService.LoadTemplates(TemplatePath == null ? null : PolicyParameter.FullPath(this, TemplatePath), shipped);
        }

        /// <summary>The channels' settings from the parameters.</summary>
        private protected NoticeChannelSettings NoticeSettings()
        {
            var settings = new NoticeChannelSettings
            {
                SlackToken = SlackToken,
                SlackLookupCachePath = SlackLookupCachePath == null ? null : PolicyParameter.FullPath(this, SlackLookupCachePath),
                SlackWebhookUrl = SlackWebhookUrl,
                TeamsWebhookUrl = TeamsWebhookUrl,
                WebhookUrl = WebhookUrl,
                SmtpServer = SmtpServer,
                SmtpPort = SmtpPort,
                SmtpSecurity = SmtpSecurity,
                SmtpFrom = From,
                SmtpCredential = SmtpCredential?.GetNetworkCredential(),
                SmtpUserNameParameter = SmtpUserNameParameter,
                SmtpPasswordParameter = SmtpPasswordParameter,
                SmtpTrustedCertificate = SmtpTrustedCertificate,
                SnsTopicArn = SnsTopicArn,
                SummaryChannel = SummaryChannel,
                FallbackChannel = FallbackChannel,
            };
            if (SlackApiUrl != null) settings.SlackApiUrl = SlackApiUrl;
            return settings;
        }
    }
}
