namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// The settings that decide a key's stage: the policy's defaults, or the defaults with a scoped rule's
    /// overrides applied. Whole days; a threshold of N is reached when the count of whole days is ≥ N.
    /// </summary>
    public sealed class PolicySettings
    {
        public PolicyAction Action { get; internal set; } = PolicyAction.DisableDelete;

        /// <summary>Report and notify, never act: stages above Warn are held at Warn with reason NotifyOnly.</summary>
        public bool NotifyOnly { get; internal set; }

        public int WarnAgeDays { get; internal set; } = ThresholdField.WarnAgeDays.Default;
        public int DisableAgeDays { get; internal set; } = ThresholdField.DisableAgeDays.Default;
        public int DeleteAgeDays { get; internal set; } = ThresholdField.DeleteAgeDays.Default;
        public int RecoveryWindowDays { get; internal set; } = ThresholdField.RecoveryWindowDays.Default;
        public int UnusedWarnDays { get; internal set; } = ThresholdField.UnusedWarnDays.Default;
        public int UnusedDisableDays { get; internal set; } = ThresholdField.UnusedDisableDays.Default;
        public int RotateAgeDays { get; internal set; } = ThresholdField.RotateAgeDays.Default;
        public int RotationDeactivateDays { get; internal set; } = ThresholdField.RotationDeactivateDays.Default;
        public int RotationDeleteDays { get; internal set; } = ThresholdField.RotationDeleteDays.Default;

        /// <summary>The age at which an Inactive key may be deleted under this action.</summary>
        public int EffectiveDeleteAgeDays => Action == PolicyAction.Rotate ? RotationDeleteDays : DeleteAgeDays;

        public PolicySettings Clone() => (PolicySettings)MemberwiseClone();
    }
}
