using System.Text;
using System.Text.RegularExpressions;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Sns;

/// <summary>
/// Amazon SNS (awsQuery, 2010-03-31): topics per account and region, and Publish, which records every accepted message
/// with its attributes (GET /_emulator/sns/messages) instead of delivering it. Limits and errors as the API Reference
/// gives them: Subject under 100 characters, no line breaks or control characters; message and attributes at most
/// 256 KB; at most 10 message attributes, each with a data type and a non-empty value; NotFound for an unknown topic.
/// </summary>
public sealed partial class SnsService
{
    public const string Namespace = "http://sns.amazonaws.com/doc/2010-03-31/";
    public const string Version = "2010-03-31";

    /// <summary>"less than 100 characters long" (API Reference, Publish).</summary>
    public const int MaxSubjectLength = 99;
    public const int MaxMessageBytes = 262144;
    public const int MaxMessageAttributes = 10;
    private const int TopicsPerPage = 100;
    private readonly EmulatorState state;

    public SnsService(EmulatorState state)
    {
        this.state = state;
    }

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal) { "CreateTopic", "ListTopics", "Publish" };

    public string Handle(AwsCall call)
    {
        lock (state.Sync)
        {
            return call.Operation switch
            {
                "CreateTopic" => CreateTopic(call),
                "ListTopics" => ListTopics(call),
                "Publish" => Publish(call),
                _ => throw new AwsErrorException("InvalidAction", $"Could not find operation {call.Operation} for version {Version}", 400),
            };
        }
    }

    /// <summary>Adds a topic (scenario or CreateTopic); an existing one of that name is answered again, as SNS does.
    /// The caller holds the lock.</summary>
    public static SnsTopicRecord AddTopic(EmulatorState state, string accountId, string region, string name)
    {
        if (!TopicName().IsMatch(name))
        {
            throw InvalidParameter("Topic Name");
        }

        var topic = new SnsTopicRecord { AccountId = accountId, Region = region, Name = name };
        return state.SnsTopics.TryGetValue(topic.Arn, out var existing) ? existing : state.SnsTopics[topic.Arn] = topic;
    }

    private string CreateTopic(AwsCall call)
    {
        var topic = AddTopic(state, call.Caller.Account.Id, call.Region, call.Param("Name") ?? throw InvalidParameter("Name"));
        return Respond(call, x => x.Leaf("TopicArn", topic.Arn));
    }

    private string ListTopics(AwsCall call)
    {
        var ordered = state.SnsTopics.Values
            .Where(t => t.AccountId == call.Caller.Account.Id && t.Region == call.Region)
            .OrderBy(t => t.Arn, StringComparer.Ordinal);
        if (!PageToken.TryDecode(call.Param("NextToken"), out var pageNumber, out var position))
        {
            throw InvalidParameter("NextToken");
        }

        var (page, next) = PageToken.Slice(ordered, t => t.Arn, StringComparer.Ordinal, pageNumber, position, TopicsPerPage);
        return Respond(call, x =>
        {
            x.Open("Topics");
            foreach (var topic in page)
            {
                x.Open("member").Leaf("TopicArn", topic.Arn).Close("member");
            }

            x.Close("Topics");
            x.Leaf("NextToken", next);
        });
    }

    private string Publish(AwsCall call)
    {
        if (call.Param("TopicArn") is not { Length: > 0 } topicArn)
        {
            // TargetArn (mobile endpoints) and PhoneNumber (SMS) are not served.
            throw InvalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }

        if (call.Param("Message") is not { Length: > 0 } message)
        {
            throw new AwsErrorException("InvalidParameter", "Invalid parameter: Empty message", 400);
        }

        var subject = call.Param("Subject");
        if (subject is not null && (subject.Length == 0 || subject.Length > MaxSubjectLength || subject.Any(char.IsControl)))
        {
            throw InvalidParameter("Subject");
        }

        var attributes = MessageAttributes(call);
        var size = Encoding.UTF8.GetByteCount(message) + attributes.Sum(a =>
            Encoding.UTF8.GetByteCount(a.Name) + Encoding.UTF8.GetByteCount(a.DataType) + Encoding.UTF8.GetByteCount(a.StringValue ?? a.BinaryValue ?? string.Empty));
        if (size > MaxMessageBytes)
        {
            throw new AwsErrorException("InvalidParameter", "Invalid parameter: Message too long", 400);
        }

        if (!state.SnsTopics.TryGetValue(topicArn, out var topic))
        {
            throw new AwsErrorException("NotFound", "Topic does not exist", 404);
        }

        if (topic.AccountId != call.Caller.Account.Id)
        {
            // No topic policy is modelled: another account's topic refuses as its default policy does.
            throw new AwsErrorException("AuthorizationError", $"User: {call.Caller.Arn} is not authorized to perform: SNS:Publish on resource: {topic.Arn}", 403);
        }

        var recorded = new SnsPublishedMessage
        {
            MessageId = Guid.NewGuid().ToString(),
            TopicArn = topic.Arn,
            Subject = subject,
            Message = message,
            MessageAttributes = attributes,
            Timestamp = state.Clock.Now,
            PublishedBy = call.Caller.Arn,
        };
        state.SnsMessages.Add(recorded);
        return Respond(call, x => x.Leaf("MessageId", recorded.MessageId));
    }

    /// <summary>MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue or .Value.BinaryValue.</summary>
    private static List<SnsAttributeValue> MessageAttributes(AwsCall call)
    {
        var attributes = new List<SnsAttributeValue>();
        for (var i = 1; call.Param($"MessageAttributes.entry.{i}.Name") is { } name; i++)
        {
            var prefix = $"MessageAttributes.entry.{i}.Value.";
            var dataType = call.Param(prefix + "DataType");
            if (string.IsNullOrEmpty(dataType))
            {
                throw InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
            }

            if (!DataType().IsMatch(dataType))
            {
                throw InvalidParameterValue($"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            }

            var text = call.Param(prefix + "StringValue");
            var binary = call.Param(prefix + "BinaryValue");
            if (string.IsNullOrEmpty(dataType.StartsWith("Binary", StringComparison.Ordinal) ? binary : text))
            {
                throw InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{dataType}'.");
            }

            if (name.Length == 0 || name.Length > 256 || !AttributeName().IsMatch(name) || attributes.Any(a => a.Name == name))
            {
                throw InvalidParameterValue($"The message attribute name '{name}' is invalid or repeated.");
            }

            attributes.Add(new SnsAttributeValue(name, dataType, text, binary));
        }

        return attributes.Count <= MaxMessageAttributes
            ? attributes
            : throw InvalidParameterValue($"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxMessageAttributes}].");
    }

    private static string Respond(AwsCall call, Action<XmlOut> result) => XmlOut.Response(call.Operation, Namespace, call.RequestId, result);

    private static AwsErrorException InvalidParameter(string what) => new("InvalidParameter", $"Invalid parameter: {what}", 400);

    private static AwsErrorException InvalidParameterValue(string message) => new("ParameterValueInvalid", message, 400);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}(\\.fifo)?$")]
    private static partial Regex TopicName();

    [GeneratedRegex("^(String|Number|Binary|String\\.Array)(\\.[A-Za-z0-9_.-]+)?$")]
    private static partial Regex DataType();

    [GeneratedRegex("^(?!\\.)(?!.*\\.\\.)(?!.*\\.$)(?!(?i:aws\\.|amazon\\.))[A-Za-z0-9_.-]+$")]
    private static partial Regex AttributeName();
}
