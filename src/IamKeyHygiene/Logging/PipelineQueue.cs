using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace IamKeyHygiene.Logging
{
    /// <summary>
    /// Items made on any thread, for the pipeline thread to write: engine log lines, and (for cmdlets that run
    /// work in parallel, such as an organization scan) results as they complete. Enqueue from anywhere; drain
    /// only on the pipeline thread. <see cref="Available"/> wakes a pipeline thread that is waiting.
    /// </summary>
    internal sealed class PipelineQueue<T> : IDisposable
    {
        private readonly ConcurrentQueue<T> _items = new ConcurrentQueue<T>();
        private readonly AutoResetEvent _available = new AutoResetEvent(false);

        /// <summary>Signalled after an item was queued.</summary>
        public WaitHandle Available => _available;

        public void Enqueue(T item)
        {
            _items.Enqueue(item);
            try
            {
                _available.Set();
            }
            catch (ObjectDisposedException)
            {
                // A late item from a background continuation after the cmdlet ended: nobody waits any more.
            }
        }

        /// <summary>Takes every queued item, oldest first.</summary>
        public IEnumerable<T> Drain()
        {
            while (_items.TryDequeue(out T item))
            {
                yield return item;
            }
        }

        public void Dispose() => _available.Dispose();
    }
}
