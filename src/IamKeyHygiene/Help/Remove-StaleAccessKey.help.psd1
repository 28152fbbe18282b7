@{
    Synopsis    = 'Deletes Inactive access keys whose stage is Delete (the recovery window has passed), after re-reading and re-judging each one live; never deletes an Active key.'
    Links       = @(
        'Get-StaleAccessKey'
        'Disable-StaleAccessKey'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS IAM: DeleteAccessKey'; Uri = 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html' }
        @{ Text = 'AWS IAM: managing access keys'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html' }
    )
    Description = @'
Remove-StaleAccessKey takes findings (from Get-StaleAccessKey, or objects with their properties) and returns one KeyActionResult per key. It deletes Inactive keys whose stage is Delete: past the policy's delete age, and one recovery window after the module disabled the key or first saw it Inactive (the disabled= or seen-inactive= pair of the keyhygiene:<AccessKeyId> user tag).

An Inactive key past its delete age that carries no such tag (reason AwaitingSeenInactiveTag) is tagged seen-inactive=<time> instead: Action TagSeenInactive, Outcome Deferred; a later run deletes it once the recovery window has passed. If the tag cannot be written (the user holds IAM's 50 tags) the key is Blocked with reason TagQuotaFull and is never deleted.

It never deletes an Active key, whatever the input says: the key is re-read right before the change, and an Active key is Blocked with reason KeyActive. As in Disable-StaleAccessKey, every other stage passes through as Skipped with the stage as reason; previews (PreviewFinding), findings of another policy (PolicyChanged) and the module's own key (ModuleOwnKey) are never acted on; each key is re-judged live at the module's clock (StageChanged, Exempted, KeyNotFound, ReadError when it no longer warrants the deletion); more deletions than the policy's MaxDeletePerRun (25) stop the run before the first change (CircuitBreakerTripped) unless -MaxDelete allows them; each key is confirmed (ConfirmImpact High; -Force skips the question only); and every decision is written to the audit log. A deleted key cannot be restored.
'@
    Parameters  = @{
        InputObject    = 'Findings from Get-StaleAccessKey, or objects with their properties by name: AccountId, UserName, AccessKeyId, Stage, Reasons, PolicyHash, IsPreview, EvaluatedAt.'
        RoleName       = 'The role to assume in each account the findings name, other than the caller''s own. Without it only keys in the caller''s own account are acted on.'
        ExternalId     = 'With -RoleName: the external id the role''s trust policy requires.'
        Policy         = 'The policy the findings were judged under (object or path); each key is re-judged under it, and findings with another PolicyHash are skipped (PolicyChanged). Default: the default policy.'
        ExemptionsPath = 'A reviewed exemptions file (JSON); part of the policy and its hash.'
        OwnersPath     = 'An owners file (JSON); part of the policy and its hash.'
        AuditLogPath   = 'Where the audit log goes: a local JSON-lines file (appended, flushed per line) or an s3://bucket/prefix URI (one part object per line). Default: IamKeyHygiene/audit/audit.jsonl under the local application data folder (docs/records.md).'
        ThrottleLimit  = 'Accounts acted in at the same time (1-64). Default: 8.'
        Force          = 'Skips the confirmation of each key; never a safety rail.'
        MaxDelete      = 'The most keys this run may delete: the explicit override of the circuit breaker. Default: the policy''s MaxDeletePerRun (25).'
    }
    Examples    = @(
        @{
            Title   = 'See which keys a run would delete'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAdmin | Get-StaleAccessKey | Remove-StaleAccessKey -RoleName KeyHygieneAdmin -WhatIf'
            Remarks = 'Keys at stage Delete come back with Outcome WhatIf; keys awaiting their seen-inactive tag with Action TagSeenInactive; everything else Skipped with the reason.'
        }
        @{
            Title   = 'The daily run: disable, then delete what is due'
            Code    = @'
$findings = Get-OrganizationAccount -RoleName KeyHygieneAdmin | Get-StaleAccessKey -Policy ./policy.json
$findings | Disable-StaleAccessKey -RoleName KeyHygieneAdmin -Policy ./policy.json -Force
$findings | Remove-StaleAccessKey -RoleName KeyHygieneAdmin -Policy ./policy.json -Force
'@
            Remarks = 'Each cmdlet takes the findings it acts on and passes the rest through as Skipped; keys disabled today are deleted on a later day, after the recovery window.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.KeyActionResult' = 'RunId, AccountId, UserName, AccessKeyId, Action (Delete, TagSeenInactive or None), Outcome, Reason, Message, the Finding acted on, NextStage and NextStageDate, Time.'
    }
    Notes       = 'Permissions in each account: iam:GetUser, iam:ListAccessKeys, iam:GetAccessKeyLastUsed, iam:ListUserTags, iam:DeleteAccessKey, iam:TagUser.'
}
