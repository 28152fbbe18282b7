@{
    Synopsis    = 'Lists the accounts of the AWS Organization, each with the way into it: the caller''s credentials for its own account, a role session for the others.'
    Links       = @(
        'Get-StaleAccessKey'
        'Get-KeyHygieneIdentity'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS Organizations: ListAccountsForParent'; Uri = 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html' }
        @{ Text = 'AWS: Use IAM roles (role chaining and session duration)'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html' }
        @{ Text = 'AWS Organizations: Closing a member account (SUSPENDED, PENDING_CLOSURE)'; Uri = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_close.html' }
    )
    Description = @'
Get-OrganizationAccount reads the organization from the management account or from a delegated administrator account (the same API): all accounts, the accounts under one OU (-OrganizationalUnitId, with -Recurse for nested OUs), or explicit accounts (-AccountId). -ExcludeAccountId and -ExcludeOrganizationalUnitId (with every OU below it) leave accounts out. Only ACTIVE accounts are returned unless -IncludeInactive is given. Accounts come from one walk of the OU tree (ListAccountsForParent per OU, 20 a page, one call at a time with backoff when throttled) and are written as the walk reaches them, each with its whole OU path, so a Get-StaleAccessKey down the pipeline starts scanning while the walk goes on and OU-scoped policy rules always apply; Write-Progress shows the count found so far. The order is the walk's and the same on every run: the root's accounts first, then each OU's accounts followed by those of its child OUs, depth first, in the order AWS lists OUs and accounts. Explicit accounts (-AccountId) are picked from the same walk, in its order; an id it never reaches is reported when it ends. Account tags are read only with -IncludeTags.

With -RoleName, each AccountContext carries a role session for that account: the role is assumed on first use (not here), renewed five minutes before it expires and after an ExpiredToken answer, so a scan longer than the session keeps working. The account the caller is in is reached with the caller's own credentials. An account whose role cannot be assumed fails later, in the cmdlet that uses it, as a non-terminating error with the id AssumeRoleFailed naming the account; the other accounts go on.

Credentials AWS rejects are a terminating error with the id CredentialsRejected. An organization that cannot be read (not the management account nor a delegated administrator, or Organizations not in use) is a terminating AwsServiceError. An -OrganizationalUnitId that is not in the organization is a terminating OrganizationalUnitNotFound naming it. An -AccountId the organization does not hold is a non-terminating AccountNotFound with that id as target, and the other accounts named are returned; a SUSPENDED or PENDING_CLOSURE account named with -AccountId is skipped with a warning that says why (unless -IncludeInactive). When the caller is itself a role session (a role profile, an SSO profile, assumed-role credentials), -DurationSeconds above 3600 is one terminating InvalidDurationSeconds before any account is tried: AWS caps role chaining at one hour. See about_IamKeyHygiene_Errors.
'@
    Parameters  = @{
        OrganizationalUnitId        = 'Only accounts directly under this OU (ou-…) or root (r-…); with -Recurse, the accounts of every OU below it too. Default: every account of the organization.'
        Recurse                     = 'With -OrganizationalUnitId: include the accounts of nested OUs.'
        AccountId                   = 'Only these accounts (12-digit ids). Binds from the pipeline: strings (''333333333301'' | Get-OrganizationAccount) or objects with an AccountId property (Import-Csv rows, accounts). Ids are collected and picked from one listing of the organization, so 500 ids cost what listing the organization costs.'
        ExcludeAccountId            = 'Accounts to leave out.'
        ExcludeOrganizationalUnitId = 'OUs whose accounts, and the accounts of every OU below them, are left out.'
        IncludeInactive             = 'Also return SUSPENDED and PENDING_CLOSURE accounts (their State says so).'
        IncludeTags                 = 'Read each account''s tags into the Tags property (one ListTagsForResource call per account).'
        RoleName                    = 'The IAM role to assume in every account other than the caller''s, for example OrganizationAccountAccessRole or a read-only audit role. A path may be included (audit/KeyHygiene).'
        ExternalId                  = 'The external id the role''s trust policy requires, if any.'
        RoleSessionName             = 'The role session name CloudTrail records for every call in the member accounts. Default: IamKeyHygiene.'
        DurationSeconds             = 'How long each role session lasts, 900 to 43200 seconds (the role''s maximum session duration applies; when the caller is itself a role session, AWS''s role-chaining cap of 3600 applies and more is a terminating InvalidDurationSeconds). Default: 3600. Sessions are renewed before they expire either way.'
    }
    Examples    = @(
        @{
            Title   = 'Every active account, with a role to reach it'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAudit -ProfileName org-management'
            Remarks = 'Lists the organization from the management account''s profile. No role is assumed until a cmdlet such as Get-StaleAccessKey uses an account.'
        }
        @{
            Title   = 'Scan one OU tree, without its development OU'
            Code    = 'Get-OrganizationAccount -OrganizationalUnitId ou-demo-workload1 -Recurse -ExcludeOrganizationalUnitId ou-demo-devenv001 -RoleName KeyHygieneAudit | Get-StaleAccessKey'
            Remarks = 'Every account under the Workloads OU and its sub-OUs except the sandbox OU and its sub-OUs, scanned for stale keys.'
        }
        @{
            Title   = 'The accounts a CSV file lists'
            Code    = 'Import-Csv ./accounts.csv | Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey'
            Remarks = 'The file''s AccountId column binds to -AccountId; the ids are resolved together in one listing. An id the organization does not hold is a non-terminating AccountNotFound error naming it, and the other accounts are returned.'
        }
        @{
            Title   = 'Accounts with their tags'
            Code    = 'Get-OrganizationAccount -IncludeTags | Where-Object { $_.Tags[''env''] -eq ''prod'' } | Format-List'
            Remarks = 'Tags cost one call per account, so they are read only when asked for.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.AccountContext' = 'AccountId, Name, Email, State, OrganizationalUnitPath, Tags (with -IncludeTags), RoleArn (empty for the caller''s own account). The role session it carries is internal.'
    }
    Notes       = 'Needs organizations:ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent and ListTagsForResource (with -IncludeTags), and sts:AssumeRole on the role in each account.'
}
