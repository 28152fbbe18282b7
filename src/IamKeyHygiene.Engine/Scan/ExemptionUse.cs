using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Exemptions;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// Which of the exemptions file's entries in force when the scan started named a key the scan read: by key
    /// id, by a user with a key, or by an account with a key. Keeps only the entries (indexed by what they name)
    /// and which matched, so memory does not grow with the organization. Thread-safe.
    /// </summary>
    internal sealed class ExemptionUse
    {
        private readonly IReadOnlyList<Exemption> _inForce;
        private readonly ILookup<string, Exemption> _byKeyId;
        private readonly ILookup<string, Exemption> _byUserArn;
        private readonly ILookup<string, Exemption> _byAccount;
        private readonly ConcurrentDictionary<Exemption, bool> _matched = new ConcurrentDictionary<Exemption, bool>();

        public ExemptionUse(ExemptionSet exemptions, DateTimeOffset scanStart)
        {
            _inForce = exemptions.Entries.Where(e => !e.IsExpiredAt(scanStart)).ToList();
            _byKeyId = Index(ExemptionScope.AccessKey, StringComparer.Ordinal);
            _byUserArn = Index(ExemptionScope.User, StringComparer.OrdinalIgnoreCase);
            _byAccount = Index(ExemptionScope.Account, StringComparer.Ordinal);
        }

        /// <summary>A user with <paramref name="keyCount"/> keys was read in the account.</summary>
        public void UserKeys(string accountId, string userArn, int keyCount)
        {
            if (keyCount == 0 || _inForce.Count == 0) return;
            Mark(_byUserArn[userArn]);
            Mark(_byAccount[accountId]);
        }

        /// <summary>These key ids were listed.</summary>
        public void KeyIds(IEnumerable<AccessKeyFacts> keys)
        {
            if (_inForce.Count == 0) return;
            foreach (var key in keys) Mark(_byKeyId[key.AccessKeyId]);
        }

        /// <summary>The entries that matched no key although their account was read in full (warned), and those
        /// that could not be checked: their account was not read in full in this scan, or they name an access key
        /// id, which names no account (counted only).</summary>
        public (IReadOnlyList<Exemption> Unused, int NotChecked) Outcome(Func<string, bool> readInFull)
        {
            var unmatched = _inForce.Where(e => !_matched.ContainsKey(e)).ToList();
            var unused = unmatched.Where(e => e.AccountId != null && readInFull(e.AccountId)).ToList();
            return (unused, unmatched.Count - unused.Count);
        }

        private ILookup<string, Exemption> Index(ExemptionScope scope, StringComparer comparer)
            => _inForce.Where(e => e.Scope == scope).ToLookup(e => e.Selector, comparer);

        private void Mark(IEnumerable<Exemption> exemptions)
        {
            foreach (var exemption in exemptions) _matched.TryAdd(exemption, true);
        }
    }
}
