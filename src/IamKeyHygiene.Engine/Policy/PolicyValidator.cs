using System;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// Checks a policy's numbers: no negative (or absurd) thresholds, and the stages in order
    /// (warn ≤ disable ≤ delete, unused warn ≤ unused disable, rotate ≤ deactivate ≤ delete), for the
    /// defaults and for each rule's effective settings. Errors name the field that was written down.
    /// </summary>
    internal sealed class PolicyValidator
    {
        public const int MaxDays = 36500;

        private readonly string? _source;
        private readonly Func<string, int?> _lineOf;
        private readonly Func<string, string> _displayName;

        /// <param name="source">The file, or null for parameters.</param>
        /// <param name="lineOf">The line a field path was written on, or null when it was not written (a default).</param>
        /// <param name="displayName">How a field path is shown (parameters show -WarnAgeDays).</param>
        public PolicyValidator(string? source, Func<string, int?> lineOf, Func<string, string> displayName)
        {
            _source = source;
            _lineOf = lineOf;
            _displayName = displayName;
        }

        public void Validate(HygienePolicy policy)
        {
            CheckSettings("", policy.Defaults, _ => true);
            for (var i = 0; i < policy.Rules.Count; i++)
            {
                var rule = policy.Rules[i];
                var prefix = $"rules[{i}].";
                CheckSettings(prefix, rule.Overrides.ApplyTo(policy.Defaults), f => rule.Overrides.Sets(f));
            }
            var cb = policy.CircuitBreaker;
            NotNegative("maxDisablePerRun", cb.MaxDisablePerRun);
            NotNegative("maxDeletePerRun", cb.MaxDeletePerRun);
            NotNegative("maxDisablePercentMinKeys", cb.MaxDisablePercentMinKeys);
            if (cb.MaxDisablePercent < 0 || cb.MaxDisablePercent > 100)
                throw Fail("maxDisablePercent", $"must be between 0 and 100; got {cb.MaxDisablePercent}.");
        }

        // isWritten: whether the field was set at this level (a rule's own override; for the defaults, any field).
        private void CheckSettings(string prefix, PolicySettings settings, Func<ThresholdField, bool> isWritten)
        {
            foreach (var field in ThresholdField.All)
            {
                var value = field.Get(settings);
                if (value < 0) throw Fail(prefix + field.Name, $"must not be negative; got {value}.");
                if (value > MaxDays) throw Fail(prefix + field.Name, $"must be at most {MaxDays} days; got {value}.");
            }
            foreach (var (lower, higher) in ThresholdField.Ordered)
            {
                var low = lower.Get(settings);
                var high = higher.Get(settings);
                if (low <= high) continue;
                // Blame the field the author wrote at this level; when both or neither were, the lower one.
                var blamed = isWritten(lower) || !isWritten(higher) ? lower : higher;
                var blamedPath = PreferWrittenLine(prefix, blamed, lower, higher);
                throw Fail(blamedPath,
                    $"{_displayName(lower.Name)} ({low}) must not be greater than {_displayName(higher.Name)} ({high}); the stages must come in order.");
            }
        }

        private string PreferWrittenLine(string prefix, ThresholdField blamed, ThresholdField lower, ThresholdField higher)
        {
            // A rule may break the order against an inherited default: point at whichever side has a line.
            foreach (var candidate in new[] { blamed, blamed == lower ? higher : lower })
                if (_lineOf(prefix + candidate.Name).HasValue) return prefix + candidate.Name;
            return prefix + blamed.Name;
        }

        private void NotNegative(string field, int value)
        {
            if (value < 0) throw Fail(field, $"must not be negative; got {value}.");
        }

        private PolicyValidationException Fail(string fieldPath, string problem)
            => new PolicyValidationException(_source, _lineOf(fieldPath), _displayName(fieldPath), problem);
    }
}
