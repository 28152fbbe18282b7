@{
    Synopsis    = 'Rotates IAM users'' access keys found by Get-StaleAccessKey under a Rotate policy (new key stored in Secrets Manager), or with -Self the key of your own profile.'
    Links       = @(
        'Get-StaleAccessKey'
        'Get-KeyHygieneIdentity'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS IAM: rotating access keys'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console' }
        @{ Text = 'AWS Secrets Manager: access a secret from another account'; Uri = 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html' }
        @{ Text = 'AWS STS: GetSessionToken'; Uri = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html' }
        @{ Text = 'AWS CLI: configuration and credential file settings'; Uri = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html' }
    )
    Description = @'
Invoke-AccessKeyRotation (default parameter set) takes findings from Get-StaleAccessKey judged under a policy whose action is Rotate (rotateAgeDays 90, rotationDeactivateDays 100, rotationDeleteDays 110 by default; docs/policy.md) and, right before each change, re-reads and re-judges the key live, then acts on its stage: Rotate makes a successor, Disable deactivates the old key once its successor exists, Delete deletes the Inactive old key after the recovery window. Every other finding passes through as Skipped with its stage or reason. The steps of a rotation: the old key's tag keyhygiene:<AccessKeyId> becomes 'rotating since=<time> run=<runId>'; CreateAccessKey is sent once; the tag becomes 'rotating-to=<new key id> since=<time>'; the new key is stored as JSON {AccessKeyId, SecretAccessKey} in the Secrets Manager secret named by -SecretNameFormat (default iam-user/{AccountId}/{UserName}) in the key's own account (through -RoleName) or in -SecretAccountId (through -SecretRoleName, encrypted with -KmsKeyId, which is then required), with a resource policy letting the key's own user (and -SecretReaderArn) call GetSecretValue; finally GetSecretValue signed with the new key itself, retried for up to -VerifyTimeoutSeconds (30) while IAM propagates it, proves both the key and the user's access. A later run deactivates the old key at the deactivate age only if it was not used after its successor was made (else Blocked, OldKeyStillInUse), and deletes it at the delete age once Inactive. A user with two keys is Blocked (TwoKeysAlready), and so is a second run rotating the same user (IAM's two-key quota refuses its CreateAccessKey). A run stopped at any call converges when run again: a key made after the recorded 'rotating since', never used and held by no secret version is deactivated and deleted; one a secret holds is adopted as the successor; no third key is attempted (docs/rotation.md). The result's NewAccessKeyId and SecretArn name the successor and its secret; -PassThru also returns the new secret, only as a SecureString.

Invoke-AccessKeyRotation -Self rotates the long-term access key of one profile in the shared credentials file (-ProfileName, -ProfileLocation; without them the profile AWS Tools' order lands on, such as default). Any other credential source (-AccessKey, -Credential, AWS_ACCESS_KEY_ID, a role, SSO or credential_process profile, a session token) is a terminating SelfRotationCredentialSource error: there is no key of yours in a file to rewrite.

The steps, in order: IAM GetUser with the old key says whose key it is; the user's keys and tags are read; the old key's tag keyhygiene:<AccessKeyId> is set to 'rotating since=<time> run=<runId>'; CreateAccessKey is sent once (never retried blindly: after an ambiguous failure the keys are listed again and a key that appeared without its secret is deactivated and deleted); the tag becomes 'rotating-to=<new key id>'; the new key is verified with STS GetCallerIdentity signed by it, retried for up to 30 seconds while IAM propagates it; the credentials file is backed up beside itself as credentials.bak-<UTC time> (mode 600 on Linux and macOS; on Windows it inherits the folder's permissions, which for ~/.aws are the user's own) and replaced atomically (a temporary file in the same folder, renamed over it), changing only that profile's aws_access_key_id and aws_secret_access_key: other profiles, comments, blank lines and the order of settings stay as they were; finally the old key is tagged 'disabled=<now>' and set Inactive, so a later run deletes it after the recovery window (Restore-AccessKey undoes the deactivation). -OldKeyAction Delete also only deactivates now, and the result says so.

A user who already has two keys is Blocked (reason TwoKeys): IAM allows two, and a rotation never leaves a user half-rotated. A run stopped at any step (Ctrl+C, a killed process, a failed call) converges when run again: a key the stopped run created but never wrote to the file is deactivated and deleted before a new one is made, so IAM never sees a third key; a file that already holds the new key while the old key is still Active is finished (the old key deactivated, reason CompletingEarlierRun); the file is either the old one or the new one, never half of each.

With -MfaSerialNumber and -TokenCode the module first gets an STS GetSessionToken session with your MFA code and signs the IAM calls with it, for accounts whose self-service policy requires MFA.

The result is a KeyActionResult with Action Rotate, the old AccessKeyId and the NewAccessKeyId (Outcome Done, WhatIf, Blocked or Failed; a failure is also a non-terminating SelfRotationFailed error saying which step and what was undone). The new secret is never shown, logged or put in an error: with -PassThru it is returned once more, only as a SecureString. ConfirmImpact is High: you are asked before anything changes unless -Force or -Confirm:$false is given; -WhatIf changes nothing and says what would be done.
'@
    Parameters  = @{
        Policy          = 'The policy the findings were judged under: an object from New-KeyHygienePolicy or the path of a policy file. Each key is re-judged under it. Default: the default policy.'
        AuditLogPath    = 'Where the audit log goes: a local JSON-lines file or an s3://bucket/prefix URI. Default: IamKeyHygiene/audit/audit.jsonl under the local application data folder (docs/records.md).'
        MaxDisable      = 'The most old keys this run may deactivate: the explicit override of the circuit breaker. Default: the policy''s MaxDisablePerRun (25).'
        MaxDelete       = 'The most old keys this run may delete: the explicit override of the circuit breaker. Default: the policy''s MaxDeletePerRun (25).'
        SecretAccountId = 'The account whose Secrets Manager holds the new keys. Needs -SecretRoleName and -KmsKeyId. Default: each key''s own account (through -RoleName).'
        RoleName       = 'The role to assume in each account the findings name, other than the caller''s own (as Get-StaleAccessKey -AccountId -RoleName); the member account''s secrets are written through it too. Without it only keys in the caller''s own account are acted on.'
        ExemptionsPath = 'A reviewed exemptions file (JSON), as Get-StaleAccessKey takes it; part of the policy and its hash.'
        OwnersPath     = 'An owners file (JSON), as Get-StaleAccessKey takes it; part of the policy and its hash.'
    }
    Examples    = @(
        @{
            Title   = 'Rotate every key due under a Rotate policy, secrets in each member account'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAdmin | Get-StaleAccessKey -Policy ./rotate.json | Invoke-AccessKeyRotation -Policy ./rotate.json -RoleName KeyHygieneAdmin -Force'
            Remarks = 'Keys at the rotate age get a successor stored in iam-user/<account>/<user> in their own account and read back with the new key; keys past the deactivate or delete age are deactivated or deleted. Run it daily: each run takes the stages that are due.'
        }
        @{
            Title   = 'Store the new keys in a central security account'
            Code    = 'Get-OrganizationAccount -RoleName KeyHygieneAdmin | Get-StaleAccessKey -Policy ./rotate.json | Invoke-AccessKeyRotation -Policy ./rotate.json -RoleName KeyHygieneAdmin -SecretAccountId 222222222222 -SecretRoleName KeyHygieneSecrets -KmsKeyId arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab -SecretNameFormat ''rotated/{AccountId}/{UserName}'''
            Remarks = 'The secrets live in the security account 222222222222 under a customer managed KMS key whose key policy lets the keys'' users decrypt (docs/rotation.md lists the policies). Without -KmsKeyId the cmdlet stops with SecretKmsKeyRequired.'
        }
        @{
            Title   = 'Rotate the key of your own profile'
            Code    = 'Invoke-AccessKeyRotation -Self -ProfileName dev'
            Remarks = 'Asks for confirmation, then creates a new key for the user behind profile dev, verifies it, writes it into ~/.aws/credentials (backup credentials.bak-<time> beside it) and deactivates the old key. The result shows the old and new key ids.'
        }
        @{
            Title   = 'Rotate with MFA, in a file of your choice, without a prompt'
            Code    = 'Invoke-AccessKeyRotation -Self -ProfileName dev -ProfileLocation ./work/credentials -MfaSerialNumber arn:aws:iam::111111111111:mfa/alice -TokenCode 123456 -Force'
            Remarks = 'Gets an STS GetSessionToken session with the MFA code first, for an account whose self-service policy denies IAM calls without MFA.'
        }
        @{
            Title   = 'See what would happen'
            Code    = 'Invoke-AccessKeyRotation -Self -ProfileName dev -WhatIf'
            Remarks = 'Reads the user''s keys and tags, changes nothing, and returns a result with Outcome WhatIf whose Message lists the steps (and any key an earlier stopped run left behind that would be deleted first).'
        }
        @{
            Title   = 'Keep the new secret for another store'
            Code    = @'
$result, $secret = Invoke-AccessKeyRotation -Self -ProfileName ci -PassThru -Force
$result.NewAccessKeyId
'@
            Remarks = 'With -PassThru the second object is the new secret access key as a SecureString, for a vault or a CI variable; it is in the credentials file too.'
        }
    )
    Outputs     = @{
        'IamKeyHygiene.KeyActionResult' = 'RunId, AccountId, UserName, AccessKeyId (the old key), Action (Rotate, DeactivateOld, DeleteOld, TagSeenInactive or None), Outcome, Reason, Message, Finding, NextStage and NextStageDate of the old key, NewAccessKeyId and SecretArn.'
        'System.Security.SecureString'  = 'With -PassThru only: the new secret access key.'
    }
    Notes       = 'Rotation on findings needs, in each member account (the -RoleName role): iam:GetUser, iam:ListAccessKeys, iam:ListUserTags, iam:GetAccessKeyLastUsed, iam:CreateAccessKey, iam:UpdateAccessKey, iam:DeleteAccessKey, iam:TagUser, and secretsmanager:CreateSecret, PutSecretValue, DescribeSecret, GetSecretValue and PutResourcePolicy where the secrets are kept (docs/rotation.md). Self-rotation needs iam:GetUser, iam:ListAccessKeys, iam:ListUserTags, iam:GetAccessKeyLastUsed, iam:CreateAccessKey, iam:UpdateAccessKey, iam:DeleteAccessKey and iam:TagUser on your own user (arn:aws:iam::*:user/${aws:username}); sts:GetCallerIdentity needs no permission. Every step is written to the audit log (-AuditLogPath; docs/records.md): an intent line before each change and an outcome line after it.'
}
