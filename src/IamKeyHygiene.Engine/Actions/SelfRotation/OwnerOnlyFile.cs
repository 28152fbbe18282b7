using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// Writes files that hold secrets so that only their owner can read them. On Unix the file is created empty,
    /// set to mode 600 (chmod), and only then written. On Windows nothing is changed: the file inherits the ACL of its
    /// folder (a user's ~/.aws under the profile folder, which only that user, SYSTEM and administrators can read by default).
    /// </summary>
    internal static class OwnerOnlyFile
    {
        private const uint OwnerReadWrite = 0x180; // octal 600

        public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Creates <paramref name="path"/> (it must not exist), owner-only, holding <paramref name="text"/>, flushed to disk.</summary>
        public static void Create(string path, string text)
        {
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                RestrictToOwner(path);
                var bytes = new UTF8Encoding(false).GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
        }

        /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> atomically: an owner-only temp file in the same
        /// folder, flushed, then renamed over it. A crash leaves the old file or the new one, never half of either.</summary>
        public static void ReplaceAtomically(string path, string text)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var temp = Path.Combine(folder, "." + Path.GetFileName(path) + ".tmp-" + Guid.NewGuid().ToString("N"));
            try
            {
                Create(temp, text);
                File.Replace(temp, path, null);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        private static void RestrictToOwner(string path)
        {
            if (!IsUnix) return;
            if (chmod(path, OwnerReadWrite) != 0)
                throw new IOException($"Could not make '{path}' readable by its owner only (chmod 600 failed, errno {Marshal.GetLastWin32Error()}).");
        }

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern int chmod([MarshalAs(UnmanagedType.LPStr)] string path, uint mode);
    }
}
