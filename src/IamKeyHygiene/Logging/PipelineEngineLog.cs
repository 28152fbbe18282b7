using System;
using System.Collections.Generic;
using System.Threading;
using IamKeyHygiene.Engine;

namespace IamKeyHygiene.Logging
{
    /// <summary>The stream a queued engine message belongs to.</summary>
    internal enum EngineLogLevel
    {
        Verbose,
        Debug,
        Warning,
    }

    /// <summary>One engine message waiting for the pipeline thread.</summary>
    internal readonly struct EngineLogMessage
    {
        public EngineLogMessage(EngineLogLevel level, string text)
        {
            Level = level;
            Text = text;
        }

        public EngineLogLevel Level { get; }
        public string Text { get; }
    }

    /// <summary>
    /// The engine's log as the cmdlet layer provides it. WriteVerbose/WriteDebug/WriteWarning may only run on the
    /// pipeline thread, while the engine logs from whatever thread an await resumed on (and, when accounts are
    /// scanned in parallel, from many at once). So messages are queued here, from any thread, and the cmdlet
    /// drains them on the pipeline thread; <see cref="MessageAvailable"/> wakes a pipeline thread that is waiting
    /// for engine work so messages appear while the work runs, not only at its end.
    /// This class never holds the cmdlet: it knows nothing of PowerShell.
    /// </summary>
    internal sealed class PipelineEngineLog : IEngineLog, IDisposable
    {
        private readonly PipelineQueue<EngineLogMessage> _pending = new PipelineQueue<EngineLogMessage>();

        /// <summary>Signalled after a message was queued.</summary>
        public WaitHandle MessageAvailable => _pending.Available;

        public void Verbose(string message) => Enqueue(EngineLogLevel.Verbose, message);

        public void Debug(string message) => Enqueue(EngineLogLevel.Debug, message);

        public void Warning(string message) => Enqueue(EngineLogLevel.Warning, message);

        /// <summary>Takes every queued message, oldest first. Call on the pipeline thread.</summary>
        public IEnumerable<EngineLogMessage> Drain() => _pending.Drain();

        public void Dispose() => _pending.Dispose();

        private void Enqueue(EngineLogLevel level, string message)
            => _pending.Enqueue(new EngineLogMessage(level, message ?? string.Empty));
    }
}
