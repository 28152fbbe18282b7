using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Hosting;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Hosting;

/// <summary>
/// The cmdlet assembly's adapter without a runspace: the test thread plays the pipeline thread, <see cref="TestHost"/>
/// plays the cmdlet. Whatever the engine's workers call is performed on the pipeline thread, in order; ShouldProcess
/// from a worker waits for the pipeline thread's answer; a stop ends the wait loop and any open question at once.
/// </summary>
public sealed class PipelineHostTests
{
    [Fact]
    public void Calls_from_workers_are_performed_on_the_pipeline_thread_in_order()
    {
        var sink = new TestHost();
        using var host = new PipelineHost(sink, CancellationToken.None);
        var error = new EngineException(ErrorCatalog.AccountScanFailed, "123456789012", "Account 123456789012 could not be scanned.");

        host.RunUntil(Task.Run(async () =>
        {
            host.Verbose("first");
            await Task.Delay(50);
            host.WriteResult("a result");
            host.WriteError(error);
            host.Information("a summary", new[] { "IamKeyHygiene", "Summary" });
            host.Warning("last");
        }));

        Assert.Equal(new[] { "VERBOSE: first", "WARNING: last" }, sink.Log.Lines);
        Assert.Equal(new object[] { "a result" }, sink.Results);
        Assert.Same(error, Assert.Single(sink.Errors));
        var information = Assert.Single(sink.Information);
        Assert.Equal(("a summary", "IamKeyHygiene,Summary"), (information.Data, string.Join(",", information.Tags)));
        Assert.Equal(new[] { Environment.CurrentManagedThreadId }, sink.Threads.Distinct());
    }

    [Fact]
    public async Task ShouldProcess_from_a_worker_waits_for_the_pipeline_threads_answer()
    {
        var sink = new TestHost { Answer = (target, _) => target == "AKIAYES0000000000001" };
        using var host = new PipelineHost(sink, CancellationToken.None);

        var work = Task.Run(() => (host.ShouldProcess("AKIAYES0000000000001", "Disable"), host.ShouldProcess("AKIANO00000000000001", "Delete")));
        host.RunUntil(work);
        var pipelineThread = Environment.CurrentManagedThreadId;

        Assert.Equal((true, false), await work);
        Assert.Equal(new[] { ("AKIAYES0000000000001", "Disable", true), ("AKIANO00000000000001", "Delete", false) },
            sink.Questions.Select(q => (q.Target, q.Action, q.Answer)));
        Assert.All(sink.Questions, q => Assert.Equal(pipelineThread, q.ThreadId));
    }

    [Fact]
    public void ShouldProcess_on_the_pipeline_thread_is_asked_at_once_after_what_was_queued()
    {
        var sink = new TestHost { Answer = (_, _) => false };
        using var host = new PipelineHost(sink, CancellationToken.None);

        host.Verbose("queued first");
        var answer = host.ShouldProcess("AKIA0000000000000001", "Delete");

        Assert.False(answer);
        Assert.Equal(new[] { "VERBOSE: queued first" }, sink.Log.Lines);
        Assert.Single(sink.Questions);
    }

    [Fact]
    public void A_stop_ends_the_wait_loop_at_once()
    {
        using var stop = new CancellationTokenSource();
        using var host = new PipelineHost(new TestHost(), stop.Token);
        var never = new TaskCompletionSource<bool>().Task;

        stop.CancelAfter(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        Assert.ThrowsAny<OperationCanceledException>(() => host.RunUntil(never));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stop_ends_a_workers_question_that_the_pipeline_thread_has_not_asked_yet()
    {
        var sink = new TestHost();
        using var stop = new CancellationTokenSource();
        using var host = new PipelineHost(sink, stop.Token);
        // A thread of its own: the test's thread, free while awaiting, must never be the worker's.
        var asked = Task.Factory.StartNew(() => host.ShouldProcess("AKIA0000000000000001", "Disable"), TaskCreationOptions.LongRunning);

        Thread.Sleep(100);
        Assert.False(asked.IsCompleted);
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asked.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(sink.Questions);
    }

    [Fact]
    public void Progress_is_coalesced_to_the_newest_report_and_its_end_is_always_written()
    {
        var sink = new TestHost();
        using var host = new PipelineHost(sink, CancellationToken.None);

        host.RunUntil(Task.Run(() =>
        {
            for (var done = 0; done <= 1000; done++)
            {
                host.Progress("Scanning", $"{done} of 1000", done / 10);
            }
        }));

        Assert.InRange(sink.Progress.Count, 1, 10);
        Assert.Equal(new ProgressReport("Scanning", "1000 of 1000", 100), sink.Progress[^1]);
    }
}
