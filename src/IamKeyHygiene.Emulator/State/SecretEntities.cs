namespace IamKeyHygiene.Emulator.State;

/// <summary>A Secrets Manager secret in one account and region. Its values live only in <see cref="SecretVersion"/>
/// and leave the emulator only through GetSecretValue.</summary>
public sealed class SecretRecord
{
    public const string DefaultKmsKeyId = "alias/aws/secretsmanager";

    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string Name { get; init; }

    /// <summary>arn:aws:secretsmanager:&lt;region&gt;:&lt;account&gt;:secret:&lt;name&gt;-&lt;6 characters&gt;.</summary>
    public required string Arn { get; init; }

    public string? Description { get; set; }

    /// <summary>As given to CreateSecret; <see cref="DefaultKmsKeyId"/> when none was.</summary>
    public string KmsKeyId { get; set; } = DefaultKmsKeyId;

    public bool UsesDefaultKey => KmsKeyId is DefaultKmsKeyId or "aws/secretsmanager";

    public required DateTimeOffset CreatedDate { get; init; }

    public DateTimeOffset LastChangedDate { get; set; }

    public DateTimeOffset? LastAccessedDate { get; set; }

    public List<KeyValuePair<string, string>> Tags { get; } = new();

    /// <summary>The resource policy document as given (JSON), or null.</summary>
    public string? ResourcePolicy { get; set; }

    /// <summary>Every version in creation order; one without stages is deprecated.</summary>
    public List<SecretVersion> Versions { get; } = new();

    public SecretVersion? VersionWithStage(string stage) => Versions.FirstOrDefault(v => v.Stages.Contains(stage));
}

public sealed class SecretVersion
{
    public required string VersionId { get; init; }

    public string? SecretString { get; init; }

    /// <summary>SecretBinary as it came on the wire (base64).</summary>
    public string? SecretBinary { get; init; }

    public required DateTimeOffset CreatedDate { get; init; }

    public DateTimeOffset? LastAccessedDate { get; set; }

    public List<string> Stages { get; } = new();

    public bool SameValue(string? secretString, string? secretBinary) => SecretString == secretString && SecretBinary == secretBinary;
}
