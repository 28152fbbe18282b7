namespace IamKeyHygiene.Emulator.Protocol;

/// <summary>An AWS error answer: the code as the protocol writes it, message, HTTP status, and sender/receiver fault.</summary>
public sealed class AwsErrorException : Exception
{
    public AwsErrorException(string code, string message, int status, bool senderFault = true)
        : base(message)
    {
        Code = code;
        Status = status;
        SenderFault = senderFault;
    }

    public string Code { get; }

    public int Status { get; }

    public bool SenderFault { get; }

    /// <summary>Extra members of an awsJson1_1 error (e.g. Reason of InvalidInputException) or of S3's error document (Key, BucketName).</summary>
    public IReadOnlyDictionary<string, string>? ExtraJsonMembers { get; init; }
}
