using System;

namespace IamKeyHygiene.Engine.Policy.Judging
{
    /// <summary>Where a key stands. Action cmdlets act only on Disable, Delete and Rotate.</summary>
    public enum KeyStage
    {
        Healthy,
        /// <summary>Notify the owner: a threshold is near, or an Inactive key awaits deletion (see reasons).</summary>
        Warn,
        /// <summary>Rotation mode: make a successor key.</summary>
        Rotate,
        /// <summary>Set the Active key Inactive.</summary>
        Disable,
        /// <summary>Delete the Inactive key (past delete age and recovery window).</summary>
        Delete,
        /// <summary>Would have been <c>ExemptFromStage</c>; an exemption in force holds it. Never acted on.</summary>
        Exempt,
        /// <summary>A key just created (from a CreateAccessKey event). Reported, never acted on.</summary>
        NewKey,
        /// <summary>A root user access key (Security Hub IAM.4). Reported, never acted on.</summary>
        RootAccessKey,
        /// <summary>The key's or user's data could not be read in full. Reported, never acted on.</summary>
        ReadError,
    }

    /// <summary>Why a key has its stage. Several may apply; some are informational.</summary>
    internal enum KeyReason
    {
        /// <summary>Age reached the warn, disable or rotate threshold.</summary>
        TooOld,
        /// <summary>Days since last use reached the unused warn or disable threshold.</summary>
        Unused,
        /// <summary>The key has no last-use date (days since last use count from its creation).</summary>
        NeverUsed,
        /// <summary>The user has two Active keys (CIS 1.13); both carry it; the stage is unchanged.</summary>
        SecondActiveKey,
        /// <summary>An exemption named the key but has expired; the key is judged normally.</summary>
        ExemptionExpired,
        /// <summary>The user's exemption tag could not be read, so it exempts nothing (see Notes).</summary>
        ExemptionTagMalformed,
        /// <summary>An Inactive key at or past the delete age.</summary>
        InactivePastDeleteAge,
        /// <summary>Deletion waits for the recovery window after the key was disabled or first seen Inactive.</summary>
        RecoveryWindow,
        /// <summary>
        /// An Inactive key past delete age without the module's tag: it must first be tagged
        /// <c>seen-inactive=&lt;now&gt;</c>; it becomes Delete one recovery window later.
        /// </summary>
        AwaitingSeenInactiveTag,
        /// <summary>A notify-only policy or rule held a higher stage at Warn.</summary>
        NotifyOnly,
        /// <summary>Rotation mode: past the deactivate age, but the successor key does not exist yet, so the old key is not disabled.</summary>
        SuccessorMissing,
        /// <summary>Rotation mode: the successor exists (rotating-to tag); the old key waits for its deactivate age.</summary>
        RotationInProgress,
        /// <summary>
        /// Restore-AccessKey re-activated the key and its tag says <c>restored=… hold-until=…</c>: until hold-until the key
        /// is held at Warn, whatever its age or use; at hold-until it is judged normally again (NextStage says to what).
        /// </summary>
        Restored,
        /// <summary>The module's keyhygiene:&lt;AccessKeyId&gt; tag could not be read; it is ignored (see Notes).</summary>
        ModuleTagMalformed,
        /// <summary>
        /// A NewKey made by the module's own rotation (its role session name or user agent in the CreateAccessKey event):
        /// the summary reports it, no owner is alerted. Both can be set by any caller, so it routes a notice and proves nothing.
        /// </summary>
        CreatedByKeyHygiene,
    }

    /// <summary>The two orders over the stages, decided here and nowhere else.</summary>
    internal static class KeyStages
    {
        /// <summary>
        /// How soon a key at this stage needs a person, most urgent highest (docs/policy.md, "Urgency" argues the
        /// order): RootAccessKey, ReadError, Disable, Delete, Rotate, Warn, NewKey, Exempt, Healthy. The numbers only
        /// order; sort by them, filter by Stage.
        /// </summary>
        public static int Urgency(KeyStage stage) => stage switch
        {
            KeyStage.RootAccessKey => 8,
            KeyStage.ReadError => 7,
            KeyStage.Disable => 6,
            KeyStage.Delete => 5,
            KeyStage.Rotate => 4,
            KeyStage.Warn => 3,
            KeyStage.NewKey => 2,
            KeyStage.Exempt => 1,
            KeyStage.Healthy => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "a stage without an urgency"),
        };

        /// <summary>How far along the acting ladder a stage is (higher is further); -1 for stages outside it. The judge
        /// keeps the further of the age and unused stages, and the next-stage search looks for a further one.</summary>
        internal static int Rank(KeyStage stage) => stage switch
        {
            KeyStage.Healthy => 0,
            KeyStage.Warn => 1,
            KeyStage.Rotate => 2,
            KeyStage.Disable => 3,
            KeyStage.Delete => 4,
            _ => -1,
        };

        internal static KeyStage Further(KeyStage a, KeyStage b) => Rank(b) > Rank(a) ? b : a;
    }
}
