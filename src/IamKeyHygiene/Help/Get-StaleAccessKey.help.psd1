@{
    Synopsis    = 'Finds IAM user access keys that are too old or unused in each account, judges them by the policy, and says who owns them.'
    Links       = @(
        'Get-OrganizationAccount'
        'New-KeyHygienePolicy'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS: Manage access keys for IAM users'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html' }
        @{ Text = 'AWS: Generate credential reports'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html' }
        @{ Text = 'AWS Security Hub: IAM controls (IAM.3, IAM.4, IAM.8, IAM.22)'; Uri = 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html' }
    )
    Description = @'
Get-StaleAccessKey reads the IAM users and access keys of each account piped in from Get-OrganizationAccount or named by -AccountId (or, with none, of the caller's own account), judges every key by the policy and writes an AccessKeyFinding for every key that is not Healthy (every key with -IncludeHealthy).

How keys are read (-Source): Auto, the default, generates the account's IAM credential report (GenerateCredentialReport polled through STARTED and INPROGRESS), uses it to find the users that could have a finding, and reads ListAccessKeys and ListUserTags only for those, matching report slots to key ids by creation time: two to four calls for an account with no finding, whatever its size. An account whose report is older than -ReportMaxAge, or whose report cannot be made (GenerateCredentialReport refused past its retries), is read live instead. Live reads ListUsers, ListAccessKeys and GetAccessKeyLastUsed for every user and key, and still reads the credential report for the root user's keys (when the report cannot be had they are checked through GetAccountSummary, which tells presence only, and a warning says so). CredentialReport uses the report however old it is and fails an account whose report cannot be made. Both paths give the same verdicts on the same data. Each finding says where it came from (Source) and the report's generation time (ReportGeneratedAt).

Stages: Warn, Disable, Delete, Rotate (rotation policies), Exempt (ExemptFromStage says what it would have been), RootAccessKey (a root user key), ReadError (a user or key whose data could not be read in full: never judged "unused" and never acted on; AccessKeyId is empty when the keys could not be listed), and Healthy. Reasons say why (TooOld, Unused, NeverUsed, SecondActiveKey, ExemptionExpired…). NextStage and NextStageDate say what comes next and when. Stage is a string; Urgency is a number for sorting, most urgent highest (RootAccessKey, ReadError, Disable, Delete, Rotate, Warn, NewKey, Exempt, Healthy), so Sort-Object Urgency -Descending puts what needs a person first.

Owners come from the user's tags (the policy's owner tag keys, default owner, email, slack-id), else the user name when it is an e-mail address, else the owners file; unowned findings keep the account's e-mail for escalation. Exemptions come from the reviewed exemptions file and the keyhygiene:exempt user tag. Tags are read only for users with a finding, unless the policy has a rule scoped by a user tag: then the tags of every user with a key are read (one more call per such user).

Accounts are read -ThrottleLimit at a time, while the roles and credential reports of the accounts to come are prepared ahead (see -ThrottleLimit); findings are written as each account completes, and Write-Progress shows accounts done of the total. Piped from Get-OrganizationAccount, the scan starts on the first accounts while the organization is still being listed. A credential report AWS refuses (LimitExceeded) or throttles on every try costs an account at most 30 seconds before -Source Auto reads it live; after three accounts in a row are refused, the rest are read live without asking for one (one warning says so). An account that cannot be read is a non-terminating error (AssumeRoleFailed when its role cannot be assumed, AccountScanFailed when its user list or report cannot be read) with the account id as target; the other accounts go on. Credentials AWS rejects when they are the caller's own (the caller's account without input, or an AssumeRole into a member account) stop the scan with a terminating CredentialsRejected: every other account would fail the same way. Ctrl+C cancels the calls in flight.

The policy, exemptions and owners files are read and validated before any AWS call: a malformed file, an unknown field or a bad threshold is a terminating error (InvalidPolicy) naming the file, line and field. The module's clock can be moved for simulation with the IAMKEYHYGIENE_CLOCK_OFFSET environment variable (days, fractional allowed), read when the cmdlet starts (a value that is not a number of days is a terminating InvalidClockOffset); EvaluatedAt shows the instant used. See about_IamKeyHygiene_Errors.
'@
    Parameters  = @{
        Account         = 'Accounts from Get-OrganizationAccount (pipeline input). Without any, the caller''s own account is scanned with the caller''s credentials. Default: the caller''s own account.'
        AccountId       = 'Account ids (12 digits) to scan instead of -Account: strings from the pipeline (''333333333301'' | Get-StaleAccessKey -RoleName ...) or objects with an AccountId property (Import-Csv rows). They are collected and resolved together through the organization, as Get-OrganizationAccount -AccountId does (one listing whatever their number): an id the organization does not hold is a non-terminating AccountNotFound with the id as target, a SUSPENDED account named here is skipped with a warning saying why, and the others are scanned.'
        RoleName        = 'With -AccountId: the IAM role to assume in every account other than the caller''s (as Get-OrganizationAccount -RoleName). For a session length or session name of your own, use Get-OrganizationAccount -AccountId and pipe its accounts in.'
        ExternalId      = 'With -AccountId: the external id the role''s trust policy requires, if any.'
        Policy          = 'A policy from New-KeyHygienePolicy, or the path of a policy JSON file. Default: 80-day warning, disable at 90, delete Inactive keys at 150, unused warning at 45 and disable at 90 days.'
        ExemptionsPath  = 'A reviewed exemptions file (JSON array of { accountId | userArn | accessKeyId, reason, approver, expires }).'
        OwnersPath      = 'An owners file (JSON array of { match: account id | user ARN | user path prefix | access key id, owner: { email, slackId, name } }).'
        IncludeHealthy  = 'Also write Healthy keys (costs the tags and key ids of every user with a key). An inventory read from a credential report is as of the report''s ReportGeneratedAt, completed by ListUsers (one call per 100 users): users created after the report, or deleted and created again since, are read live (their findings say Source Live). With -Source Live the inventory is as of now.'
        AsOf            = 'Preview a later day: keys are judged at the later of -AsOf and the module''s clock, so NextStageDate and ages are computed as a run on that day would compute them. An -AsOf up to 24 hours before the clock (Get-Date, today''s date) is simply now; one further back is a terminating InvalidAsOf error (the keys'' past cannot be read back), which names IAMKEYHYGIENE_CLOCK_OFFSET when that variable moves the clock. Default: now (the module''s clock).'
        Source          = 'Auto (credential report triage; live when the report is too old or cannot be made), CredentialReport, or Live. Default: Auto. A report row that cannot be read (user names and paths may hold commas, quoted or not) costs only its user, who is read live; the account''s other findings stand. A report-based inventory is as of the report''s ReportGeneratedAt; Live is as of now.'
        ReportMaxAge    = 'Under -Source Auto, an account whose credential report is older than this is read live. A duration with its unit: ''4h'', ''30m'', ''1d'', ''1h30m'', ''04:00:00'' or a TimeSpan (New-TimeSpan -Hours 4). A bare number has no unit and is refused (PowerShell would read 4 as four ticks), and so is anything under one minute (InvalidReportMaxAge). AWS makes a new report only when the last is older than 4 hours. Default: 4h.'
        ThrottleLimit   = 'How many accounts are read at the same time, 1 to 256. Default: 32. Ahead of the reads, a second pool of at most four times this many calls at once assumes each account''s role and starts its credential report as soon as the account arrives; reports are read as they complete. Waiting for a report to be generated holds no place in either pool; at most sixty-four times this many accounts are started and not done at once (memory).'
    }
    Examples    = @(
        @{
            Title   = 'Every stale key in the organization'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey | Format-Table'
            Remarks = 'Findings only, in completion order, with progress while the accounts are read.'
        }
        @{
            Title   = 'The accounts a CSV file lists'
            Code    = 'Import-Csv ./accounts.csv | Get-StaleAccessKey -RoleName KeyHygieneAudit'
            Remarks = 'The file''s AccountId column binds to -AccountId. The ids are resolved together in one read of the organization; an id it does not hold is a non-terminating AccountNotFound error and the other accounts are scanned.'
        }
        @{
            Title   = 'The summary of a scan, and the warnings that tell a clean result from a scan that read nothing'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey -ExemptionsPath ./exemptions.json -InformationVariable info | Export-Csv keys.csv; ($info | Where-Object Tags -contains Summary).MessageData'
            Remarks = 'Every scan ends with a summary (IamKeyHygiene.ScanSummary) on the Information stream, tagged IamKeyHygiene and Summary, and as a -Verbose line: AccountsScanned, AccountsFailed and FailedAccountIds, KeysRead (report rows or keys listed, root keys included), Findings and FindingsByStage, ExemptionsUnused, ExemptionsNotChecked and Duration. A scan that read no account, or read accounts without any access key, also writes a warning, so a clean result and a scan that read nothing look different. Warnings name exemptions that do nothing: an exemptions-file entry that has already ended at the module clock (its file and line, when the scan starts; New-KeyHygienePolicy warns too when it loads the file), a keyhygiene:exempt tag that has ended (its account and user, when the tag is read), and, at the end of the scan, an entry in force that matched no key although its account was read in full (no failure, no ReadError). Entries for accounts outside the scan (-AccountId, an OU, an account that failed) and entries naming an access key id (which names no account) are only counted, in ExemptionsNotChecked. An exemption''s end is shown as written: "until 2027-12-31, end of day UTC" for a date; Expires keeps the instant it ends.'
        }
        @{
            Title   = 'What the run two weeks from now will disable'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey -AsOf (Get-Date).AddDays(14) -ExemptionsPath ./exemptions.json | Where-Object Stage -eq Disable'
            Remarks = 'Judges every key as of 14 days ahead with the reviewed exemptions applied.'
        }
        @{
            Title   = 'What needs a person first'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey | Sort-Object Urgency -Descending | Format-Table'
            Remarks = 'Root access keys and read errors first, then keys about to be disabled, deleted or rotated, then warnings.'
        }
        @{
            Title   = 'The caller''s own account, read live'
            Code    = 'Get-StaleAccessKey -Source Live -IncludeHealthy -ProfileName dev | Format-List'
            Remarks = 'Without pipeline input the caller''s account is scanned. Live reads every key''s last use with GetAccessKeyLastUsed.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.AccessKeyFinding' = 'AccountId, AccountName, AccountEmail, UserName, UserArn, UserPath, AccessKeyId, Status, CreateDate, AgeDays, LastUsedDate, LastUsedService, LastUsedRegion, DaysSinceLastUse, Stage, Reasons, NextStage, NextStageDate, Owner, Exemption, ExemptFromStage, Source, ReportGeneratedAt, EvaluatedAt, Notes, Urgency. No secret.'
    }
    Notes       = 'Needs iam:GenerateCredentialReport, GetCredentialReport, ListUsers, ListAccessKeys, GetAccessKeyLastUsed, ListUserTags and GetAccountSummary in each account (read-only). An account read without a credential report (it cannot be made or read) has its root user keys checked through GetAccountSummary (AccountAccessKeysPresent), which tells presence only: that RootAccessKey finding has Source AccountSummary and no key id, status or dates. When neither source answers, one ReadError finding for <root_account> names both errors.'
}
