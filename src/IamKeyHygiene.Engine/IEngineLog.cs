namespace IamKeyHygiene.Engine
{
    /// <summary>
    /// The log part of the engine's host (<see cref="Hosting.IEngineHost"/> extends it): code that only logs, such
    /// as the AWS layer, takes this alone and is handed the host. The cmdlet layer performs each line as
    /// WriteVerbose/WriteDebug/WriteWarning on the pipeline thread; tests use an in-memory sink.
    /// Implementations must be safe to call from any thread. No message may ever contain a secret.
    /// Debug comes from the protocol layer's log, so the clients' retries write to this one.
    /// </summary>
    public interface IEngineLog : AwsProtocol.IProtocolLog
    {
        void Verbose(string message);
        void Warning(string message);
    }

    /// <summary>A log that drops everything.</summary>
    internal sealed class NullEngineLog : IEngineLog
    {
        public static readonly NullEngineLog Instance = new NullEngineLog();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
