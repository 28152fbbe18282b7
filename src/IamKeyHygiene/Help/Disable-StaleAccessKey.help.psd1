@{
    Synopsis    = 'Sets access keys whose stage is Disable to Inactive, after re-reading and re-judging each one live, and records the date in the module''s user tag.'
    Links       = @(
        'Get-StaleAccessKey'
        'Remove-StaleAccessKey'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS IAM: UpdateAccessKey'; Uri = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html' }
        @{ Text = 'AWS Security Hub IAM.3: access keys rotated every 90 days'; Uri = 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-3' }
        @{ Text = 'AWS IAM: quotas (50 tags per user)'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html' }
    )
    Description = @'
Disable-StaleAccessKey takes findings (from Get-StaleAccessKey, or any objects with their properties, such as Import-Csv rows or ConvertFrom-Json output) and returns one KeyActionResult per key. It collects all its input first, then decides before the first change.

Only keys whose stage is Disable are acted on. Every other finding passes through as Skipped with its stage as the reason (Warn, Exempt, ReadError, RootAccessKey...). A key whose effective rule action is Rotate is Skipped with reason RotationManaged: only Invoke-AccessKeyRotation acts on it. A finding made with -AsOf is Skipped (PreviewFinding); a finding judged under another policy than -Policy (its PolicyHash differs) is Skipped (PolicyChanged); the access key the module signs with is never changed (Blocked, ModuleOwnKey).

The circuit breaker then counts the keys to disable: more than the policy's MaxDisablePerRun (25) stops the run with the terminating error CircuitBreakerTripped, naming the counts, before anything changes. -MaxDisable raises the cap for one run; -Force never does. Under -WhatIf a trip is a warning and the results say BreakerWouldTrip.

Each key is then confirmed (ConfirmImpact High; -Force skips the question only), and the approved keys are changed, -ThrottleLimit accounts at a time. Right before each change the key's user is re-read live (GetUser, ListAccessKeys, GetAccessKeyLastUsed for each key, ListUserTags) and judged again at the module's clock, never at the finding's EvaluatedAt. If it no longer warrants a disable, nothing changes and the result says why: UsedSinceScan, StageChanged, Exempted, AlreadyInactive, KeyNotFound, or ReadError (a read that failed never counts as "unused").

A key disabled is tagged keyhygiene:<AccessKeyId> = disabled=<time> on its user (other pairs of that tag are kept). When the user already holds IAM's 50 tags the disable still stands: the result is Done with reason TagQuotaFull, and the audit log is the record. IAM's last-use data lags real use by up to hours, so a key used just before the run may look unused and be disabled: Restore-AccessKey undoes a disable, and every Done result says so.

Every decision is written to the audit log (-AuditLogPath): an intent line before each change and an outcome line after it; a key passed through gets one outcome line. Every result and audit line carries the run's id (RunId, a GUID). A key that fails (its account cannot be reached, AWS refuses the change) is a non-terminating KeyActionFailed error naming the account, user and key, and a result with Outcome Failed; the other keys go on. While IAMKEYHYGIENE_CLOCK_OFFSET is set, the cmdlet refuses to run (ClockOffsetInEffect) unless every endpoint is on loopback.
'@
    Parameters  = @{
        InputObject    = 'Findings from Get-StaleAccessKey, or objects with their properties by name: AccountId, UserName, AccessKeyId, Stage, Reasons, LastUsedDate, PolicyHash, IsPreview, EvaluatedAt.'
        RoleName       = 'The role to assume in each account the findings name, other than the caller''s own (as Get-StaleAccessKey -AccountId -RoleName). Without it only keys in the caller''s own account are acted on; the others fail with KeyActionFailed.'
        ExternalId     = 'With -RoleName: the external id the role''s trust policy requires.'
        Policy         = 'The policy the findings were judged under: an object from New-KeyHygienePolicy or the path of a policy file. Each key is re-judged under it, and findings with another PolicyHash are skipped (PolicyChanged). Default: the default policy.'
        ExemptionsPath = 'A reviewed exemptions file (JSON), as Get-StaleAccessKey takes it; part of the policy and its hash.'
        OwnersPath     = 'An owners file (JSON), as Get-StaleAccessKey takes it; part of the policy and its hash.'
        AuditLogPath   = 'Where the audit log goes: a local JSON-lines file (appended, flushed per line) or an s3://bucket/prefix URI (one part object per line). Default: IamKeyHygiene/audit/audit.jsonl under the local application data folder (docs/records.md).'
        ThrottleLimit  = 'Accounts acted in at the same time (1-64). Keys of one account are changed one after the other. Default: 8.'
        Force          = 'Skips the confirmation of each key. It never skips a safety rail: not the re-judge, not the circuit breaker, not ModuleOwnKey.'
        MaxDisable     = 'The most keys this run may disable: the explicit override of the circuit breaker. Default: the policy''s MaxDisablePerRun (25).'
    }
    Examples    = @(
        @{
            Title   = 'See what a run would disable across the organization'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAdmin | Get-StaleAccessKey | Disable-StaleAccessKey -RoleName KeyHygieneAdmin -WhatIf'
            Remarks = 'Every finding comes back as a KeyActionResult: Outcome WhatIf for keys that would be disabled, Skipped with the reason for the others. Each key is still re-read and re-judged live (read-only), so the preview says what a real run would do now. A circuit-breaker trip is a warning here, and the results say BreakerWouldTrip.'
        }
        @{
            Title   = 'Disable without a question per key, in an unattended runbook'
            Code    = @'
$results = Get-OrganizationAccount -RoleName KeyHygieneAdmin |
    Get-StaleAccessKey -Policy ./policy.json |
    Disable-StaleAccessKey -RoleName KeyHygieneAdmin -Policy ./policy.json -Force -AuditLogPath ./audit.jsonl
$results | Group-Object Outcome, Reason -NoElement
'@
            Remarks = '-Force skips the confirmations only. The same policy is given to both cmdlets, so the findings'' PolicyHash matches.'
        }
        @{
            Title   = 'Act on findings reviewed in a CSV file'
            Code    = 'Import-Csv ./reviewed-findings.csv | Disable-StaleAccessKey -RoleName KeyHygieneAdmin -MaxDisable 60'
            Remarks = 'Rows bind by property name. The first day of a policy may find more keys than the breaker''s 25; -MaxDisable 60 lets this one run disable up to 60.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.KeyActionResult' = 'RunId, AccountId, UserName, AccessKeyId, Action, Outcome (Done, WhatIf, Skipped, Blocked, Deferred, Failed), Reason, Message, the Finding acted on, NextStage and NextStageDate, Time.'
    }
    Notes       = 'Permissions in each account: iam:GetUser, iam:ListAccessKeys, iam:GetAccessKeyLastUsed, iam:ListUserTags, iam:UpdateAccessKey, iam:TagUser.'
}
