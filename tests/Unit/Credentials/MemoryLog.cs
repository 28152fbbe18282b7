using System.Collections.Concurrent;
using IamKeyHygiene.Engine;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>An in-memory IEngineLog: every line, in order, with its level.</summary>
internal sealed class MemoryLog : IEngineLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();
    public IReadOnlyList<string> DebugLines => _lines.Where(l => l.StartsWith("DEBUG: ", StringComparison.Ordinal)).Select(l => l.Substring(7)).ToArray();
    public string Text => string.Join("\n", _lines);

    public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);
    public void Debug(string message) => _lines.Enqueue("DEBUG: " + message);
    public void Warning(string message) => _lines.Enqueue("WARNING: " + message);
}
