namespace IamKeyHygiene.AwsProtocol.Errors
{
    /// <summary>An exception the caller's own code has already judged, such as a credential source's configuration
    /// error raised inside a call: <see cref="AwsErrors.Translate"/> leaves it as it is, even when its inner
    /// exception is an AWS error or a connection failure.</summary>
    public interface IDecidedError
    {
    }
}
