using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>The part of the settings a scoped rule changes; anything left out keeps the policy's value.</summary>
    public sealed class PolicyOverrides
    {
        private readonly Dictionary<ThresholdField, int> _thresholds = new Dictionary<ThresholdField, int>();

        public PolicyAction? Action { get; internal set; }
        public bool? NotifyOnly { get; internal set; }

        /// <summary>The thresholds this rule sets, in <see cref="ThresholdField.All"/> order.</summary>
        public IReadOnlyList<KeyValuePair<ThresholdField, int>> Thresholds
            => ThresholdField.All.Where(_thresholds.ContainsKey)
                .Select(f => new KeyValuePair<ThresholdField, int>(f, _thresholds[f])).ToList();

        public bool IsEmpty => _thresholds.Count == 0 && Action is null && NotifyOnly is null;

        internal void SetThreshold(ThresholdField field, int value) => _thresholds[field] = value;

        public bool Sets(ThresholdField field) => _thresholds.ContainsKey(field);

        public PolicySettings ApplyTo(PolicySettings baseline)
        {
            var result = baseline.Clone();
            foreach (var pair in _thresholds) pair.Key.Set(result, pair.Value);
            if (Action.HasValue) result.Action = Action.Value;
            if (NotifyOnly.HasValue) result.NotifyOnly = NotifyOnly.Value;
            return result;
        }
    }
}
