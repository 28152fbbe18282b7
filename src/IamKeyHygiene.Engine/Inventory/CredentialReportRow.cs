using System;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>One access-key slot (access_key_1_* or access_key_2_*) of a credential report row.</summary>
    public sealed class CredentialReportKeySlot
    {
        public CredentialReportKeySlot(int slot, bool active, DateTimeOffset? lastRotated, DateTimeOffset? lastUsedDate, string? lastUsedRegion, string? lastUsedService)
        {
            Slot = slot;
            Active = active;
            LastRotated = lastRotated;
            LastUsedDate = lastUsedDate;
            LastUsedRegion = lastUsedRegion;
            LastUsedService = lastUsedService;
        }

        /// <summary>1 or 2.</summary>
        public int Slot { get; }
        public bool Active { get; }

        /// <summary>When the key in this slot was created (AWS calls it last_rotated); null when the slot is empty.</summary>
        public DateTimeOffset? LastRotated { get; }
        public DateTimeOffset? LastUsedDate { get; }
        public string? LastUsedRegion { get; }
        public string? LastUsedService { get; }

        /// <summary>A key occupies the slot (Active or Inactive).</summary>
        public bool HasKey => LastRotated.HasValue;
    }

    /// <summary>One user (or the root user) of a credential report: the columns the scanner uses, typed.</summary>
    public sealed class CredentialReportRow
    {
        public const string RootUserName = "<root_account>";

        public CredentialReportRow(int line, string user, string arn, DateTimeOffset? userCreationTime, CredentialReportKeySlot accessKey1, CredentialReportKeySlot accessKey2)
        {
            Line = line;
            User = user;
            Arn = arn;
            UserCreationTime = userCreationTime;
            AccessKey1 = accessKey1;
            AccessKey2 = accessKey2;
        }

        /// <summary>1-based line of the row in the report.</summary>
        public int Line { get; }
        public string User { get; }
        public string Arn { get; }
        public DateTimeOffset? UserCreationTime { get; }
        public CredentialReportKeySlot AccessKey1 { get; }
        public CredentialReportKeySlot AccessKey2 { get; }

        public bool IsRoot => string.Equals(User, RootUserName, StringComparison.Ordinal);

        /// <summary>The IAM path from the ARN ("/engineering/" for arn:…:user/engineering/bob); "/" for root.</summary>
        public string UserPath
        {
            get
            {
                var at = Arn.IndexOf(":user/", StringComparison.Ordinal);
                if (at < 0) return "/";
                var rest = Arn.Substring(at + 5); // "/engineering/bob"
                var lastSlash = rest.LastIndexOf('/');
                return rest.Substring(0, lastSlash + 1);
            }
        }

        public CredentialReportKeySlot[] Slots => new[] { AccessKey1, AccessKey2 };
    }
}
