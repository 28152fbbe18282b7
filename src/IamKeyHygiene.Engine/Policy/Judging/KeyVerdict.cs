using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Policy.Judging
{
    /// <summary>The judge's decision on one key at one instant.</summary>
    internal sealed class KeyVerdict
    {
        public KeyStage Stage { get; internal set; }

        /// <summary>How soon the key needs a person, most urgent highest (<see cref="KeyStages.Urgency"/>).</summary>
        public int Urgency => KeyStages.Urgency(Stage);
        public IReadOnlyList<KeyReason> Reasons { get; internal set; } = Array.Empty<KeyReason>();

        /// <summary>On Exempt verdicts: the stage the key would have had.</summary>
        public KeyStage? ExemptFromStage { get; internal set; }

        /// <summary>The exemption in force, or (with reason ExemptionExpired) the one that expired; else null.</summary>
        public Exemption? Exemption { get; internal set; }

        /// <summary>The user's exemption tag as the judge read it, applied or not (the scan warns when it has ended).</summary>
        internal Exemption? TagExemption { get; set; }

        /// <summary>The owner, or null when unowned (escalate to the account e-mail).</summary>
        public Owner? Owner { get; internal set; }

        /// <summary>Whole days (floor of elapsed 24 h periods) since CreateDate.</summary>
        public int AgeDays { get; internal set; }

        /// <summary>Whole days since LastUsedDate, or since CreateDate for a key never used.</summary>
        public int DaysSinceLastUse { get; internal set; }

        /// <summary>The stage the key reaches next if nothing changes but time (and, for Disable, Rotate and a key awaiting its tag, the stage's own action is taken now).</summary>
        public KeyStage? NextStage { get; internal set; }

        /// <summary>The instant <see cref="NextStage"/> is reached, or null when none.</summary>
        public DateTimeOffset? NextStageDate { get; internal set; }

        public DateTimeOffset EvaluatedAt { get; internal set; }

        /// <summary>The scoped rule that applied, or null for the policy's defaults.</summary>
        public string? RuleName { get; internal set; }

        /// <summary>The settings the key was judged by.</summary>
        public PolicySettings? Settings { get; internal set; }

        /// <summary>Details for people: what could not be read, why a tag was ignored.</summary>
        public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();

        public override string ToString()
            => $"{Stage}{(ExemptFromStage.HasValue ? $" (from {ExemptFromStage})" : "")} [{string.Join(", ", Reasons)}] age {AgeDays} d, unused {DaysSinceLastUse} d";
    }
}
