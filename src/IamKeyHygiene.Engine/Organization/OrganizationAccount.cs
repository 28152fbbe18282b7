using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>An account of the organization as the enumerator found it (engine type; the cmdlet maps it).</summary>
    public sealed class OrganizationAccount
    {
        public OrganizationAccount(string accountId, string name, string email, string state, string arn)
        {
            AccountId = accountId;
            Name = name;
            Email = email;
            State = state;
            Arn = arn;
        }

        public string AccountId { get; }
        public string Name { get; }
        public string Email { get; }

        /// <summary>ACTIVE, SUSPENDED, PENDING_CLOSURE… (the account's State, not the retired Status).</summary>
        public string State { get; }
        public string Arn { get; }

        /// <summary>OU names from the root down, e.g. "Root/Workloads/Prod"; empty when unknown.</summary>
        public string OrganizationalUnitPath { get; internal set; } = "";

        /// <summary>Ids of the root and every OU above the account, root first (scoped rules match on them).</summary>
        public IReadOnlyList<string> OrganizationalUnitIds { get; internal set; } = Array.Empty<string>();

        /// <summary>The account's tags; null when they were not asked for.</summary>
        public IReadOnlyDictionary<string, string>? Tags { get; internal set; }

        public bool IsActive => State == "ACTIVE";
    }
}
