using System;
using System.Globalization;
using System.IO;
using System.Text;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Hosting
{
    /// <summary>
    /// A local JSON-lines audit log (one writer, each line flushed to disk before Append returns), until the Records
    /// area's AuditLogs.Open (local and S3) replaces it: the integrator swaps this class for that call.
    /// </summary>
    internal sealed class InterimAuditLog : IAuditLog
    {
        private readonly object _gate = new object();
        private readonly FileStream _file;

        public InterimAuditLog(string path)
        {
            Location = path;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }

        /// <summary>The default: a file per UTC day under the user's local application data.</summary>
        public static string DefaultPath(DateTimeOffset now) => Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "IamKeyHygiene", "audit",
            now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");

        public string Location { get; }

        public void Append(AuditRecord record)
        {
            var line = Encoding.UTF8.GetBytes(ToJson(record) + "\n");
            lock (_gate)
            {
                _file.Write(line, 0, line.Length);
                _file.Flush(flushToDisk: true);
            }
        }

        public void Dispose() => _file.Dispose();

        private static string ToJson(AuditRecord r)
        {
            var text = new StringBuilder("{");
            void Add(string name, string? value)
            {
                if (text.Length > 1) text.Append(',');
                text.Append('"').Append(name).Append("\":");
                if (value == null) { text.Append("null"); return; }
                text.Append('"');
                foreach (var c in value)
                {
                    if (c == '"' || c == '\\') text.Append('\\').Append(c);
                    else if (c < 0x20) text.AppendFormat(CultureInfo.InvariantCulture, "\\u{0:x4}", (int)c);
                    else text.Append(c);
                }
                text.Append('"');
            }
            Add("time", r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            Add("runId", r.RunId);
            Add("caller", r.Caller);
            Add("accountId", r.AccountId);
            Add("userName", r.UserName);
            Add("accessKeyId", r.AccessKeyId);
            Add("action", r.Action);
            Add("phase", r.Phase);
            Add("outcome", r.Outcome);
            Add("reason", r.Reason);
            Add("policyHash", r.PolicyHash);
            if (r.NewAccessKeyId != null) Add("newAccessKeyId", r.NewAccessKeyId);
            return text.Append('}').ToString();
        }
    }
}
