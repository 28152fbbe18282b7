using System.Management.Automation;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// Get-OrganizationAccount: the accounts of the AWS Organization (all, under an OU, or by id), ACTIVE only
    /// unless asked, each with the way into it: a role session assumed on first use with -RoleName, renewed
    /// before it expires. Works from the management account or a delegated administrator.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OrganizationAccount", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(AccountContext))]
    public sealed class GetOrganizationAccountCommand : AwsCmdletBase
    {
        private const string AllSet = "All";
        private const string OrganizationalUnitSet = "OrganizationalUnit";
        private const string AccountIdSet = "AccountId";

        /// <summary>Only accounts under this OU (its direct children unless -Recurse).</summary>
        [Parameter(Mandatory = true, ParameterSetName = OrganizationalUnitSet)]
        [ValidatePattern(@"^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$")]
        public string? OrganizationalUnitId { get; set; }

        /// <summary>With -OrganizationalUnitId: accounts of nested OUs too.</summary>
        [Parameter(ParameterSetName = OrganizationalUnitSet)]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Only these accounts: strings, or objects with an AccountId property (Import-Csv rows), from the pipeline.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccountIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^\d{12}$")]
        public string[]? AccountId { get; set; }

        /// <summary>Accounts to leave out.</summary>
        [Parameter]
        [ValidatePattern(@"^\d{12}$")]
        public string[]? ExcludeAccountId { get; set; }

        /// <summary>OUs whose accounts (and sub-OUs' accounts) are left out.</summary>
        [Parameter]
        [ValidatePattern(@"^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$")]
        public string[]? ExcludeOrganizationalUnitId { get; set; }

        /// <summary>Include SUSPENDED and PENDING_CLOSURE accounts.</summary>
        [Parameter]
        public SwitchParameter IncludeInactive { get; set; }

        /// <summary>Read each account's tags (one ListTagsForResource call per account).</summary>
        [Parameter]
        public SwitchParameter IncludeTags { get; set; }

        /// <summary>The role to assume in each account other than the caller's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RoleName { get; set; }

        /// <summary>The external id the role's trust policy requires.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExternalId { get; set; }

        /// <summary>The role session name (shows in CloudTrail); default IamKeyHygiene.</summary>
        [Parameter]
        [ValidatePattern(@"^[\w+=,.@-]{2,64}$")]
        public string RoleSessionName { get; set; } = RoleSessionOptions.DefaultRoleSessionName;

        /// <summary>Role session length in seconds (900–43200; the role's maximum applies); default 3600.</summary>
        [Parameter]
        [ValidateRange(900, 43200)]
        public int DurationSeconds { get; set; } = RoleSessionOptions.DefaultDurationSeconds;

        private readonly System.Collections.Generic.List<string> _accountIds = new System.Collections.Generic.List<string>();

        protected override void ProcessRecord()
        {
            // -AccountId may come by property name from the pipeline: gather, then read once.
            if (ParameterSetName == AccountIdSet && AccountId != null)
            {
                _accountIds.AddRange(AccountId);
                return;
            }

            if (ParameterSetName != AccountIdSet)
            {
                ListAccounts();
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == AccountIdSet && _accountIds.Count > 0)
            {
                ListAccounts();
            }

            base.EndProcessing();
        }

        private void ListAccounts()
        {
            var selection = new AccountSelection
            {
                OrganizationalUnitId = OrganizationalUnitId,
                Recurse = Recurse.IsPresent,
                AccountIds = ParameterSetName == AccountIdSet ? _accountIds.ToArray() : null,
                ExcludeAccountIds = ExcludeAccountId,
                ExcludeOrganizationalUnitIds = ExcludeOrganizationalUnitId,
                IncludeInactive = IncludeInactive.IsPresent,
                IncludeTags = IncludeTags.IsPresent,
            };
            var roles = RoleName == null
                ? null
                : new RoleSessionOptions(RoleName)
                {
                    ExternalId = ExternalId,
                    RoleSessionName = RoleSessionName,
                    DurationSeconds = DurationSeconds,
                };

            var connection = Connection;
            // Without the organization's account list there is nothing to return: a failure is terminating. Accounts
            // are written as the OU walk reaches them, so a scan down the pipeline starts before the walk ends.
            var organization = new OrganizationService(connection, EngineHost);
            WaitForEngine(ct => organization.WriteAccountsAsync(selection, roles, ct));
        }

        /// <summary>The engine writes each account with its session; PowerShell gets the cmdlet's AccountContext, with
        /// readable export text.</summary>
        private protected override object ToOutput(object result) => ExportText.WithReadableText(new AccountContext((AccountTarget)result));
    }
}
