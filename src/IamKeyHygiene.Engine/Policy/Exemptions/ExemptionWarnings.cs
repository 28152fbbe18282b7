using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Policy.Exemptions
{
    /// <summary>
    /// The warnings about exemptions that do nothing: ended before the run, or naming no key the run read. Each
    /// names where the exemption is kept (file and line, or account and user for a tag) and what to do.
    /// </summary>
    internal static class ExemptionWarnings
    {
        /// <summary>One warning per file exemption already ended at <paramref name="now"/>.</summary>
        public static IReadOnlyList<string> EndedInFile(ExemptionSet exemptions, DateTimeOffset now)
            => exemptions.Entries.Where(e => e.IsExpiredAt(now))
                .Select(e => $"{e.Location}: the exemption for {e.Selector} ended {e.EndText}; it exempts nothing. Renew it or remove it.")
                .ToList();

        public static string EndedInTag(string accountId, string userName, string tagKey, Exemption exemption)
            => $"Account {accountId}, user {userName}: the {tagKey} tag's exemption ended {exemption.EndText}; it exempts nothing. Renew the tag or remove it.";

        public static string MatchedNoKey(Exemption exemption)
            => $"{exemption.Location}: the exemption for {exemption.Selector} matched no access key, although account {exemption.AccountId} was read in full; "
                + "the key or user it names may be gone. Remove it if so.";
    }
}
