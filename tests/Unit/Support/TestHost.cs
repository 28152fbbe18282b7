using System.Collections.Concurrent;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;

namespace IamKeyHygiene.Tests.Unit;

/// <summary>A progress report as the host received it.</summary>
internal sealed record ProgressReport(string Activity, string Status, int PercentComplete);

/// <summary>An information record as the host received it.</summary>
internal sealed record InformationRecord(object Data, string[] Tags);

/// <summary>A ShouldProcess question as the host received it, with the answer it gave.</summary>
internal sealed record Question(string Target, string Action, bool Answer, int ThreadId);

/// <summary>
/// The engine's host in memory (PSRule's TestWriter): every result, error, log line, progress report and
/// ShouldProcess question, in arrival order, from any thread. Log lines go to <see cref="Log"/>, the one
/// in-memory log. ShouldProcess answers with <see cref="Answer"/> (yes to everything unless told).
/// </summary>
internal sealed class TestHost : IEngineHost
{
    private readonly ConcurrentQueue<object> _results = new();
    private readonly ConcurrentQueue<EngineException> _errors = new();
    private readonly ConcurrentQueue<ProgressReport> _progress = new();
    private readonly ConcurrentQueue<Question> _questions = new();
    private readonly ConcurrentQueue<InformationRecord> _information = new();
    private readonly ConcurrentQueue<int> _threads = new();

    private readonly MemoryLog? _alsoTo;

    /// <param name="alsoTo">A log that gets every line too (a kit's log shared by several scans).</param>
    public TestHost(MemoryLog? alsoTo = null) => _alsoTo = alsoTo;

    public MemoryLog Log { get; } = new();
    public Func<string, string, bool> Answer { get; set; } = (_, _) => true;

    public IReadOnlyList<object> Results => _results.ToArray();
    public IReadOnlyList<EngineException> Errors => _errors.ToArray();
    public IReadOnlyList<ProgressReport> Progress => _progress.ToArray();
    public IReadOnlyList<Question> Questions => _questions.ToArray();
    public IReadOnlyList<InformationRecord> Information => _information.ToArray();

    /// <summary>The thread of every call, in order.</summary>
    public IReadOnlyList<int> Threads => _threads.ToArray();

    public void WriteResult(object result) => On(_results, result);
    public void WriteError(EngineException failure) => On(_errors, failure);

    public bool ShouldProcess(string target, string action)
    {
        _threads.Enqueue(Environment.CurrentManagedThreadId);
        var answer = Answer(target, action);
        _questions.Enqueue(new Question(target, action, answer, Environment.CurrentManagedThreadId));
        return answer;
    }

    void IEngineHost.Information(object data, string[] tags) => On(_information, new InformationRecord(data, tags));

    void IEngineHost.Progress(string activity, string status, int percentComplete) => On(_progress, new ProgressReport(activity, status, percentComplete));

    public void Verbose(string message) => On(m => { Log.Verbose(m); _alsoTo?.Verbose(m); }, message);
    public void Debug(string message) => On(m => { Log.Debug(m); _alsoTo?.Debug(m); }, message);
    public void Warning(string message) => On(m => { Log.Warning(m); _alsoTo?.Warning(m); }, message);

    private void On<T>(ConcurrentQueue<T> queue, T item) => On(queue.Enqueue, item);

    private void On<T>(Action<T> record, T item)
    {
        _threads.Enqueue(Environment.CurrentManagedThreadId);
        record(item);
    }
}
