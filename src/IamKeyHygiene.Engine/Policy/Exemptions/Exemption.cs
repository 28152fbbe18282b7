using System;

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
        public Exemption(ExemptionScope scope, string selector, string reason, string? approver, DateTimeOffset expires, string source)
        {
            Scope = scope;
            Selector = selector;
            Reason = reason;
            Approver = approver;
            Expires = expires;
            Source = source;
        }

        public ExemptionScope Scope { get; }

        /// <summary>The account id, user ARN or access key id it names (the user ARN for a tag).</summary>
        public string Selector { get; }
        public string Reason { get; }

        /// <summary>Who approved it (required in the file; optional in a tag).</summary>
        public string? Approver { get; }

        /// <summary>
        /// The first instant it no longer applies. A date-only <c>expires</c> (2026-12-31) means the end of that
        /// UTC day, so this is the next midnight UTC (2027-01-01T00:00:00Z).
        /// </summary>
        public DateTimeOffset Expires { get; }

        /// <summary>Where it came from: "file:&lt;path&gt;:&lt;line&gt;" or "tag:keyhygiene:exempt".</summary>
        public string Source { get; }

        public bool IsExpiredAt(DateTimeOffset now) => now >= Expires;

        public override string ToString() => $"{Scope} {Selector} until {Expires:yyyy-MM-ddTHH:mm:ssZ} ({Source}): {Reason}";
    }
}
