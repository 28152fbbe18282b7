using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.AwsProtocol.Pipeline;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>
    /// SNS (awsQuery, 2010-03-31) for exactly the operations the module uses: Publish for notices, CreateTopic and
    /// ListTopics for setting up and checking a topic. Build it with <see cref="AwsClients.CreateSns"/>. Errors arrive
    /// as AwsServiceException with SNS's codes: NotFound (no such topic), InvalidParameter (a subject or attribute SNS
    /// refuses, a message over 256 KB), AuthorizationError (no sns:Publish on the topic), KMS* (an encrypted topic's
    /// key). Message bodies are never logged: only operation names, retries and endpoints are.
    /// </summary>
    internal sealed class SnsClient : ModelledServiceClient
    {
        internal static readonly ServiceModel ServiceModel = ModelSlices.Load("sns", "2010-03-31");

        internal SnsClient(AWSCredentials credentials, ServiceClientConfig config)
            : base(credentials, config, ServiceModel, EndpointResolver.Sns)
        {
        }

        /// <summary>Publish is resent after a throttle, a 5xx or a dropped connection: a notice delivered twice is
        /// better than one lost, and SNS subscribers already live with at-least-once delivery.</summary>
        protected override IEnumerable<string> NeverRetried => System.Array.Empty<string>();

        /// <summary>Publish: one message to a topic, with String message attributes (subscription filter policies
        /// match on them). The answer's MessageId.</summary>
        public async Task<string> PublishAsync(SnsMessage message, CancellationToken cancellationToken)
        {
            var input = new JsonObject
            {
                ["TopicArn"] = message.TopicArn,
                ["Message"] = message.Message,
                ["Subject"] = message.Subject,
            };
            if (message.Attributes.Count > 0)
            {
                var attributes = new JsonObject();
                foreach (var attribute in message.Attributes)
                {
                    attributes[attribute.Key] = new JsonObject { ["DataType"] = "String", ["StringValue"] = attribute.Value };
                }

                input["MessageAttributes"] = attributes;
            }

            var output = await CallAsync("Publish", input, cancellationToken).ConfigureAwait(false);
            return output["MessageId"]?.GetValue<string>() ?? "";
        }

        /// <summary>CreateTopic: the topic's ARN (an existing topic of that name answers its ARN again, as SNS does).</summary>
        public async Task<SnsTopic> CreateTopicAsync(string name, CancellationToken cancellationToken) =>
            ReadWhole<SnsTopic>(await CallAsync("CreateTopic", new JsonObject { ["Name"] = name }, cancellationToken).ConfigureAwait(false));

        /// <summary>Every topic of the account in the client's region, page after page.</summary>
        public IAsyncEnumerable<SnsTopic> ListTopicsAllAsync(CancellationToken cancellationToken) =>
            PaginateAsync<SnsTopic>("ListTopics", null, null, cancellationToken);
    }

    /// <summary>One message for <see cref="SnsClient.PublishAsync"/>.</summary>
    internal sealed class SnsMessage
    {
        public SnsMessage(string topicArn, string message, string? subject)
        {
            TopicArn = topicArn;
            Message = message;
            Subject = subject;
        }

        public string TopicArn { get; }
        public string Message { get; }

        /// <summary>At most 100 printable ASCII characters, no line breaks (SNS refuses others); null for none.</summary>
        public string? Subject { get; }

        /// <summary>String message attributes by name, in the order they are sent.</summary>
        public IDictionary<string, string> Attributes { get; } = new SortedDictionary<string, string>(System.StringComparer.Ordinal);

        public override string ToString() => $"SNS message to {TopicArn} ({string.Join(", ", Attributes.Keys.ToArray())})";
    }

    /// <summary>A topic as CreateTopic and ListTopics name it.</summary>
    public sealed class SnsTopic
    {
        public string TopicArn { get; set; } = "";
    }
}
