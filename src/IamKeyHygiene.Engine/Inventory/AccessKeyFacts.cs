using System;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>One access key as read: id, status and creation from ListAccessKeys; last use from
    /// GetAccessKeyLastUsed or the matched credential report slot. No secret is ever read.</summary>
    internal sealed class AccessKeyFacts
    {
        public AccessKeyFacts(string accessKeyId, string status, DateTimeOffset createDate)
        {
            AccessKeyId = accessKeyId;
            Status = status;
            CreateDate = createDate;
        }

        public string AccessKeyId { get; }

        /// <summary>"Active" or "Inactive".</summary>
        public string Status { get; }
        public DateTimeOffset CreateDate { get; }

        public DateTimeOffset? LastUsedDate { get; set; }
        public string? LastUsedService { get; set; }
        public string? LastUsedRegion { get; set; }

        /// <summary>Why this key's last use could not be read; a key with one is judged ReadError, never unused.</summary>
        public string? ReadError { get; set; }

        /// <summary>True when the last use was read with GetAccessKeyLastUsed (always on the live path; on the
        /// report path for a key the report does not show, created after it).</summary>
        public bool ReadLive { get; set; }

        public bool IsActive => string.Equals(Status, "Active", StringComparison.OrdinalIgnoreCase);
    }
}
