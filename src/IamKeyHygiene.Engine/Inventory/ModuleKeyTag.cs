using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>
    /// The tag the module writes on an IAM user about one of its keys: key <c>keyhygiene:&lt;AccessKeyId&gt;</c>,
    /// value space-separated <c>name=value</c> pairs: <c>disabled=T</c>, <c>seen-inactive=T</c>,
    /// <c>rotating since=T run=&lt;runId&gt;</c> (a rotation started: written before CreateAccessKey, no successor yet),
    /// <c>rotating-to=&lt;newKeyId&gt; since=T</c>, <c>restored=T hold-until=T</c> (Restore-AccessKey: the judge holds the
    /// key at Warn until then) (T as <c>yyyy-MM-ddTHH:mm:ssZ</c>). Only characters IAM allows in tags (letters, digits,
    /// spaces, <c>_ . : / = + - @</c>; at most 256). Unknown pairs are ignored (a later version may add some); a known
    /// pair with a bad value makes the tag malformed.
    /// </summary>
    public sealed class ModuleKeyTag
    {
        public const string KeyPrefix = "keyhygiene:";
        private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

        public DateTimeOffset? DisabledAt { get; set; }
        public DateTimeOffset? SeenInactiveAt { get; set; }
        public string? RotatingTo { get; set; }
        public DateTimeOffset? RotatingSince { get; set; }

        /// <summary>The bare <c>rotating</c> marker: a rotation started (CreateAccessKey may or may not have committed).</summary>
        public bool RotationStarted { get; set; }

        /// <summary>The run that started the rotation (<c>run=</c>).</summary>
        public string? RunId { get; set; }

        public DateTimeOffset? RestoredAt { get; set; }

        /// <summary>Until when the judge keeps a restored key at Warn (the hold is over at this instant).</summary>
        public DateTimeOffset? HoldUntil { get; set; }

        /// <summary>The most a tag value may hold (IAM).</summary>
        public const int MaxValueLength = 256;

        /// <summary>When the recovery window starts: the module disabled the key, or first saw it Inactive.</summary>
        public DateTimeOffset? InactiveSince
            => DisabledAt.HasValue && SeenInactiveAt.HasValue
                ? (DisabledAt.Value < SeenInactiveAt.Value ? DisabledAt : SeenInactiveAt)
                : DisabledAt ?? SeenInactiveAt;

        public static string TagKeyFor(string accessKeyId) => KeyPrefix + accessKeyId;

        public static ModuleKeyTag Disabled(DateTimeOffset at) => new ModuleKeyTag { DisabledAt = Truncate(at) };
        public static ModuleKeyTag SeenInactive(DateTimeOffset at) => new ModuleKeyTag { SeenInactiveAt = Truncate(at) };
        public static ModuleKeyTag Rotating(string newKeyId, DateTimeOffset since)
            => new ModuleKeyTag { RotatingTo = newKeyId, RotatingSince = Truncate(since) };

        /// <summary>A rotation starts: written on the old key's tag before CreateAccessKey.</summary>
        public static ModuleKeyTag RotationStarting(DateTimeOffset since, string runId)
        {
            if (!IsTagValueText(runId) || runId.IndexOf(' ') >= 0 || runId.Length == 0)
                throw new ArgumentException("A run id in a tag must be non-empty, without spaces, of the characters IAM allows in tags.", nameof(runId));
            return new ModuleKeyTag { RotationStarted = true, RotatingSince = Truncate(since), RunId = runId };
        }

        /// <summary>The first half of the orphan rule a re-run applies after a crashed rotation: another key of the user
        /// is a candidate when this tag (the rotated key's) records a rotation (<c>rotating</c> or <c>rotating-to=</c>) and
        /// the key was made at or after its <c>since=</c>. A candidate a secret holds is the successor; one nobody holds
        /// is an orphan unless <see cref="IsUsedCandidate"/>.</summary>
        public bool IsOrphanCandidate(string accessKeyId, string rotatedKeyId, DateTimeOffset created)
            => RotatingSince.HasValue && (RotationStarted || RotatingTo != null)
               && !string.Equals(accessKeyId, rotatedKeyId, StringComparison.Ordinal) && created >= RotatingSince.Value;

        /// <summary>The second half: a candidate used since it was made is not an orphan (decided by hand, OrphanInUse),
        /// except for the one use the crashed run's own verification leaves: <paramref name="verifiedWith"/> names that
        /// service when the run verified the key before anyone could hold it (self-rotation: <c>sts</c>, GetCallerIdentity
        /// before the file is written); null when it did not (rotation into Secrets Manager verifies only a stored key,
        /// so any use counts).</summary>
        public static bool IsUsedCandidate(DateTimeOffset? lastUsed, string? lastUsedService, string? verifiedWith)
            => lastUsed.HasValue && !(verifiedWith != null && string.Equals(lastUsedService, verifiedWith, StringComparison.OrdinalIgnoreCase));

        /// <summary>Restore-AccessKey re-activated the key at <paramref name="at"/>; the judge holds it at Warn until <paramref name="holdUntil"/>.</summary>
        public static ModuleKeyTag Restored(DateTimeOffset at, DateTimeOffset holdUntil)
            => new ModuleKeyTag { RestoredAt = Truncate(at), HoldUntil = Truncate(holdUntil) };

        /// <summary>True when every character is one IAM allows in a tag value and it fits (<see cref="MaxValueLength"/>).</summary>
        public static bool IsTagValueText(string? text)
            => text != null && text.Length <= MaxValueLength
               && text.All(c => char.IsLetterOrDigit(c) || c == ' ' || "_.:/=+-@".IndexOf(c) >= 0);

        /// <summary>The tag value to write.</summary>
        public override string ToString()
        {
            var parts = new List<string>();
            if (RotationStarted && RotatingTo == null) parts.Add("rotating");
            if (RotatingTo != null) parts.Add("rotating-to=" + RotatingTo);
            if (RotatingSince.HasValue) parts.Add("since=" + Format(RotatingSince.Value));
            if (RunId != null) parts.Add("run=" + RunId);
            if (RestoredAt.HasValue) parts.Add("restored=" + Format(RestoredAt.Value));
            if (HoldUntil.HasValue) parts.Add("hold-until=" + Format(HoldUntil.Value));
            if (DisabledAt.HasValue) parts.Add("disabled=" + Format(DisabledAt.Value));
            if (SeenInactiveAt.HasValue) parts.Add("seen-inactive=" + Format(SeenInactiveAt.Value));
            return string.Join(" ", parts);
        }

        /// <summary>Parses a tag value; false (with the problem) when it is malformed. Never throws.</summary>
        public static bool TryParse(string? value, out ModuleKeyTag? tag, out string? problem)
        {
            tag = null;
            problem = null;
            var result = new ModuleKeyTag();
            var pairs = (value ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            foreach (var pair in pairs)
            {
                if (pair == "rotating") { result.RotationStarted = true; continue; }
                var eq = pair.IndexOf('=');
                if (eq <= 0) { problem = $"'{pair}' is not name=value"; return false; }
                var name = pair.Substring(0, eq);
                var text = pair.Substring(eq + 1);
                switch (name)
                {
                    case "disabled": if (!TryTime(text, out var d)) { problem = $"bad time '{text}' in disabled="; return false; } result.DisabledAt = d; break;
                    case "seen-inactive": if (!TryTime(text, out var s)) { problem = $"bad time '{text}' in seen-inactive="; return false; } result.SeenInactiveAt = s; break;
                    case "since": if (!TryTime(text, out var r)) { problem = $"bad time '{text}' in since="; return false; } result.RotatingSince = r; break;
                    case "rotating-to": if (text.Length == 0) { problem = "rotating-to= has no key id"; return false; } result.RotatingTo = text; break;
                    case "run": if (text.Length == 0) { problem = "run= has no run id"; return false; } result.RunId = text; break;
                    case "restored": if (!TryTime(text, out var at)) { problem = $"bad time '{text}' in restored="; return false; } result.RestoredAt = at; break;
                    case "hold-until": if (!TryTime(text, out var h)) { problem = $"bad time '{text}' in hold-until="; return false; } result.HoldUntil = h; break;
                }
            }
            if (result.DisabledAt is null && result.SeenInactiveAt is null && result.RotatingTo is null && !result.RotationStarted && result.RestoredAt is null)
            {
                problem = "no disabled=, seen-inactive=, rotating, rotating-to= or restored= in the value";
                return false;
            }
            if (result.RotationStarted && result.RotatingSince is null) { problem = "rotating without since="; return false; }
            if (result.RestoredAt.HasValue != result.HoldUntil.HasValue) { problem = "restored= and hold-until= go together"; return false; }
            tag = result;
            return true;
        }

        /// <summary>Finds and parses this key's tag among the user's tags (null when absent or malformed).</summary>
        public static ModuleKeyTag? FromUserTags(IEnumerable<KeyValuePair<string, string>>? tags, string accessKeyId, out string? problem)
        {
            problem = null;
            if (tags is null || string.IsNullOrEmpty(accessKeyId)) return null;
            var key = TagKeyFor(accessKeyId);
            var found = tags.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));
            if (found.Key is null) return null;
            return TryParse(found.Value, out var tag, out problem) ? tag : null;
        }

        private static bool TryTime(string text, out DateTimeOffset value)
            => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value) && text.Contains("T");

        private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

        private static DateTimeOffset Truncate(DateTimeOffset t)
        {
            var utc = t.ToUniversalTime();
            return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        }
    }
}
