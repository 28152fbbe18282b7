using System;
using System.Linq;
using IamKeyHygiene.Engine.Policy;

namespace IamKeyHygiene.Models
{
    /// <summary>What the policy does with old keys (mirrors the engine's action, in the cmdlet assembly).</summary>
    public enum KeyHygieneAction
    {
        /// <summary>Warn, disable, then delete.</summary>
        DisableDelete,

        /// <summary>Rotate into a new key, deactivate the old one, then delete it.</summary>
        Rotate,
    }

    /// <summary>
    /// A validated key hygiene policy, as New-KeyHygienePolicy returns it and -Policy parameters take it.
    /// The properties show the policy's default settings; scoped rules, exemptions and owners are counted.
    /// It holds the engine's policy, which never crosses into PowerShell.
    /// </summary>
    public sealed class KeyHygienePolicy
    {
        internal KeyHygienePolicy(HygienePolicy policy)
        {
            Engine = policy ?? throw new ArgumentNullException(nameof(policy));
            var d = policy.Defaults;
            Action = d.Action == PolicyAction.Rotate ? KeyHygieneAction.Rotate : KeyHygieneAction.DisableDelete;
            NotifyOnly = d.NotifyOnly;
            Mode = policy.Mode.ToString();
            WarnAgeDays = d.WarnAgeDays;
            DisableAgeDays = d.DisableAgeDays;
            DeleteAgeDays = d.DeleteAgeDays;
            RecoveryWindowDays = d.RecoveryWindowDays;
            UnusedWarnDays = d.UnusedWarnDays;
            UnusedDisableDays = d.UnusedDisableDays;
            RotateAgeDays = d.RotateAgeDays;
            RotationDeactivateDays = d.RotationDeactivateDays;
            RotationDeleteDays = d.RotationDeleteDays;
            MaxDisablePerRun = policy.CircuitBreaker.MaxDisablePerRun;
            MaxDeletePerRun = policy.CircuitBreaker.MaxDeletePerRun;
            MaxDisablePercent = policy.CircuitBreaker.MaxDisablePercent;
            MaxDisablePercentMinKeys = policy.CircuitBreaker.MaxDisablePercentMinKeys;
            OwnerTagKeys = policy.OwnerTagKeys.ToArray();
            ExemptionTagKey = policy.ExemptionTagKey;
            RuleCount = policy.Rules.Count;
            RuleNames = policy.Rules.Select(r => r.Name).ToArray();
            HasTagScopedRules = policy.HasTagScopedRules;
            ExemptionCount = policy.Exemptions.Entries.Count;
            ExemptionsPath = policy.Exemptions.SourcePath;
            OwnerCount = policy.Owners.Count;
            OwnersPath = policy.OwnersPath;
            SourcePath = policy.SourcePath;
            Hash = policy.Hash;
        }

        public KeyHygieneAction Action { get; }
        public bool NotifyOnly { get; }

        /// <summary>How far Invoke-KeyHygiene goes: Audit, Notify or Enforce.</summary>
        public string Mode { get; }
        public int WarnAgeDays { get; }
        public int DisableAgeDays { get; }
        public int DeleteAgeDays { get; }
        public int RecoveryWindowDays { get; }
        public int UnusedWarnDays { get; }
        public int UnusedDisableDays { get; }
        public int RotateAgeDays { get; }
        public int RotationDeactivateDays { get; }
        public int RotationDeleteDays { get; }
        public int MaxDisablePerRun { get; }
        public int MaxDeletePerRun { get; }
        public int MaxDisablePercent { get; }
        public int MaxDisablePercentMinKeys { get; }
        public string[] OwnerTagKeys { get; }
        public string ExemptionTagKey { get; }

        /// <summary>How many scoped rules the policy has (first match wins).</summary>
        public int RuleCount { get; }
        public string[] RuleNames { get; }

        /// <summary>True when a rule matches by user tag: a scan then reads the tags of every user with an active key.</summary>
        public bool HasTagScopedRules { get; }
        public int ExemptionCount { get; }
        public string? ExemptionsPath { get; }
        public int OwnerCount { get; }
        public string? OwnersPath { get; }

        /// <summary>The policy file, or null when built from parameters.</summary>
        public string? SourcePath { get; }

        /// <summary>SHA-256 of the policy's canonical JSON; audit records carry it as policyHash.</summary>
        public string Hash { get; }

        /// <summary>The engine's policy, for the cmdlets that judge and act.</summary>
        internal HygienePolicy Engine { get; }

        public override string ToString()
            => $"{Action} warn {WarnAgeDays} / disable {DisableAgeDays} / delete {DeleteAgeDays} d, {RuleCount} rule(s), hash {Hash.Substring(0, Math.Min(12, Hash.Length))}";
    }
}
