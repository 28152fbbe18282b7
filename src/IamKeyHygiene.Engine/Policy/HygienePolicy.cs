using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// A validated policy: default settings, scoped rules (first match wins), circuit breaker, owner and
    /// exemption tag keys, exemptions and owners. Build it with <see cref="PolicyFileReader"/> or
    /// <see cref="PolicyParameters.Build"/>; both validate. Immutable once built.
    /// </summary>
    public sealed class HygienePolicy
    {
        public const string DefaultExemptionTagKey = "keyhygiene:exempt";
        public static readonly IReadOnlyList<string> DefaultOwnerTagKeys = new[] { "owner", "email", "slack-id" };

        internal HygienePolicy() { }

        /// <summary>The settings for keys no rule matches.</summary>
        public PolicySettings Defaults { get; internal set; } = new PolicySettings();
        public IReadOnlyList<ScopedRule> Rules { get; internal set; } = Array.Empty<ScopedRule>();
        public CircuitBreakerSettings CircuitBreaker { get; internal set; } = new CircuitBreakerSettings();

        /// <summary>How far Invoke-KeyHygiene goes (Audit by default). Not in <see cref="Hash"/>: it changes no verdict.</summary>
        public RunMode Mode { get; internal set; } = RunMode.Audit;
        public IReadOnlyList<string> OwnerTagKeys { get; internal set; } = DefaultOwnerTagKeys;
        public string ExemptionTagKey { get; internal set; } = DefaultExemptionTagKey;
        public ExemptionSet Exemptions { get; internal set; } = ExemptionSet.Empty;
        public IReadOnlyList<OwnerMapping> Owners { get; internal set; } = Array.Empty<OwnerMapping>();
        public string? OwnersPath { get; internal set; }

        /// <summary>The policy file, or null when built from parameters.</summary>
        public string? SourcePath { get; internal set; }

        /// <summary>SHA-256 (lower-case hex) of the canonical JSON of everything above but paths: the audit records' policyHash.</summary>
        public string Hash { get; internal set; } = "";

        /// <summary>A tag-scoped rule makes the scanner read the tags of every user with an active key.</summary>
        public bool HasTagScopedRules => Rules.Any(r => r.Match.UsesUserTags);

        /// <summary>The first rule that matches the key, or null for the defaults.</summary>
        public ScopedRule? RuleFor(KeyObservation key) => Rules.FirstOrDefault(r => r.Match.Matches(key));

        public PolicySettings SettingsFor(KeyObservation key) => RuleFor(key)?.Overrides.ApplyTo(Defaults) ?? Defaults;

        /// <summary>The defaults and every rule's effective settings (triage uses the smallest thresholds).</summary>
        public IEnumerable<PolicySettings> AllEffectiveSettings()
            => new[] { Defaults }.Concat(Rules.Select(r => r.Overrides.ApplyTo(Defaults)));

        /// <summary>The default policy (DESIGN.md's numbers), no rules, exemptions or owners.</summary>
        public static HygienePolicy Default() => new PolicyParameters().Build();
    }
}
