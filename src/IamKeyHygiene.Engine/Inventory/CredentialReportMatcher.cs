using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>A key as ListAccessKeys lists it.</summary>
    internal sealed class ListedAccessKey
    {
        public ListedAccessKey(string accessKeyId, KeyStatus status, DateTimeOffset createDate)
        {
            AccessKeyId = accessKeyId;
            Status = status;
            CreateDate = createDate;
        }

        public string AccessKeyId { get; }
        public KeyStatus Status { get; }
        public DateTimeOffset CreateDate { get; }
    }

    /// <summary>The report slot a key id was matched to, or why none could be.</summary>
    internal sealed class SlotMatch
    {
        internal SlotMatch(ListedAccessKey key, CredentialReportKeySlot? slot, string? problem)
        {
            Key = key;
            Slot = slot;
            Problem = problem;
        }

        public ListedAccessKey Key { get; }

        /// <summary>The matched slot (its last-use data belongs to this key), or null when unmatched.</summary>
        public CredentialReportKeySlot? Slot { get; }

        public bool IsMatched => Slot != null;

        /// <summary>Why the key is unmatched: the scanner reads it live or reports ReadError with this text.</summary>
        public string? Problem { get; }

        /// <summary>
        /// Copies the key's id, status and creation time from ListAccessKeys (authoritative over the report) and its
        /// last use from the matched slot into <paramref name="observation"/>; an unmatched key gets ReadError = Problem.
        /// </summary>
        public KeyObservation ApplyTo(KeyObservation observation)
        {
            observation.AccessKeyId = Key.AccessKeyId;
            observation.Status = Key.Status;
            observation.CreateDate = Key.CreateDate;
            if (Slot is null)
            {
                observation.ReadError = Problem;
                return observation;
            }
            observation.LastUsedDate = Slot.LastUsedDate;
            observation.LastUsedService = Slot.LastUsedService;
            observation.LastUsedRegion = Slot.LastUsedRegion;
            return observation;
        }
    }

    /// <summary>
    /// Ties report slots to key ids by creation time (ListAccessKeys' CreateDate = access_key_N_last_rotated,
    /// compared to the second, as the report has no finer precision) — never by slot position, which changes
    /// when a key is deleted and another created. A key whose time matches no slot, or more than one slot that
    /// its status cannot tell apart, is unmatched: the report cannot be trusted for it.
    /// </summary>
    internal static class CredentialReportMatcher
    {
        public static IReadOnlyList<SlotMatch> Match(CredentialReportRow row, IReadOnlyList<ListedAccessKey> keys)
        {
            if (row is null) throw new ArgumentNullException(nameof(row));
            if (keys is null) throw new ArgumentNullException(nameof(keys));
            var candidates = keys.ToDictionary(k => k, k => row.Slots.Where(s => s.HasKey && SameSecond(s.LastRotated!.Value, k.CreateDate)).ToList());

            // Two keys made in the same second: let the status decide, when it differs.
            foreach (var pair in candidates.Where(p => p.Value.Count > 1).ToList())
            {
                var byStatus = pair.Value.Where(s => s.Active == (pair.Key.Status == KeyStatus.Active)).ToList();
                candidates[pair.Key] = byStatus.Count == 1 ? byStatus : pair.Value;
            }

            var claims = candidates.Where(p => p.Value.Count == 1).GroupBy(p => p.Value[0].Slot).ToDictionary(g => g.Key, g => g.Count());
            return keys.Select(key =>
            {
                var slots = candidates[key];
                if (slots.Count == 0)
                    return new SlotMatch(key, null, $"no slot of the credential report for {row.User} has the creation time {key.CreateDate:yyyy-MM-ddTHH:mm:ssZ} of {key.AccessKeyId} (created after the report, or the report is stale)");
                if (slots.Count > 1 || claims[slots[0].Slot] > 1)
                    return new SlotMatch(key, null, $"the credential report for {row.User} cannot tell {key.AccessKeyId} from another key created in the same second");
                return new SlotMatch(key, slots[0], null);
            }).ToList();
        }

        internal static bool SameSecond(DateTimeOffset a, DateTimeOffset b)
            => a.UtcTicks / TimeSpan.TicksPerSecond == b.UtcTicks / TimeSpan.TicksPerSecond;
    }
}
