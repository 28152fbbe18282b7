using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>The keys Restore-AccessKey -RunId restores: those one run's audit log shows the module set Inactive.</summary>
    public static class RestoreSources
    {
        /// <summary>The actions that set a key Inactive (Disable-StaleAccessKey's and a rotation's deactivation).</summary>
        private static readonly string[] Deactivations = { ActionNames.Disable, ActionNames.DeactivateOld };

        /// <summary>Every key with an outcome line Done for a deactivation in <paramref name="lines"/>, or an intent line
        /// for one and no outcome line at all (the run was stopped mid-change, after the change may have committed), once,
        /// in log order; each is added to <paramref name="options"/>' proof (the audit line counts even when the tag was
        /// not written). The key is re-read live before it is restored, so one the stopped change never reached is AlreadyActive.</summary>
        public static IReadOnlyList<(string AccountId, string UserName, string AccessKeyId)> DisabledBy(IEnumerable<AuditRecord> lines, RestoreOptions options)
        {
            var all = lines.ToList();
            var withOutcome = new HashSet<string>(all.Where(l => l.Phase == AuditRecord.OutcomePhase)
                .Select(l => RestoreOptions.KeyOf(l.AccountId, l.AccessKeyId)), StringComparer.Ordinal);
            var keys = new List<(string, string, string)>();
            foreach (var line in all.Where(l => IsDoneDeactivation(l) || IsUnfinishedDeactivation(l, withOutcome)))
            {
                if (options.DisabledByRun.Add(RestoreOptions.KeyOf(line.AccountId, line.AccessKeyId)))
                {
                    keys.Add((line.AccountId, line.UserName, line.AccessKeyId));
                }
            }

            return keys;
        }

        private static bool IsUnfinishedDeactivation(AuditRecord line, ISet<string> withOutcome)
            => line.Phase == AuditRecord.IntentPhase
               && Deactivations.Contains(line.Action, StringComparer.Ordinal)
               && line.AccessKeyId.Length > 0
               && !withOutcome.Contains(RestoreOptions.KeyOf(line.AccountId, line.AccessKeyId));

        private static bool IsDoneDeactivation(AuditRecord line)
            => line.Phase == AuditRecord.OutcomePhase
               && string.Equals(line.Outcome, nameof(KeyActionOutcome.Done), StringComparison.Ordinal)
               && Deactivations.Contains(line.Action, StringComparer.Ordinal)
               && line.AccessKeyId.Length > 0;
    }
}
