# Examples for New-KeyHygienePolicy (the policy work's cmdlet); its synopsis, description and parameter texts
# come from the XML documentation comments in its code.
@{
    Links    = @(
        'Get-StaleAccessKey'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS: Manage access keys for IAM users (rotation)'; Uri = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html' }
        @{ Text = 'AWS Security Hub: IAM controls (IAM.3 keys rotated every 90 days)'; Uri = 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html' }
    )
    Examples = @(
        @{
            Title   = 'The default policy'
            Code    = 'New-KeyHygienePolicy'
            Remarks = 'Warn at 80 days, disable at 90, delete Inactive keys at 150 after a 10-day recovery window; unused keys warned at 45 days and disabled at 90; at most 25 disables and 25 deletes per run.'
        }
        @{
            Title   = 'Load and validate the reviewed policy file'
            Code    = 'New-KeyHygienePolicy -Path ./samples/policy/policy.json'
            Remarks = 'Reads the policy JSON kept in git, with the exemptions and owners files it names (relative paths resolve next to it). An unknown field or a bad value is a terminating error naming the file, line and field, before any AWS call.'
        }
        @{
            Title   = 'Staged rotation instead of disable and delete'
            Code    = 'New-KeyHygienePolicy -Action Rotate -RotateAgeDays 90 -RotationDeactivateDays 100 -RotationDeleteDays 110'
            Remarks = 'The AWS pattern''s schedule: a successor key at 90 days, the old key deactivated at 100 and deleted at 110.'
        }
    )
}
