using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// One day-count setting, described once: its JSON name, its default and how to read and write it.
    /// Reading files, overriding in rules, validation, hashing and parameters all walk <see cref="All"/>.
    /// </summary>
    public sealed class ThresholdField
    {
        private readonly Func<PolicySettings, int> _get;
        private readonly Action<PolicySettings, int> _set;

        private ThresholdField(string name, int defaultValue, Func<PolicySettings, int> get, Action<PolicySettings, int> set)
        {
            Name = name;
            Default = defaultValue;
            _get = get;
            _set = set;
        }

        /// <summary>camelCase name used in JSON (PascalCase of it is the property and parameter name).</summary>
        public string Name { get; }
        public int Default { get; }

        public int Get(PolicySettings settings) => _get(settings);
        internal void Set(PolicySettings settings, int value) => _set(settings, value);

        public static readonly ThresholdField WarnAgeDays = new ThresholdField("warnAgeDays", 80, s => s.WarnAgeDays, (s, v) => s.WarnAgeDays = v);
        public static readonly ThresholdField DisableAgeDays = new ThresholdField("disableAgeDays", 90, s => s.DisableAgeDays, (s, v) => s.DisableAgeDays = v);
        public static readonly ThresholdField DeleteAgeDays = new ThresholdField("deleteAgeDays", 150, s => s.DeleteAgeDays, (s, v) => s.DeleteAgeDays = v);
        public static readonly ThresholdField RecoveryWindowDays = new ThresholdField("recoveryWindowDays", 10, s => s.RecoveryWindowDays, (s, v) => s.RecoveryWindowDays = v);
        public static readonly ThresholdField UnusedWarnDays = new ThresholdField("unusedWarnDays", 45, s => s.UnusedWarnDays, (s, v) => s.UnusedWarnDays = v);
        public static readonly ThresholdField UnusedDisableDays = new ThresholdField("unusedDisableDays", 90, s => s.UnusedDisableDays, (s, v) => s.UnusedDisableDays = v);
        public static readonly ThresholdField RotateAgeDays = new ThresholdField("rotateAgeDays", 90, s => s.RotateAgeDays, (s, v) => s.RotateAgeDays = v);
        public static readonly ThresholdField RotationDeactivateDays = new ThresholdField("rotationDeactivateDays", 100, s => s.RotationDeactivateDays, (s, v) => s.RotationDeactivateDays = v);
        public static readonly ThresholdField RotationDeleteDays = new ThresholdField("rotationDeleteDays", 110, s => s.RotationDeleteDays, (s, v) => s.RotationDeleteDays = v);

        public static IReadOnlyList<ThresholdField> All { get; } = new[]
        {
            WarnAgeDays, DisableAgeDays, DeleteAgeDays, RecoveryWindowDays, UnusedWarnDays, UnusedDisableDays,
            RotateAgeDays, RotationDeactivateDays, RotationDeleteDays,
        };

        /// <summary>Pairs that must not be out of order: first ≤ second.</summary>
        internal static IReadOnlyList<(ThresholdField Lower, ThresholdField Higher)> Ordered { get; } = new[]
        {
            (WarnAgeDays, DisableAgeDays),
            (DisableAgeDays, DeleteAgeDays),
            (UnusedWarnDays, UnusedDisableDays),
            (RotateAgeDays, RotationDeactivateDays),
            (RotationDeactivateDays, RotationDeleteDays),
        };

        public override string ToString() => Name;
    }
}
