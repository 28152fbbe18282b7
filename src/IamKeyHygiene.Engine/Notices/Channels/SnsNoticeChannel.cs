using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// Notices published to one SNS topic: the subject as SNS's Subject (one line, at most <see cref="MaxSubjectLength"/>
    /// characters), the body as the Message, and two String message attributes a subscription filter policy can route
    /// on: <c>owner</c> (the recipient's group key: lower-cased e-mail, else Slack id, else channel) and <c>kind</c>
    /// (Owner, AccountEmail, FallbackChannel, SummaryChannel). Throttling, 5xx answers and dropped connections are
    /// retried by the one retry policy; a topic SNS does not know, a refused publish or a message SNS will not take is
    /// a failed delivery with a stable reason; credentials AWS rejects stop the run (CredentialsRejected).
    /// </summary>
    internal sealed class SnsNoticeChannel : INoticeChannel
    {
        /// <summary>SNS's API Reference: subjects are "less than 100 characters long".</summary>
        public const int MaxSubjectLength = 99;

        /// <summary>SNS's API Reference: a message, with its attributes, is at most 256 KB.</summary>
        public const int MaxMessageBytes = 262144;

        public const string OwnerAttribute = "owner";
        public const string KindAttribute = "kind";

        // Reasons a delivery failed, stable for runbooks and NoticeResult.Reason.
        public const string TopicNotFound = "SnsTopicNotFound";
        public const string PublishDenied = "SnsAccessDenied";
        public const string PublishRefused = "SnsRejected";
        public const string Unreachable = "SnsUnavailable";

        private readonly AwsConnection _connection;
        private readonly SnsClient _client;
        private readonly string _topicArn;

        public SnsNoticeChannel(AwsConnection connection, string topicArn)
        {
            if (string.IsNullOrWhiteSpace(topicArn)) throw new ArgumentException("An SNS topic ARN is needed.", nameof(topicArn));
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _client = connection.CreateSnsClient();
            _topicArn = topicArn;
        }

        public string Name => "Sns";

        /// <summary>A topic takes every message; its subscriptions' filter policies choose who reads it.</summary>
        public bool CanReach(NoticeRecipient recipient) => true;

        public async Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken)
        {
            var owner = message.Recipient.GroupKey;
            var kind = message.Recipient.Kind.ToString();
            // SNS counts the message and its attributes' names, types and values against its 256 KB.
            var attributeBytes = Encoding.UTF8.GetByteCount(OwnerAttribute + "String" + owner + KindAttribute + "String" + kind);
            var body = MessageCut.ToFit(message.Body, MaxMessageBytes - attributeBytes, Encoding.UTF8.GetByteCount, message.Language, "SNS");
            var published = new SnsMessage(_topicArn, body, SubjectLine(message.Subject));
            published.Attributes[OwnerAttribute] = owner;
            published.Attributes[KindAttribute] = kind;
            try
            {
                await _client.PublishAsync(published, cancellationToken).ConfigureAwait(false);
                return NoticeDelivery.Sent(_topicArn);
            }
            catch (AwsServiceException error)
            {
                if (error.IsCredentialsRejected)
                {
                    throw _connection.CallerFailure(error);
                }

                return NoticeDelivery.Failed(ReasonFor(error), $"SNS Publish to {_topicArn} failed: {error.Message}");
            }
        }

        /// <summary>One line (line breaks and other control characters become spaces), trimmed, cut to
        /// <see cref="MaxSubjectLength"/> without splitting a surrogate pair; null when nothing is left.</summary>
        public static string? SubjectLine(string subject)
        {
            var line = new StringBuilder(subject.Length);
            foreach (var c in subject)
            {
                line.Append(char.IsControl(c) ? ' ' : c);
            }

            var text = line.ToString().Trim();
            if (text.Length > MaxSubjectLength)
            {
                var cut = char.IsHighSurrogate(text[MaxSubjectLength - 1]) ? MaxSubjectLength - 1 : MaxSubjectLength;
                text = text.Substring(0, cut).TrimEnd();
            }

            return text.Length == 0 ? null : text;
        }

        private static string ReasonFor(AwsServiceException error)
        {
            switch (error.Kind)
            {
                case AwsErrorKind.NotFound: return TopicNotFound;
                case AwsErrorKind.AccessDenied: return PublishDenied;
                case AwsErrorKind.Throttling:
                case AwsErrorKind.Transient: return Unreachable;
                default: return PublishRefused;
            }
        }
    }
}
