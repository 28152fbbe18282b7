using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>
    /// -AccountId as a filter over the listed organization, so any number of ids costs one listing: which listed
    /// accounts it selects, which were named explicitly (a skipped one deserves a warning), and which named ids
    /// the listing never showed (each an AccountNotFound). Without ids it selects every account.
    /// </summary>
    internal sealed class AccountIdFilter
    {
        private readonly IReadOnlyList<string> _named;
        private readonly HashSet<string> _ids;
        private readonly HashSet<string> _listed = new HashSet<string>(StringComparer.Ordinal);

        public AccountIdFilter(IEnumerable<string>? ids)
        {
            _named = (ids ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal).ToList();
            _ids = new HashSet<string>(_named, StringComparer.Ordinal);
        }

        /// <summary>True when the account was named with -AccountId.</summary>
        public bool Names(string accountId) => _ids.Contains(accountId);

        /// <summary>True when the account is selected (every account without ids); remembers that it was listed.</summary>
        public bool Selects(string accountId)
        {
            if (_ids.Count == 0)
            {
                return true;
            }

            if (!_ids.Contains(accountId))
            {
                return false;
            }

            _listed.Add(accountId);
            return true;
        }

        /// <summary>The named ids the listing did not show, in the order given.</summary>
        public IEnumerable<string> NotListed => _named.Where(id => !_listed.Contains(id));
    }
}
