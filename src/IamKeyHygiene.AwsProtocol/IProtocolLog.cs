namespace IamKeyHygiene.AwsProtocol
{
    /// <summary>Where the protocol layer says what it is doing (a retry and its wait). The engine's log is one;
    /// implementations must be safe to call from any thread, and no message carries a secret.</summary>
    public interface IProtocolLog
    {
        void Debug(string message);
    }
}
