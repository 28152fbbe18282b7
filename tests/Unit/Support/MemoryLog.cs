using System.Collections.Concurrent;
using IamKeyHygiene.Engine;

namespace IamKeyHygiene.Tests.Unit;

/// <summary>An in-memory IEngineLog (thread-safe): every line, in order, as "LEVEL: message".</summary>
internal sealed class MemoryLog : IEngineLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();
    public IReadOnlyList<string> VerboseLines => Of("VERBOSE: ");
    public IReadOnlyList<string> DebugLines => Of("DEBUG: ");
    public IReadOnlyList<string> WarningLines => Of("WARNING: ");
    public string Text => string.Join("\n", _lines);

    public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);
    public void Debug(string message) => _lines.Enqueue("DEBUG: " + message);
    public void Warning(string message) => _lines.Enqueue("WARNING: " + message);

    /// <summary>The messages of one level, without their prefix.</summary>
    private IReadOnlyList<string> Of(string prefix) =>
        _lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Substring(prefix.Length)).ToArray();
}
