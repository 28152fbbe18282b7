using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// The e-mail → Slack member id cache file (NoticeChannelSettings.SlackLookupCachePath), so daily runs of a large
    /// organization do not look every owner up again: users.lookupByEmail is Tier 3, about 50 calls a minute
    /// (https://docs.slack.dev/reference/methods/users.lookupByEmail). JSON
    /// <c>{"version": 1, "entries": {"alice@example.com": {"slackId": "U…", "lookedUpAt": "…Z"}}}</c>; an entry older
    /// than <see cref="Lifetime"/> is looked up again (people leave and ids get reused). Rewritten whole after each new
    /// lookup, atomically (a temp file renamed over it). A cache that cannot be read or written is a warning, not an
    /// error: the run goes on with lookups.
    /// </summary>
    internal sealed class SlackLookupCache
    {
        public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

        private readonly string? _path;
        private readonly EngineClock _clock;
        private readonly IEngineLog _log;
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private readonly object _gate = new object();
        private bool _loaded;
        private bool _warnedWrite;

        public SlackLookupCache(string? path, EngineClock clock, IEngineLog log)
        {
            _path = string.IsNullOrWhiteSpace(path) ? null : path;
            _clock = clock;
            _log = log;
        }

        /// <summary>The member id cached for <paramref name="email"/> within its lifetime, else null.</summary>
        public string? Find(string email)
        {
            lock (_gate)
            {
                Load();
                return _entries.TryGetValue(Key(email), out var entry) && _clock.UtcNow - entry.LookedUpAt < Lifetime ? entry.SlackId : null;
            }
        }

        /// <summary>Remembers a lookup and writes the file.</summary>
        public void Add(string email, string slackId)
        {
            lock (_gate)
            {
                Load();
                _entries[Key(email)] = new Entry(slackId, _clock.UtcNow);
                Save();
            }
        }

        private static string Key(string email) => email.Trim().ToLowerInvariant();

        private void Load()
        {
            if (_loaded || _path == null) return;
            _loaded = true;
            if (!File.Exists(_path)) return;
            try
            {
                var root = JsonNode.Parse(File.ReadAllText(_path)) as JsonObject;
                if (root?["entries"] is JsonObject entries)
                {
                    foreach (var pair in entries)
                    {
                        if (pair.Value?["slackId"]?.GetValue<string>() is string id
                            && DateTimeOffset.TryParse(pair.Value["lookedUpAt"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
                                System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                        {
                            _entries[Key(pair.Key)] = new Entry(id, at);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException || ex is InvalidOperationException || ex is FormatException)
            {
                _log.Warning($"The Slack lookup cache '{_path}' cannot be read ({ex.GetType().Name}); every owner is looked up again and the file is rewritten.");
            }
        }

        private void Save()
        {
            if (_path == null) return;
            var entries = new JsonObject();
            foreach (var pair in _entries)
            {
                // Expired entries are dropped on the way out, so the file does not grow with people who left.
                if (_clock.UtcNow - pair.Value.LookedUpAt >= Lifetime) continue;
                entries[pair.Key] = new JsonObject
                {
                    ["slackId"] = pair.Value.SlackId,
                    ["lookedUpAt"] = pair.Value.LookedUpAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                };
            }
            var text = new JsonObject { ["version"] = 1, ["entries"] = entries }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            try
            {
                WriteAtomically(_path, text);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (!_warnedWrite) _log.Warning($"The Slack lookup cache '{_path}' cannot be written ({ex.GetType().Name}: {ex.Message}); lookups go on without it.");
                _warnedWrite = true;
            }
        }

        /// <summary>A temp file beside the cache, flushed, then renamed over it: a crash leaves the old file or the new one.</summary>
        private static void WriteAtomically(string path, string text)
        {
            var full = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(folder);
            var temp = Path.Combine(folder, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    var bytes = new UTF8Encoding(false).GetBytes(text);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
                if (File.Exists(full)) File.Replace(temp, full, null);
                else File.Move(temp, full);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        private sealed class Entry
        {
            public Entry(string slackId, DateTimeOffset lookedUpAt)
            {
                SlackId = slackId;
                LookedUpAt = lookedUpAt;
            }

            public string SlackId { get; }
            public DateTimeOffset LookedUpAt { get; }
        }
    }
}
