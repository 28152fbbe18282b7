using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>Status of an IAM access key.</summary>
    public enum KeyStatus { Active, Inactive }

    /// <summary>
    /// Everything the judge needs about one access key, as the scanner read it (credential report or live): the
    /// facts the policy judges. Plain data: no AWS types. Times are as AWS reported them; the judge treats future
    /// times as now.
    /// </summary>
    public sealed class KeyObservation
    {
        public string AccountId { get; set; } = "";
        public string? AccountName { get; set; }
        /// <summary>The account's e-mail: kept on the verdict for escalation when the key has no owner.</summary>
        public string? AccountEmail { get; set; }

        /// <summary>Ids of the OUs (and root) that contain the account, from the root down to its parent, in any order.</summary>
        public IReadOnlyList<string> OrganizationalUnitIds { get; set; } = Array.Empty<string>();

        public string UserName { get; set; } = "";
        public string UserArn { get; set; } = "";
        /// <summary>IAM path such as "/" or "/service/".</summary>
        public string UserPath { get; set; } = "/";

        /// <summary>The user's tags, or null when they were not read. See the judge for what null means.</summary>
        public IReadOnlyList<KeyValuePair<string, string>>? UserTags { get; set; }

        /// <summary>The key id; empty when the user's keys could not be listed (then ReadError must be set).</summary>
        public string AccessKeyId { get; set; } = "";
        public KeyStatus Status { get; set; }
        public DateTimeOffset CreateDate { get; set; }
        public DateTimeOffset? LastUsedDate { get; set; }
        public string? LastUsedService { get; set; }
        public string? LastUsedRegion { get; set; }

        /// <summary>A root user key (credential report row &lt;root_account&gt;, or the account summary).</summary>
        public bool IsRootKey { get; set; }

        /// <summary>Only the key's existence is known (GetAccountSummary's AccountAccessKeysPresent): its status, dates
        /// and last use are not, so nothing may be concluded from their absence.</summary>
        public bool PresenceOnly { get; set; }

        /// <summary>What could not be read for this key or user; non-null makes the verdict ReadError and nothing else.</summary>
        public string? ReadError { get; set; }

        /// <summary>The module's own tag for this key (<c>keyhygiene:&lt;AccessKeyId&gt;</c>), parsed; null when absent.</summary>
        public ModuleKeyTag? ModuleTag { get; set; }

        /// <summary>The user's other Active key ids (both active keys of a user get SecondActiveKey); KeyJudge.JudgeUser
        /// fills it from the user's keys.</summary>
        public IReadOnlyList<string> OtherActiveKeyIds { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Rotation: the successor key exists (the key named by rotating-to is among the user's keys).
        /// KeyJudge.JudgeUser sets it from the user's keys; the judge requires it before the old key goes to Disable.
        /// </summary>
        public bool SuccessorKeyExists { get; set; }

        /// <summary>
        /// Splits an OU path such as "r-ab12/ou-ab12-11111111/ou-ab12-22222222" (or with an o-… prefix, '/' or
        /// ' / ' separators) into its OU and root ids.
        /// </summary>
        public static IReadOnlyList<string> OrganizationalUnitIdsFromPath(string? path)
            => (path ?? "").Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Trim())
                .Where(part => part.StartsWith("ou-", StringComparison.OrdinalIgnoreCase) || part.StartsWith("r-", StringComparison.OrdinalIgnoreCase))
                .ToList();

        internal KeyObservation Copy() => (KeyObservation)MemberwiseClone();
    }
}
