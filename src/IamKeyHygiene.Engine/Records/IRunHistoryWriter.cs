using System;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// Where run history lines go: a local JSON-lines file (appended, flushed per line, locked like the audit log) or an
    /// S3 prefix (one part object per line). <see cref="AppendAsync"/> completes once the line is durable and throws
    /// RunHistoryUnavailable when it cannot write. Safe to call from any thread.
    /// </summary>
    public interface IRunHistoryWriter : IDisposable
    {
        /// <summary>The file path or s3:// URI, for messages.</summary>
        string Location { get; }

        Task AppendAsync(RunHistoryRecord record, CancellationToken cancellationToken = default);
    }
}
