using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// Joins the run's findings with what the action cmdlets did, so each key appears once with what was done to it:
    /// by AccessKeyId; a key without one (a root key, a user whose keys could not be listed) by account, user and stage.
    /// </summary>
    public static class NoticeJoin
    {
        public static IReadOnlyList<NoticeKey> Join(IEnumerable<KeyFinding> findings, IEnumerable<KeyActionRecord> actions)
            => Join(findings, actions, out _);

        /// <summary>The keys, and in <c>unjoined</c> the action results that carry no finding (a CSV read back, Restore
        /// by key id) and whose key no finding of the run has: no notice can say whose key they are.</summary>
        public static IReadOnlyList<NoticeKey> Join(IEnumerable<KeyFinding> findings, IEnumerable<KeyActionRecord> actions,
            out IReadOnlyList<KeyActionRecord> unjoined)
        {
            var left = new List<KeyActionRecord>();
            unjoined = left;
            var order = new List<string>();
            var byKey = new Dictionary<string, (KeyFinding Finding, KeyActionRecord? Action)>(StringComparer.Ordinal);
            foreach (var finding in findings)
            {
                var id = IdOf(finding);
                if (!byKey.ContainsKey(id)) order.Add(id);
                byKey[id] = (finding, byKey.TryGetValue(id, out var known) ? known.Action : null);
            }

            foreach (var action in actions)
            {
                // Without its finding, an action joins the finding of its key id, if the run has one.
                var id = action.Finding != null ? IdOf(action.Finding) : action.AccessKeyId;
                if (!byKey.TryGetValue(id, out var known))
                {
                    if (action.Finding == null)
                    {
                        left.Add(action);
                        continue;
                    }

                    order.Add(id);
                    byKey[id] = (action.Finding, action);
                }
                else if (Weight(action) >= Weight(known.Action))
                {
                    byKey[id] = (known.Finding, action);
                }
            }

            return order.Select(id => new NoticeKey(byKey[id].Finding, byKey[id].Action)).ToList();
        }

        private static string IdOf(KeyFinding finding) => finding.AccessKeyId.Length > 0
            ? finding.AccessKeyId
            : $"{finding.AccountId}\n{finding.UserName}\n{finding.Stage}";

        /// <summary>A change made tells more than a preview or a skip: the record a key keeps when several name it.</summary>
        private static int Weight(KeyActionRecord? action) => action == null ? -1
            : action.Outcome == KeyActionOutcome.Done ? 2
            : action.Action == ActionNames.None ? 0
            : 1;
    }
}
