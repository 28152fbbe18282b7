namespace IamKeyHygiene.Emulator.State;

/// <summary>An SNS topic in one account and region: arn:aws:sns:&lt;region&gt;:&lt;account&gt;:&lt;name&gt;.</summary>
public sealed class SnsTopicRecord
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string Name { get; init; }

    public string Arn => $"arn:aws:sns:{Region}:{AccountId}:{Name}";
}

/// <summary>One message SNS accepted, kept with its attributes for GET /_emulator/sns/messages.</summary>
public sealed class SnsPublishedMessage
{
    public required string MessageId { get; init; }

    public required string TopicArn { get; init; }

    public string? Subject { get; init; }

    public required string Message { get; init; }

    /// <summary>Message attributes by name, in the order they were sent.</summary>
    public required IReadOnlyList<SnsAttributeValue> MessageAttributes { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The publisher's ARN (as SNS records it in the delivery's signing principal).</summary>
    public required string PublishedBy { get; init; }
}

public sealed record SnsAttributeValue(string Name, string DataType, string? StringValue, string? BinaryValue);

/// <summary>An SSM Parameter Store parameter in one account and region; a SecureString's value leaves only through
/// GetParameter WithDecryption (and the test-only secrets route).</summary>
public sealed class SsmParameterRecord
{
    public const string DefaultKeyId = "alias/aws/ssm";

    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string Name { get; init; }

    /// <summary>String, StringList or SecureString.</summary>
    public required string Type { get; set; }

    public required string Value { get; set; }

    /// <summary>A SecureString's KMS key (as given; <see cref="DefaultKeyId"/> when none was); null for the others.</summary>
    public string? KeyId { get; set; }

    public string? Description { get; set; }

    public long Version { get; set; } = 1;

    public required DateTimeOffset LastModifiedDate { get; set; }

    public bool IsSecure => Type == "SecureString";

    /// <summary>arn:aws:ssm:&lt;region&gt;:&lt;account&gt;:parameter/&lt;name without its leading slash&gt;.</summary>
    public string Arn => $"arn:aws:ssm:{Region}:{AccountId}:parameter/{Name.TrimStart('/')}";

    public static string Key(string accountId, string region, string name) => $"{accountId}/{region}/{name}";
}
