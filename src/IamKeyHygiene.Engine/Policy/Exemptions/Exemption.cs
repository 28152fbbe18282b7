using System;
using System.Globalization;

namespace IamKeyHygiene.Engine.Policy.Exemptions
{
    /// <summary>What an exemption selects.</summary>
    public enum ExemptionScope { AccessKey, User, Account }

    /// <summary>
    /// One exemption: from the reviewed exemptions file or from the user's <c>keyhygiene:exempt</c> tag.
    /// It applies while the evaluation time is before <see cref="Expires"/>.
    /// </summary>
    public sealed class Exemption
    {
        /// <param name="scope">What <paramref name="selector"/> names.</param>
        /// <param name="selector">The account id, user ARN or access key id.</param>
        /// <param name="reason">Why.</param>
        /// <param name="approver">Who approved it.</param>
        /// <param name="expires">The first instant it no longer applies.</param>
        /// <param name="source">"file:&lt;path&gt;:&lt;line&gt;" or "tag:&lt;key&gt;".</param>
        /// <param name="endsWithDay">The file or tag gave a date only (it lasts through that UTC day).</param>
        /// <param name="file">The exemptions file it came from, or null for a tag.</param>
        /// <param name="line">Its line in <paramref name="file"/>.</param>
        public Exemption(ExemptionScope scope, string selector, string reason, string? approver, DateTimeOffset expires, string source,
            bool endsWithDay = false, string? file = null, int? line = null)
        {
            Scope = scope;
            Selector = selector;
            Reason = reason;
            Approver = approver;
            Expires = expires;
            Source = source;
            EndsWithDay = endsWithDay;
            File = file;
            Line = line;
        }

        public ExemptionScope Scope { get; }

        /// <summary>The account id, user ARN or access key id it names (the user ARN for a tag).</summary>
        public string Selector { get; }
        public string Reason { get; }

        /// <summary>Who approved it (required in the file; optional in a tag).</summary>
        public string? Approver { get; }

        /// <summary>
        /// The first instant it no longer applies. A date-only <c>expires</c> (2026-12-31) means the end of that
        /// UTC day, so this is the next midnight UTC (2027-01-01T00:00:00Z); <see cref="EndsWithDay"/> says so.
        /// </summary>
        public DateTimeOffset Expires { get; }

        /// <summary>Where it came from: "file:&lt;path&gt;:&lt;line&gt;" or "tag:keyhygiene:exempt".</summary>
        public string Source { get; }

        /// <summary>True when <c>expires</c> was a date only: people are shown that date, not the next midnight.</summary>
        public bool EndsWithDay { get; }

        /// <summary>The exemptions file, or null for a tag.</summary>
        public string? File { get; }

        /// <summary>The entry's line in <see cref="File"/>.</summary>
        public int? Line { get; }

        /// <summary>"PATH, line N" for a file entry; null for a tag.</summary>
        public string? Location => File == null ? null : Line.HasValue ? $"{File}, line {Line.Value}" : File;

        /// <summary>The 12-digit account it concerns (an account's, or the account in a user ARN); null for an access key id, which names none.</summary>
        public string? AccountId => Scope switch
        {
            ExemptionScope.Account => Selector,
            ExemptionScope.User => AccountOfArn(Selector),
            _ => null,
        };

        /// <summary>The end as the file or tag gave it: "2027-12-31, end of day UTC", or "2027-06-30T09:00:00Z" (ISO-8601 UTC, as Export-Csv writes dates).</summary>
        public string EndText => DescribeEnd(Expires, EndsWithDay);

        public bool IsExpiredAt(DateTimeOffset now) => now >= Expires;

        /// <summary>True when it names this key: by key id, by the user's ARN (case-insensitively, as IAM compares), or by account.</summary>
        public bool Covers(string accountId, string userArn, string accessKeyId) => Scope switch
        {
            ExemptionScope.AccessKey => accessKeyId.Length > 0 && string.Equals(Selector, accessKeyId, StringComparison.Ordinal),
            ExemptionScope.User => string.Equals(Selector, userArn, StringComparison.OrdinalIgnoreCase),
            _ => string.Equals(Selector, accountId, StringComparison.Ordinal),
        };

        /// <summary>An exemption's end for people: a date-only end is the date written (the instant is the next
        /// midnight UTC), a date-time end is that instant in UTC.</summary>
        public static string DescribeEnd(DateTimeOffset expires, bool endsWithDay)
            => endsWithDay
                ? expires.UtcDateTime.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ", end of day UTC"
                : expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string? AccountOfArn(string arn)
        {
            var parts = arn.Split(':'); // arn:partition:iam::ACCOUNT:user/...
            return parts.Length > 4 ? parts[4] : null;
        }

        public override string ToString() => $"{Scope} {Selector} until {EndText} ({Source}): {Reason}";
    }
}
