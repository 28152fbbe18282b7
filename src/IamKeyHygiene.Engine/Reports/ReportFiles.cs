using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>
    /// The report's files: written whole (a temporary file beside it, then moved over it, so a reader never sees half a
    /// report), folders made as needed, every failure ReportUnwritable naming the file. An ASFF export of more than one
    /// batch is "name-001.json", "name-002.json"… beside the -Path it was given.
    /// </summary>
    internal static class ReportFiles
    {
        public static void Write(string path, byte[] content)
        {
            var temporary = path + ".tmp";
            try
            {
                var folder = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder))
                    Directory.CreateDirectory(folder);
                File.WriteAllBytes(temporary, content);
                if (File.Exists(path))
                    File.Delete(path);
                File.Move(temporary, path);
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw new EngineException(ErrorCatalog.ReportUnwritable, path, $"The report '{path}' cannot be written: {exception.Message}", exception);
            }
        }

        /// <summary>The files of <paramref name="batches"/> batches: the path itself for one, numbered siblings for more.</summary>
        public static IReadOnlyList<string> BatchPaths(string path, int batches)
            => batches <= 1 ? new[] { path } : Enumerable.Range(1, batches).Select(n => Numbered(path, n)).ToList();

        /// <summary>The files an earlier export to <paramref name="path"/> left: the path itself and its numbered siblings.</summary>
        public static IReadOnlyList<string> EarlierExport(string path)
        {
            try
            {
                var folder = Path.GetDirectoryName(path);
                var numbered = new Regex("^" + Regex.Escape(Path.GetFileNameWithoutExtension(path)) + "-[0-9]{3,}" + Regex.Escape(Path.GetExtension(path)) + "$");
                var siblings = string.IsNullOrEmpty(folder) || !Directory.Exists(folder)
                    ? Enumerable.Empty<string>()
                    : Directory.EnumerateFiles(folder).Where(file => numbered.IsMatch(Path.GetFileName(file)));
                return (File.Exists(path) ? new[] { path } : Array.Empty<string>()).Concat(siblings.OrderBy(f => f, StringComparer.Ordinal)).ToList();
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw new EngineException(ErrorCatalog.ReportUnwritable, path, $"The earlier export beside '{path}' cannot be listed: {exception.Message}", exception);
            }
        }

        public static byte[] Read(string path)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception exception) when (IsFileSystemError(exception))
            {
                throw new EngineException(ErrorCatalog.ReportUnwritable, path, $"The earlier export '{path}' cannot be read: {exception.Message}", exception);
            }
        }

        /// <summary>Removes the files of an earlier export this one did not write again, so the next export does not read them.</summary>
        public static void RemoveStale(IEnumerable<string> earlier, IEnumerable<string> written)
        {
            foreach (var stale in earlier.Except(written, StringComparer.Ordinal))
            {
                try
                {
                    File.Delete(stale);
                }
                catch (Exception exception) when (IsFileSystemError(exception))
                {
                    throw new EngineException(ErrorCatalog.ReportUnwritable, stale, $"The earlier export '{stale}' cannot be removed: {exception.Message}", exception);
                }
            }
        }

        private static string Numbered(string path, int number)
            => Path.Combine(Path.GetDirectoryName(path) ?? "",
                Path.GetFileNameWithoutExtension(path) + "-" + number.ToString("000", CultureInfo.InvariantCulture) + Path.GetExtension(path));

        private static bool IsFileSystemError(Exception exception) => LocalLinesFile.IsFileSystemError(exception);
    }
}
