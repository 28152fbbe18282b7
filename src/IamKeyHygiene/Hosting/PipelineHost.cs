using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;

namespace IamKeyHygiene.Hosting
{
    /// <summary>
    /// The engine's host as the cmdlet assembly provides it. PowerShell allows Write* and ShouldProcess only on the
    /// pipeline thread, while the engine calls from whatever thread its work runs on (many at once in a parallel
    /// scan). So every call is queued here, from any thread, and performed by the pipeline side (the
    /// cmdlet) on the pipeline thread: in <see cref="RunUntil"/>, the one wait loop, or <see cref="PerformQueued()"/>.
    /// ShouldProcess from a worker blocks that worker until the pipeline thread has asked and answered. Progress is
    /// coalesced: the newest report of an activity, at most every <see cref="ProgressInterval"/> (its end at once).
    /// It names no PowerShell type, so tests drive it without a runspace.
    /// </summary>
    internal sealed class PipelineHost : IEngineHost, IDisposable
    {
        /// <summary>How often a running activity's progress is shown at most (and how often the loop looks).</summary>
        public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly IEngineHost _pipeline;
        private readonly CancellationToken _stopping;
        private readonly int _pipelineThread = Environment.CurrentManagedThreadId;
        private readonly ConcurrentQueue<Action> _calls = new ConcurrentQueue<Action>();
        private readonly AutoResetEvent _available = new AutoResetEvent(false);
        private readonly object _progressGate = new object();
        private readonly Dictionary<string, (string Status, int Percent)> _progress = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        private readonly List<TaskCompletionSource<bool>> _openQuestions = new List<TaskCompletionSource<bool>>();
        private DateTime _lastProgress = DateTime.MinValue;

        /// <param name="pipeline">Performs each call; called on the pipeline thread only.</param>
        /// <param name="stopping">Cancelled when the user stops the pipeline (Ctrl+C).</param>
        /// <remarks>Make it on the pipeline thread: that thread is the one that performs.</remarks>
        public PipelineHost(IEngineHost pipeline, CancellationToken stopping)
        {
            _pipeline = pipeline;
            _stopping = stopping;
        }

        public void WriteResult(object result) => Enqueue(() => _pipeline.WriteResult(result));

        public void WriteError(EngineException failure) => Enqueue(() => _pipeline.WriteError(failure));

        public void Verbose(string message) => Enqueue(() => _pipeline.Verbose(message ?? ""));

        public void Debug(string message) => Enqueue(() => _pipeline.Debug(message ?? ""));

        public void Warning(string message) => Enqueue(() => _pipeline.Warning(message ?? ""));

        public void Information(object data, string[] tags) => Enqueue(() => _pipeline.Information(data, tags));

        public void Progress(string activity, string status, int percentComplete)
        {
            lock (_progressGate)
            {
                _progress[activity] = (status, percentComplete);
            }

            Signal();
        }

        public bool ShouldProcess(string target, string action)
        {
            if (Environment.CurrentManagedThreadId == _pipelineThread)
            {
                // Asked on the pipeline thread itself: what was queued before comes first, then the question.
                PerformQueued();
                return _pipeline.ShouldProcess(target, action);
            }

            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_openQuestions)
            {
                _openQuestions.Add(answer);
            }

            Enqueue(() =>
            {
                try
                {
                    answer.TrySetResult(_pipeline.ShouldProcess(target, action));
                }
                catch (Exception exception)
                {
                    // The worker learns it too; the pipeline thread stops with it (a stopped pipeline, say).
                    answer.TrySetException(exception);
                    throw;
                }
            });
            try
            {
                answer.Task.Wait(_stopping);
                return answer.Task.GetAwaiter().GetResult();
            }
            catch (AggregateException exception) when (exception.InnerException != null)
            {
                throw exception.InnerException;
            }
            finally
            {
                lock (_openQuestions)
                {
                    _openQuestions.Remove(answer);
                }
            }
        }

        /// <summary>
        /// The one wait loop: blocks the pipeline thread until <paramref name="work"/> completes, performing every
        /// call as it arrives, then what is left. Throws OperationCanceledException as soon as the host is stopped,
        /// without waiting for work that ignores cancellation (a slow metadata endpoint). Pipeline thread only.
        /// </summary>
        public void RunUntil(Task work)
        {
            WaitHandle[] wakeUps = { ((IAsyncResult)work).AsyncWaitHandle, _available, _stopping.WaitHandle };
            while (!work.IsCompleted)
            {
                WaitHandle.WaitAny(wakeUps, ProgressInterval);
                PerformQueued();
                _stopping.ThrowIfCancellationRequested();
            }

            PerformDue(allProgress: true);
        }

        /// <summary>Performs every call queued so far, oldest first, and the progress that is due. Pipeline thread only.</summary>
        public void PerformQueued() => PerformDue(allProgress: false);

        public void Dispose()
        {
            lock (_openQuestions)
            {
                // A worker still waiting for an answer nobody will give.
                foreach (var question in _openQuestions)
                {
                    question.TrySetCanceled();
                }
            }

            _available.Dispose();
        }

        private void PerformDue(bool allProgress)
        {
            while (_calls.TryDequeue(out var call))
            {
                call();
            }

            foreach (var (activity, status, percent) in DueProgress(allProgress))
            {
                _pipeline.Progress(activity, status, percent);
            }
        }

        /// <summary>The newest report of each activity: all of them when the interval has passed (or at the end),
        /// else only those that end.</summary>
        private List<(string Activity, string Status, int Percent)> DueProgress(bool all)
        {
            var due = new List<(string, string, int)>();
            lock (_progressGate)
            {
                var now = DateTime.UtcNow;
                var intervalPassed = all || now - _lastProgress >= ProgressInterval;
                foreach (var pair in new List<KeyValuePair<string, (string Status, int Percent)>>(_progress))
                {
                    if (intervalPassed || pair.Value.Percent >= 100)
                    {
                        due.Add((pair.Key, pair.Value.Status, pair.Value.Percent));
                        _progress.Remove(pair.Key);
                    }
                }

                if (due.Count > 0)
                {
                    _lastProgress = now;
                }
            }

            return due;
        }

        private void Enqueue(Action call)
        {
            _calls.Enqueue(call);
            Signal();
        }

        private void Signal()
        {
            try
            {
                _available.Set();
            }
            catch (ObjectDisposedException)
            {
                // A late call from a background continuation after the cmdlet ended: nobody waits any more.
            }
        }
    }
}
