@{
    Synopsis    = 'Finds IAM user access keys that are too old or unused in each account, judges them by the policy, and says who owns them.'
    Description = @'
Get-StaleAccessKey reads the IAM users and access keys of each account piped in from Get-OrganizationAccount (or, with none, of the caller''s own account), judges every key by the policy and writes an AccessKeyFinding for every key that is not Healthy (every key with -IncludeHealthy).

How keys are read (-Source): Auto, the default, generates the account''s IAM credential report (GenerateCredentialReport polled through STARTED and INPROGRESS), uses it to find the users that could have a finding, and reads ListAccessKeys and ListUserTags only for those, matching report slots to key ids by creation time: two to four calls for an account with no finding, whatever its size. An account whose report is older than -ReportMaxAge, or whose report cannot be made (GenerateCredentialReport refused past its retries), is read live instead. Live reads ListUsers, ListAccessKeys and GetAccessKeyLastUsed for every user and key, and still reads the credential report for the root user''s keys (it is their only source; when the report cannot be had a warning says root keys were not checked). CredentialReport uses the report however old it is and fails an account whose report cannot be made. Both paths give the same verdicts on the same data. Each finding says where it came from (Source) and the report''s generation time (ReportGeneratedAt).

Stages: Warn, Disable, Delete, Rotate (rotation policies), Exempt (ExemptFromStage says what it would have been), RootAccessKey (a root user key), ReadError (a user or key whose data could not be read in full: never judged "unused" and never acted on; AccessKeyId is empty when the keys could not be listed), and Healthy. Reasons say why (TooOld, Unused, NeverUsed, SecondActiveKey, ExemptionExpired…). NextStage and NextStageDate say what comes next and when. Stage is a string; Urgency is a number for sorting, most urgent highest (RootAccessKey, ReadError, Disable, Delete, Rotate, Warn, NewKey, Exempt, Healthy), so Sort-Object Urgency -Descending puts what needs a person first.

Owners come from the user''s tags (the policy''s owner tag keys, default owner, email, slack-id), else the user name when it is an e-mail address, else the owners file; unowned findings keep the account''s e-mail for escalation. Exemptions come from the reviewed exemptions file and the keyhygiene:exempt user tag. Tags are read only for users with a finding, unless the policy has a rule scoped by a user tag: then the tags of every user with a key are read (one more call per such user).

Accounts are read -ThrottleLimit at a time, while the roles and credential reports of the accounts to come are prepared ahead (see -ThrottleLimit); findings are written as each account completes, and Write-Progress shows accounts done of the total. Piped from Get-OrganizationAccount, the scan starts on the first accounts while the organization is still being listed. A credential report AWS refuses (LimitExceeded) or throttles on every try costs an account at most 30 seconds before -Source Auto reads it live; after three accounts in a row are refused, the rest are read live without asking for one (one warning says so). An account that cannot be read is a non-terminating error (AssumeRoleFailed when its role cannot be assumed, AccountScanFailed when its user list or report cannot be read) with the account id as target; the other accounts go on. Credentials AWS rejects when they are the caller's own (the caller's account without input, or an AssumeRole into a member account) stop the scan with a terminating CredentialsRejected: every other account would fail the same way. Ctrl+C cancels the calls in flight.

The policy, exemptions and owners files are read and validated before any AWS call: a malformed file, an unknown field or a bad threshold is a terminating error (InvalidPolicy) naming the file, line and field. The module''s clock can be moved for simulation with the IAMKEYHYGIENE_CLOCK_OFFSET environment variable (days, fractional allowed), read when the cmdlet starts (a value that is not a number of days is a terminating InvalidClockOffset); EvaluatedAt shows the instant used. See about_IamKeyHygiene_Errors.
'@
    Parameters  = @{
        Account         = 'Accounts from Get-OrganizationAccount (pipeline input). Without any, the caller''s own account is scanned with the caller''s credentials.'
        Policy          = 'A policy from New-KeyHygienePolicy, or the path of a policy JSON file. Default: 80-day warning, disable at 90, delete Inactive keys at 150, unused warning at 45 and disable at 90 days.'
        ExemptionsPath  = 'A reviewed exemptions file (JSON array of { accountId | userArn | accessKeyId, reason, approver, expires }).'
        OwnersPath      = 'An owners file (JSON array of { match: account id | user ARN | user path prefix | access key id, owner: { email, slackId, name } }).'
        IncludeHealthy  = 'Also write Healthy keys (costs the tags and key ids of every user with a key).'
        AsOf            = 'Judge the keys as of this date and time instead of now: a preview of what a later run would do. NextStageDate and ages are computed at that instant.'
        Source          = 'Auto (credential report triage; live when the report is too old or cannot be made), CredentialReport, or Live. Default: Auto.'
        ReportMaxAge    = 'Under -Source Auto, an account whose credential report is older than this is read live. AWS makes a new report only when the last is older than 4 hours. Default: 4 hours.'
        ThrottleLimit   = 'How many accounts are read at the same time, 1 to 256. Default: 32. Ahead of the reads, a second pool of at most four times this many calls at once assumes each account''s role and starts its credential report as soon as the account arrives; reports are read as they complete. Waiting for a report to be generated holds no place in either pool; at most sixteen times this many accounts are started and not done at once (memory).'
    }
    Examples    = @(
        @{
            Title   = 'Every stale key in the organization'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey | Format-Table'
            Remarks = 'Findings only, in completion order, with progress while the accounts are read.'
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
    Notes       = 'Needs iam:GenerateCredentialReport, GetCredentialReport, ListUsers, ListAccessKeys, GetAccessKeyLastUsed and ListUserTags in each account (read-only).'
}
