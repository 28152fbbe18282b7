using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>
    /// A local JSON-lines file the records append to (the audit log, the run history). One handle per file, opened
    /// in append mode with FileShare.ReadWrite so readers and other processes can open the file too. Each line is
    /// written whole under a lock, then flushed to disk (Flush(true)) before <see cref="Append"/> returns.
    /// Guarantees: within a process, every writer of one file takes the same lock, so lines never interleave. Across
    /// processes each append also holds an exclusive byte-range lock on a sentinel byte far past the end of the file
    /// (LockFileEx on Windows, fcntl on Linux) and writes at the end it finds under it, so two processes appending
    /// to one file each keep whole lines; where the platform has no byte-range locks (macOS) only the in-process
    /// guarantee holds. A line torn by a killed writer is closed with a newline by the next append, so it never
    /// spoils the line after it; readers skip it. Every failure is the given error entry, naming the file.
    /// </summary>
    internal sealed class LocalLinesFile : IDisposable
    {
        // Far past any real file's end: locking it blocks no reader and no write of ours.
        private const long SentinelOffset = long.MaxValue - 1;
        private static readonly ConcurrentDictionary<string, object> PathLocks = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);
        private static readonly TimeSpan CrossProcessWait = TimeSpan.FromSeconds(30);

        private readonly object _pathLock;
        private readonly ErrorEntry _failure;
        private readonly string _what;
        private FileStream? _stream;

        private LocalLinesFile(string path, FileStream stream, ErrorEntry failure, string what)
        {
            Location = path;
            _stream = stream;
            _failure = failure;
            _what = what;
            _pathLock = PathLocks.GetOrAdd(path, _ => new object());
        }

        /// <summary>The full path.</summary>
        public string Location { get; }

        /// <summary>Creates the folders and opens (or creates) the file; any failure is <paramref name="failure"/>,
        /// before anything is written. <paramref name="what"/> names the file in messages ("audit log").</summary>
        public static LocalLinesFile Open(string path, ErrorEntry failure, string what)
        {
            var fullPath = FullPath(path, failure, what);
            try
            {
                var folder = Path.GetDirectoryName(fullPath);
                if (!string.IsNullOrEmpty(folder))
                    Directory.CreateDirectory(folder);
                // ReadWrite, not Write: an append first reads the last byte to close a torn line.
                var stream = new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                return new LocalLinesFile(fullPath, stream, failure, what);
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw new EngineException(failure, fullPath, $"The {what} '{fullPath}' cannot be opened for appending: {exception.Message}", exception);
            }
        }

        /// <summary>Appends one whole line (newline included) and flushes it to disk.</summary>
        public void Append(byte[] line)
        {
            lock (_pathLock)
            {
                var stream = _stream ?? throw new ObjectDisposedException(nameof(LocalLinesFile));
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
                    throw new EngineException(_failure, Location, $"The {_what} '{Location}' cannot be written: {exception.Message}", exception);
                }
            }
        }

        /// <summary>The whole text of the file, read while writers may be appending; a missing file is
        /// <paramref name="failure"/> unless <paramref name="missingIsEmpty"/>.</summary>
        public static (string FullPath, string Text) ReadAll(string path, ErrorEntry failure, string what, bool missingIsEmpty, CancellationToken cancellationToken)
        {
            var fullPath = FullPath(path, failure, what);
            try
            {
                if (!File.Exists(fullPath))
                {
                    if (missingIsEmpty)
                        return (fullPath, "");
                    throw new EngineException(failure, fullPath, $"The {what} '{fullPath}' does not exist.");
                }

                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var reader = new StreamReader(stream, new UTF8Encoding(false)))
                {
                    var text = reader.ReadToEnd();
                    cancellationToken.ThrowIfCancellationRequested();
                    return (fullPath, text);
                }
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw new EngineException(failure, fullPath, $"The {what} '{fullPath}' cannot be read: {exception.Message}", exception);
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

        private static string FullPath(string path, ErrorEntry failure, string what)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw new EngineException(failure, path, $"The {what} path '{path}' is not a usable file path: {exception.Message}", exception);
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

        /// <summary>What the file system throws for a path that cannot be used (the report files share it).</summary>
        internal static bool IsFileSystemError(Exception exception)
            => exception is IOException || exception is UnauthorizedAccessException || exception is ArgumentException
               || exception is NotSupportedException || exception is System.Security.SecurityException;
    }
}
