using System.Collections.Concurrent;

namespace IamKeyHygiene.Tests.Unit.Clients.Support;

/// <summary>An in-memory engine log for assertions.</summary>
internal sealed class RecordingLog : Engine.IEngineLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Verbose(string message) => Lines.Enqueue("VERBOSE " + message);

    public void Debug(string message) => Lines.Enqueue("DEBUG " + message);

    public void Warning(string message) => Lines.Enqueue("WARNING " + message);
}
