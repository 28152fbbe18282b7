using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>The policy's verdict for one key, as the scan needs it.</summary>
    internal sealed class KeyJudgement
    {
        public string Stage { get; set; } = "";
        public IReadOnlyList<string> Reasons { get; set; } = new string[0];
        public string? NextStage { get; set; }
        public DateTimeOffset? NextStageDate { get; set; }
        public FindingOwner? Owner { get; set; }
        public FindingExemption? Exemption { get; set; }
        public string? ExemptFromStage { get; set; }
        public int AgeDays { get; set; }
        public int DaysSinceLastUse { get; set; }

        /// <summary>For people: what could not be read, why a tag was ignored.</summary>
        public IReadOnlyList<string> Notes { get; set; } = new string[0];
    }

    /// <summary>The scan's door to the policy (<see cref="PolicyKeyJudge"/>): one place decides a key's stage.</summary>
    internal interface IKeyJudge
    {
        /// <summary>True when a rule is scoped by a user tag: then every user with a key has its tags read.</summary>
        bool NeedsTagsOfEveryUserWithKeys { get; }

        /// <summary>Judges a user whose data is complete: one judgement per key, in the order of user.Keys.</summary>
        IReadOnlyList<KeyJudgement> Judge(OrganizationAccount account, UserInventory user, DateTimeOffset now);

        /// <summary>The owner of a user (for ReadError findings, which are notified too).</summary>
        FindingOwner? OwnerOf(OrganizationAccount account, IamUserFacts user);
    }

    /// <summary>Stage names the scan itself produces (the judge produces the others).</summary>
    internal static class ScanStages
    {
        public const string Healthy = "Healthy";
        public const string ReadError = "ReadError";
        public const string RootAccessKey = "RootAccessKey";
    }
}
