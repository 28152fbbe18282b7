namespace IamKeyHygiene.Engine
{
    /// <summary>
    /// The engine's only door to its host for diagnostics. The cmdlet layer adapts
    /// WriteVerbose/WriteDebug/WriteWarning to it (on the pipeline thread); tests use an in-memory sink.
    /// Implementations must be safe to call from any thread. No message may ever contain a secret.
    /// </summary>
    public interface IEngineLog
    {
        void Verbose(string message);
        void Debug(string message);
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
