namespace IamKeyHygiene.AwsProtocol.Pipeline
{
    /// <summary>Where a client sends its requests and how it signs them; the caller's endpoint resolver decides.</summary>
    public interface IServiceEndpoint
    {
        string Url { get; }
        string SigningRegion { get; }
        string SigningName { get; }
    }
}
