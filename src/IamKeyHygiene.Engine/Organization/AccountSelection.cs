using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>Which accounts Get-OrganizationAccount returns (see DESIGN.md, "How it reads and acts").</summary>
    public sealed class AccountSelection
    {
        /// <summary>Only accounts under this OU (direct children unless <see cref="Recurse"/>).</summary>
        public string? OrganizationalUnitId { get; set; }
        public bool Recurse { get; set; }

        /// <summary>Only these accounts, picked from the one listing; an id the listing lacks is a non-terminating AccountNotFound.</summary>
        public IReadOnlyCollection<string>? AccountIds { get; set; }

        public IReadOnlyCollection<string>? ExcludeAccountIds { get; set; }

        /// <summary>Accounts under these OUs, and under their sub-OUs, are left out.</summary>
        public IReadOnlyCollection<string>? ExcludeOrganizationalUnitIds { get; set; }

        public bool IncludeInactive { get; set; }
        public bool IncludeTags { get; set; }
    }
}
