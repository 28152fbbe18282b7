@{
    Synopsis    = 'The scheduled run in one cmdlet: enumerate the organization, judge every access key, act on each by its rule (disable, delete or rotate), tell the owners, write the audit log and run history, and return one run summary.'
    Links       = @(
        'Get-OrganizationAccount'
        'Get-StaleAccessKey'
        'Disable-StaleAccessKey'
        'Remove-StaleAccessKey'
        'Invoke-AccessKeyRotation'
        'Send-KeyOwnerNotice'
        'Export-KeyHygieneReport'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS Security Hub: IAM controls (IAM.3, IAM.8, IAM.22)'; Uri = 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html' }
        @{ Text = 'AWS Prescriptive Guidance: rotate IAM user access keys at scale'; Uri = 'https://docs.aws.amazon.com/prescriptive-guidance/latest/patterns/automatically-rotate-iam-user-access-keys-at-scale-with-aws-organizations-and-aws-secrets-manager.html' }
    )
    Description = @'
Invoke-KeyHygiene runs the whole guardrail in the order enumerate, judge, act, notify, records, through the same engine paths as the single cmdlets: the accounts as Get-OrganizationAccount lists them (with -RoleName, every ACTIVE account of the organization, or those under -OrganizationalUnitId or named by -AccountId; without -RoleName and a selection, the caller's own account), every key judged as Get-StaleAccessKey judges it, each finding given to one action run that does what the key's effective rule asks (DisableDelete: Disable-StaleAccessKey, Remove-StaleAccessKey; Rotate: Invoke-AccessKeyRotation), the owners told once each as Send-KeyOwnerNotice tells them, and the run's audit lines and run history line written.

The policy's mode (or -Mode) says how far the run goes. Audit (the default) makes every read, including the live re-read and re-judge of each key an action would change, and sends and changes nothing: it is the -WhatIf path, and its results are counted as WhatIf. Notify sends the notices and changes no key: the first weeks of a rollout. Enforce acts and sends.

Before the first change the circuit breaker counts what the run would disable and delete: more than the policy's MaxDisablePerRun or MaxDeletePerRun (25 each), or more than MaxDisablePercent (10) percent of the active keys inventoried once at least MaxDisablePercentMinKeys (50) were seen, stops an Enforce run before any change; the warn notices and the summary (with the trip) still go out, the summary is written, and the cmdlet ends with the terminating error CircuitBreakerTripped. -MaxDisable and -MaxDelete raise the caps for one run (-MaxDisable also lifts the percent rule); -Force never does. In Audit and Notify mode and under -WhatIf a trip is only reported: BreakerTrip.Outcome is BreakerWouldTrip, with its counts.

The key the module signs with, and the IAM key behind the SES SMTP credentials given with -SmtpCredential or read from SSM Parameter Store (its user name is that key's id), are never disabled, deleted or rotated: their results are Blocked with reason ModuleOwnKey.

One failing account is a non-terminating error with a stable id (AssumeRoleFailed, AccountScanFailed, AccountNotFound, KeyActionFailed) and the other accounts go on; the summary lists every error per account. With -FailOnError the run ends with HygieneRunFailed after writing the summary when any account failed, so a scheduler marks the job failed. Progress is written for each phase; Ctrl+C stops promptly.

A runbook never prompts: the changes are ConfirmImpact High, so give -Force (skips the confirmation only) or -Confirm:$false in Enforce mode.
'@
    Parameters  = @{}
    Examples    = @(
        @{
            Title   = 'Audit the whole organization (the default mode): every read, nothing sent or changed'
            Code    = @'
$summary = Invoke-KeyHygiene -Policy ./policy.json -RoleName KeyHygieneAudit
$summary.Stages
$summary.BreakerTrip
'@
            Remarks = 'The summary counts keys per stage and what the run would have done (outcome WhatIf). A BreakerTrip with Outcome BreakerWouldTrip says an Enforce run would stop before its first change.'
        }
        @{
            Title   = 'A daily Enforce run: Slack notices, records on S3, a failed job when an account failed'
            Code    = @'
$token = Read-Host -AsSecureString 'Slack bot token'
Invoke-KeyHygiene -Policy ./policy.json -Mode Enforce -RoleName KeyHygieneAdmin -Force `
    -SlackToken $token -SummaryChannel '#iam-key-hygiene' `
    -AuditLogPath s3://key-hygiene-records/prod -RunHistoryPath s3://key-hygiene-records/prod -FailOnError
'@
            Remarks = 'Keys are disabled, deleted or rotated by their rule; each owner gets one Slack message; the audit log and the run history go to S3 part objects. The summary is written first; then HygieneRunFailed ends the job when any account failed.'
        }
        @{
            Title   = 'The first weeks of a rollout: notices only, for one OU'
            Code    = 'Invoke-KeyHygiene -Policy ./policy.json -Mode Notify -OrganizationalUnitId ou-demo-workload1 -Recurse -RoleName KeyHygieneAudit -SmtpServer email-smtp.us-east-1.amazonaws.com -From iam-hygiene@example.com -SmtpUserNameParameter /keyhygiene/ses-user -SmtpPasswordParameter /keyhygiene/ses-password'
            Remarks = 'Owners are told what will happen and when; no key is changed. The IAM key behind the SES SMTP credentials is never acted on (ModuleOwnKey).'
        }
        @{
            Title   = 'Past one machine: shards that read and judge, one merge that acts'
            Code    = @'
# One execution per shard, anywhere (SSM Automation, Azure Automation child jobs), all writing under one prefix:
Invoke-KeyHygiene -Policy ./policy.json -RoleName KeyHygieneAudit -OrganizationalUnitId r-demo -ShardFindingsPath s3://key-hygiene-records/prod
foreach ($ou in 'ou-demo-security1', 'ou-demo-workload1', 'ou-demo-sandbox01', 'ou-demo-suspend01') {
    Invoke-KeyHygiene -Policy ./policy.json -RoleName KeyHygieneAudit -OrganizationalUnitId $ou -Recurse -ShardFindingsPath s3://key-hygiene-records/prod
}
# Then once, after every shard has finished:
Invoke-KeyHygiene -Policy ./policy.json -RoleName KeyHygieneAdmin -MergeFindingsPath s3://key-hygiene-records/prod -RunHistoryPath s3://key-hygiene-records/prod
'@
            Remarks = 'The shards are the accounts directly under the root (-OrganizationalUnitId with the root id r-..., without -Recurse) and each top-level OU with -Recurse. Each writes findings/<date>/<runId>.jsonl; the merge takes each account from the one shard that read it, applies the circuit breaker to the whole organization, acts, tells each owner once and writes one history line. samples/runbooks holds the SSM Automation and Azure Automation documents that fan this out.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.HygieneRunSummary' = 'RunId, Mode, WhatIf, Start, End, Duration, AccountsEnumerated, AccountsScanned, AccountsFailed, FailedAccountIds, KeysRead, ActiveKeys, Stages (keys per stage), Outcomes (actions per outcome), KeysActedOn, NoticesSent, NoticesFailed, NoticesWhatIf, Errors (AccountId, ErrorId, Message), Accounts (per account: Stages, Outcomes, Error), BreakerTrip (null, or WouldDisable, MaxDisable, WouldDelete, MaxDelete, ActiveKeys, MaxDisableByPercent, Enforced, Outcome, Message), AuditLogPath, RunHistoryPath, ShardFindingsPath (a shard execution''s findings file).'
    }
    Notes       = 'Permissions: those of Get-OrganizationAccount and Get-StaleAccessKey in Audit mode; in Enforce mode also those of Disable-StaleAccessKey, Remove-StaleAccessKey and, for Rotate rules, Invoke-AccessKeyRotation; those of Send-KeyOwnerNotice for its channels; s3:PutObject for s3:// records.'
}
