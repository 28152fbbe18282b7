using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// The audit log as a local JSON-lines file. One handle per log, opened in append mode with FileShare.ReadWrite
    /// so readers and other processes can open the file too. Each line is written whole under a lock, then flushed
    /// to disk (Flush(true)) before <see cref="Append"/> returns.
    /// Guarantees: within a process, every writer of one file takes the same lock, so lines never interleave. Across
    /// processes each append also holds an exclusive byte-range lock on a sentinel byte far past the end of the file
    /// (LockFileEx on Windows, fcntl on Linux) and writes at the end it finds under it, so two processes appending
    /// to one file each keep whole lines; where the platform has no byte-range locks (macOS) only the in-process
    /// guarantee holds. A line torn by a killed writer is closed with a newline by the next append, so it never
    /// spoils the line after it; readers skip it.
    /// </summary>
    internal sealed class LocalAuditLog : IAuditLog
    {
        // Far past any real file's end: locking it blocks no reader and no write of ours.
        private const long SentinelOffset = long.MaxValue - 1;
        private static readonly ConcurrentDictionary<string, object> PathLocks = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);
        private static readonly TimeSpan CrossProcessWait = TimeSpan.FromSeconds(30);

        private readonly object _pathLock;
        private FileStream? _stream;

        private LocalAuditLog(string path, FileStream stream)
        {
            Location = path;
            _stream = stream;
            _pathLock = PathLocks.GetOrAdd(path, _ => new object());
        }

        public string Location { get; }

        /// <summary>Creates the folders and opens (or creates) the file; any failure is AuditLogUnavailable, before anything is written.</summary>
        public static LocalAuditLog Open(string path)
        {
            var fullPath = FullPath(path);
            try
            {
                var folder = Path.GetDirectoryName(fullPath);
                if (!string.IsNullOrEmpty(folder))
                    Directory.CreateDirectory(folder);
                // ReadWrite, not Write: an append first reads the last byte to close a torn line.
                var stream = new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                return new LocalAuditLog(fullPath, stream);
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw Unavailable(fullPath, $"The audit log '{fullPath}' cannot be opened for appending: {exception.Message}", exception);
            }
        }

        public void Append(AuditRecord record)
        {
            var line = AuditLines.ToUtf8Line(record);
            lock (_pathLock)
            {
                var stream = _stream ?? throw new ObjectDisposedException(nameof(LocalAuditLog));
                try
                {
                    var crossProcess = LockAcrossProcesses(stream);
                    try
                    {
                        stream.Seek(0, SeekOrigin.End);
                        if (EndsInsideALine(stream))
                            stream.WriteByte((byte)'\n');
                        stream.Write(line, 0, line.Length);
                        stream.Flush(true);
                    }
                    finally
                    {
                        if (crossProcess)
                            stream.Unlock(SentinelOffset, 1);
                    }
                }
                catch (Exception exception) when (IsFileSystemError(exception))
                {
                    throw Unavailable(Location, $"The audit log '{Location}' cannot be written: {exception.Message}", exception);
                }
            }
        }

        /// <summary>The run's records in file order; lines that are not records (torn by a killed writer, or still being
        /// written) are skipped with a warning naming the line.</summary>
        public static IReadOnlyList<AuditRecord> ReadRun(string path, string runId, IEngineLog log, CancellationToken cancellationToken)
        {
            var fullPath = FullPath(path);
            try
            {
                if (!File.Exists(fullPath))
                    throw Unavailable(fullPath, $"The audit log '{fullPath}' does not exist.", null);
                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var reader = new StreamReader(stream, new UTF8Encoding(false)))
                {
                    var text = reader.ReadToEnd();
                    cancellationToken.ThrowIfCancellationRequested();
                    return AuditLines.ReadLines(text, fullPath, log).Where(record => string.Equals(record.RunId, runId, StringComparison.Ordinal)).ToList();
                }
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw Unavailable(fullPath, $"The audit log '{fullPath}' cannot be read: {exception.Message}", exception);
            }
        }

        public void Dispose()
        {
            lock (_pathLock)
            {
                _stream?.Dispose();
                _stream = null;
            }
        }

        private static string FullPath(string path)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw Unavailable(path, $"The audit log path '{path}' is not a usable file path: {exception.Message}", exception);
            }
        }

        /// <summary>Takes the sentinel byte's lock, waiting while another process holds it; false where the platform
        /// has no byte-range locks.</summary>
        private static bool LockAcrossProcesses(FileStream stream)
        {
            var waitUntil = DateTime.UtcNow + CrossProcessWait;
            while (true)
            {
                try
                {
                    stream.Lock(SentinelOffset, 1);
                    return true;
                }
                catch (PlatformNotSupportedException)
                {
                    return false;
                }
                catch (IOException) when (DateTime.UtcNow < waitUntil)
                {
                    Thread.Sleep(5);
                }
            }
        }

        private static bool EndsInsideALine(FileStream stream)
        {
            if (stream.Length == 0)
                return false;
            stream.Seek(-1, SeekOrigin.End);
            var last = stream.ReadByte();
            stream.Seek(0, SeekOrigin.End);
            return last != '\n';
        }

        private static bool IsFileSystemError(Exception exception)
            => exception is IOException || exception is UnauthorizedAccessException || exception is ArgumentException
               || exception is NotSupportedException || exception is System.Security.SecurityException;

        private static EngineException Unavailable(string target, string message, Exception? inner)
            => new EngineException(ErrorCatalog.AuditLogUnavailable, target, message, inner);
    }
}
