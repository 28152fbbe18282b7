using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// A policy from parameters (New-KeyHygienePolicy's FromParameters set): each null keeps the default.
    /// Built through <see cref="PolicyService.FromParameters"/>, validated exactly as a file is validated; errors name the parameter.
    /// </summary>
    public sealed class PolicyParameters
    {
        private readonly Dictionary<ThresholdField, int> _thresholds = new Dictionary<ThresholdField, int>();

        public PolicyAction? Action { get; set; }
        public bool? NotifyOnly { get; set; }
        public RunMode? Mode { get; set; }
        public int? MaxDisablePerRun { get; set; }
        public int? MaxDeletePerRun { get; set; }
        public int? MaxDisablePercent { get; set; }
        public int? MaxDisablePercentMinKeys { get; set; }
        public IReadOnlyList<string>? OwnerTagKeys { get; set; }
        public string? ExemptionTagKey { get; set; }
        public string? ExemptionsPath { get; set; }
        public string? OwnersPath { get; set; }

        /// <summary>Sets a threshold by field (see <see cref="ThresholdField.All"/>).</summary>
        public PolicyParameters Set(ThresholdField field, int value)
        {
            _thresholds[field] = value;
            return this;
        }

        internal HygienePolicy Build()
        {
            var policy = new HygienePolicy();
            foreach (var pair in _thresholds) pair.Key.Set(policy.Defaults, pair.Value);
            if (Action.HasValue) policy.Defaults.Action = Action.Value;
            if (NotifyOnly.HasValue) policy.Defaults.NotifyOnly = NotifyOnly.Value;
            if (Mode.HasValue) policy.Mode = Mode.Value;
            var cb = policy.CircuitBreaker;
            cb.MaxDisablePerRun = MaxDisablePerRun ?? cb.MaxDisablePerRun;
            cb.MaxDeletePerRun = MaxDeletePerRun ?? cb.MaxDeletePerRun;
            cb.MaxDisablePercent = MaxDisablePercent ?? cb.MaxDisablePercent;
            cb.MaxDisablePercentMinKeys = MaxDisablePercentMinKeys ?? cb.MaxDisablePercentMinKeys;
            if (OwnerTagKeys != null)
            {
                var keys = OwnerTagKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
                if (keys.Count == 0) throw new PolicyValidationException(null, null, "OwnerTagKey", "must name at least one tag key.");
                policy.OwnerTagKeys = keys;
            }
            if (ExemptionTagKey != null)
            {
                if (string.IsNullOrWhiteSpace(ExemptionTagKey)) throw new PolicyValidationException(null, null, "ExemptionTagKey", "must not be empty.");
                policy.ExemptionTagKey = ExemptionTagKey.Trim();
            }
            new PolicyValidator(null, _ => null, PascalCase).Validate(policy);
            PolicyAssembly.AttachFiles(policy, ExemptionsPath, OwnersPath);
            return policy;
        }

        public static bool TryParseAction(string text, out PolicyAction action) => TryParseName(text, out action);

        public static bool TryParseMode(string text, out RunMode mode) => TryParseName(text, out mode);

        private static bool TryParseName<T>(string text, out T value) where T : struct, Enum
        {
            foreach (T candidate in Enum.GetValues(typeof(T)))
            {
                if (string.Equals(candidate.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    value = candidate;
                    return true;
                }
            }
            value = default;
            return false;
        }

        private static string PascalCase(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }
}
