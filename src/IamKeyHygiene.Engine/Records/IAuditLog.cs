using System;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// Where a run's audit lines go: a local JSON-lines file (appended, flushed per line) or an S3 prefix (part
    /// objects, since S3 cannot append). Safe to call from any thread. <see cref="Append"/> returns only once the line
    /// is durable (flushed to disk, or its part object stored), so an intent line exists before its change is made;
    /// it throws when it cannot write, and the caller then makes no change.
    /// </summary>
    public interface IAuditLog : IDisposable
    {
        /// <summary>The file path or s3:// URI, for messages.</summary>
        string Location { get; }

        void Append(AuditRecord record);
    }
}
