@{
    Synopsis    = 'Re-activates access keys the module disabled (the undo of Disable-StaleAccessKey) and holds them at Warn for -HoldDays, so the next run does not disable them again.'
    Links       = @(
        'Disable-StaleAccessKey'
        'Get-StaleAccessKey'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS IAM: UpdateAccessKey'; Uri = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html' }
        @{ Text = 'AWS IAM: quotas (50 tags per user, two access keys per user)'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html' }
    )
    Description = @'
Restore-AccessKey sets Inactive keys back to Active and returns one KeyActionResult per key, with Action Restore. It takes its keys in one of three ways: findings or KeyActionResults from the pipeline (any object with AccountId, UserName and AccessKeyId properties); one key by -AccountId, -UserName and -AccessKeyId (IAM names a key by its user: the audit log and every result carry the user's name); or every key one run disabled, by -RunId, read from the audit log at -AuditLogPath.

Only keys the module disabled are restored. The proof is the keyhygiene:<AccessKeyId> tag's disabled= pair, or, with -RunId, the run's outcome line Done for Disable (or a rotation's DeactivateOld) in the audit log: the audit log is proof even when the run could not write the tag (TagQuotaFull). Any other Inactive key was disabled by someone else, perhaps a security team after a compromise, and is refused: Blocked with reason DisabledElsewhere. -IncludeKeysDisabledElsewhere restores it anyway; the confirmation says so, and the result and audit outcome line carry reason DisabledElsewhere. An Active key is Skipped (AlreadyActive); a deleted key or user is Skipped (KeyNotFound). The access key the module signs with is never changed (Blocked, ModuleOwnKey).

A restored key's tag becomes restored=<now> hold-until=<now + -HoldDays>: the disabled= and seen-inactive= pairs go, since the key is no longer Inactive (a later disable starts a new recovery window), and a rotation's pairs are kept. Until hold-until, Get-StaleAccessKey judges the key Warn with reason Restored whatever its age or disuse, so the next daily run does not disable it again; after the hold it is judged as any other key. NextStage and NextStageDate say what it becomes and when. If the tag cannot be written (a user at IAM's 50-tag quota), the key is still restored, the result is Done with reason TagQuotaFull, and the message warns that no hold protects it. IAM allows two Active keys per user; a restore that leaves the user with two says so (SecondActiveKey) in the message.

Each key is re-read live right before the change (GetUser, ListAccessKeys, GetAccessKeyLastUsed, ListUserTags). Every key is confirmed (ConfirmImpact High); -Force skips the question only. An intent line is written to the audit log before each change and an outcome line after it. A restore is not counted by the circuit breaker. Findings are taken whatever their stage, policy hash or -AsOf: a restore acts on keys, not on judgements.
'@
    Parameters  = @{
        InputObject                  = 'Findings from Get-StaleAccessKey or results from Disable-StaleAccessKey, or any objects with AccountId, UserName and AccessKeyId properties (Import-Csv rows, ConvertFrom-Json output).'
        AccessKeyId                  = 'The key to restore, with -AccountId and -UserName.'
        UserName                     = 'The IAM user who owns -AccessKeyId.'
        AccountId                    = 'The 12-digit account of -UserName. Other than the caller''s own account, give -RoleName.'
        RunId                        = 'Restores every key this run set Inactive (Disable-StaleAccessKey, or a rotation''s DeactivateOld), as its outcome lines Done in the audit log at -AuditLogPath record. The RunId of any of the run''s results.'
        HoldDays                     = 'Days the judge keeps a restored key at Warn with reason Restored (1-90). Default: 7.'
        IncludeKeysDisabledElsewhere = 'Also restores Inactive keys the module did not disable (reason DisabledElsewhere in the result and audit log). Without it such keys are Blocked.'
        RoleName                     = 'The role to assume in each account the keys are in, other than the caller''s own (as Get-StaleAccessKey -AccountId -RoleName). Without it only keys in the caller''s own account are restored; the others fail with KeyActionFailed.'
        ExternalId                   = 'With -RoleName: the external id the role''s trust policy requires.'
        Policy                       = 'The policy the restored key is judged under for NextStage and NextStageDate: an object from New-KeyHygienePolicy or the path of a policy file. Default: the default policy.'
        ExemptionsPath               = 'A reviewed exemptions file (JSON), as Get-StaleAccessKey takes it.'
        OwnersPath                   = 'An owners file (JSON), as Get-StaleAccessKey takes it.'
        AuditLogPath                 = 'The audit log: with -RunId the run is read from it, and this run''s lines are appended to it. A local JSON-lines file or an s3://bucket/prefix URI. Default: IamKeyHygiene/audit/audit.jsonl under the local application data folder (docs/records.md).'
        ThrottleLimit                = 'Accounts acted in at the same time (1-64). Keys of one account are changed one after the other. Default: 8.'
        Force                        = 'Skips the confirmation of each key. It never skips a safety rail: a key disabled elsewhere still needs -IncludeKeysDisabledElsewhere.'
    }
    Examples    = @(
        @{
            Title   = 'Undo a whole run'
            Code    = @'
$run = Get-OrganizationAccount -RoleName KeyHygieneAdmin | Get-StaleAccessKey |
    Disable-StaleAccessKey -RoleName KeyHygieneAdmin -Force -AuditLogPath ./audit.jsonl
Restore-AccessKey -RunId $run[0].RunId -RoleName KeyHygieneAdmin -AuditLogPath ./audit.jsonl -Force
'@
            Remarks = 'Every key the run set Inactive comes back Active, held at Warn (Restored) for 7 days; keys whose tag the run could not write (TagQuotaFull) are restored too, on the audit log''s word.'
        }
        @{
            Title   = 'Restore one key in a member account for 30 days'
            Code    = 'Restore-AccessKey -AccountId 222222222222 -UserName build-bot -AccessKeyId AKIAIOSFODNN7BUILDBT -RoleName KeyHygieneAdmin -HoldDays 30'
            Remarks = 'The owner has 30 days to rotate the key before the policy may disable it again.'
        }
        @{
            Title   = 'Restore the keys one disable run returned, as a pipeline'
            Code    = 'Get-StaleAccessKey | Disable-StaleAccessKey -WhatIf:$false -Confirm:$false | Where-Object Outcome -eq Done | Restore-AccessKey -WhatIf'
            Remarks = 'Results bind by AccountId, UserName and AccessKeyId. -WhatIf shows what would be restored and changes nothing.'
        }
        @{
            Title   = 'Restore a key someone else disabled'
            Code    = 'Restore-AccessKey -AccountId 222222222222 -UserName alice -AccessKeyId AKIAI44QH8DHBEXAMPLE -RoleName KeyHygieneAdmin -IncludeKeysDisabledElsewhere'
            Remarks = 'Without the switch the key is Blocked (DisabledElsewhere): check first why it was disabled. With it, the confirmation names the switch and the audit line carries reason DisabledElsewhere.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.KeyActionResult' = 'RunId, AccountId, UserName, AccessKeyId, Action (Restore), Outcome (Done, WhatIf, Skipped, Blocked, Failed), Reason, Message, the Finding when one was given, NextStage and NextStageDate, Time.'
    }
    Notes       = 'Permissions in each account: iam:GetUser, iam:ListAccessKeys, iam:GetAccessKeyLastUsed, iam:ListUserTags, iam:UpdateAccessKey, iam:TagUser.'
}
