using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>The stage sections of a notice, in the order a message lists them (most urgent first), and the one
    /// place that decides which section a key belongs in: what was just done to it, else its stage.</summary>
    public static class NoticeSections
    {
        public const string RootKey = "rootKey";
        public const string ReadError = "readError";
        public const string Disabled = "disabled";
        public const string Deleted = "deleted";
        public const string Rotated = "rotated";
        public const string Warn = "warn";
        public const string NewKey = "newKey";

        /// <summary>The reason ConvertFrom-AccessKeyEvent gives a key the module's own rotation created: summary only.</summary>
        public const string CreatedByKeyHygiene = nameof(KeyReason.CreatedByKeyHygiene);

        public static IReadOnlyList<string> All { get; } = new[] { RootKey, ReadError, Disabled, Deleted, Rotated, Warn, NewKey };

        /// <summary>The key's section, or null for a key no notice lists (Healthy, Exempt).</summary>
        public static string? Of(NoticeKey key)
        {
            var action = key.Action;
            if (action != null && action.Outcome == KeyActionOutcome.Done)
            {
                switch (action.Action)
                {
                    case ActionNames.Disable:
                    case ActionNames.DeactivateOld:
                        return Disabled;
                    case ActionNames.Delete:
                    case ActionNames.DeleteOld:
                    case ActionNames.DeleteOrphan:
                        return Deleted;
                    case ActionNames.Rotate:
                        return Rotated;
                }
            }

            return Enum.TryParse<KeyStage>(key.Finding.Stage, out var stage) ? OfStage(stage) : null;
        }

        /// <summary>True for a NewKey the module's own rotation made: it goes to the summary, not to its owner.</summary>
        public static bool IsOwnRotation(NoticeKey key)
            => key.Finding.Stage == nameof(KeyStage.NewKey) && key.Finding.Reasons.Contains(CreatedByKeyHygiene, StringComparer.Ordinal);

        private static string? OfStage(KeyStage stage) => stage switch
        {
            KeyStage.Warn => Warn,
            KeyStage.Disable => Disabled,
            KeyStage.Delete => Deleted,
            KeyStage.Rotate => Rotated,
            KeyStage.NewKey => NewKey,
            KeyStage.RootAccessKey => RootKey,
            KeyStage.ReadError => ReadError,
            _ => null,
        };
    }
}
