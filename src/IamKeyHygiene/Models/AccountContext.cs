using System.Collections;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene
{
    /// <summary>
    /// An account of the organization, as Get-OrganizationAccount writes it and Get-StaleAccessKey takes it.
    /// It carries the way into the account (the caller's credentials, or a role session assumed on first use)
    /// internally: PowerShell sees only the properties below.
    /// </summary>
    public sealed class AccountContext
    {
        internal AccountContext(AccountTarget target)
        {
            Target = target;
            var account = target.Account;
            AccountId = account.AccountId;
            Name = account.Name;
            Email = account.Email;
            State = account.State;
            OrganizationalUnitPath = account.OrganizationalUnitPath;
            RoleArn = target.Session.RoleArn;
            if (account.Tags != null)
            {
                var tags = new Hashtable();
                foreach (var tag in account.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                Tags = tags;
            }
        }

        /// <summary>The 12-digit account id.</summary>
        public string AccountId { get; }

        public string Name { get; }

        /// <summary>The account's root e-mail: where findings without an owner escalate.</summary>
        public string Email { get; }

        /// <summary>ACTIVE, SUSPENDED or PENDING_CLOSURE.</summary>
        public string State { get; }

        /// <summary>OU names from the root down, e.g. "Root/Workloads/Prod".</summary>
        public string OrganizationalUnitPath { get; }

        /// <summary>The account's tags (only with -IncludeTags; otherwise null).</summary>
        public Hashtable? Tags { get; }

        /// <summary>The role assumed in the account; empty for the caller's own account (its own credentials).</summary>
        public string? RoleArn { get; }

        /// <summary>The engine's account and session (not a public property: engine types never reach PowerShell).</summary>
        internal AccountTarget Target { get; }

        public override string ToString() => $"{AccountId} ({Name})";
    }
}
