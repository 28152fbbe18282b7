# Module manifest for IamKeyHygiene: the source copy. build.ps1 copies it into out/IamKeyHygiene/.
@{
    RootModule            = 'IamKeyHygiene.dll'
    ModuleVersion         = '0.1.0'
    GUID                  = '1b03dcbe-83dd-44fa-a56c-a80db10880b1'
    Author                = 'IamKeyHygiene contributors'
    CompanyName           = 'IamKeyHygiene contributors'
    Copyright             = '(c) 2026 IamKeyHygiene contributors. MIT License.'
    Description           = 'Keeps AWS IAM user access keys healthy across an AWS Organization: finds keys that are too old or unused, tells their owners, disables and later deletes them, and can rotate them. Compiled cmdlets for interactive use and scheduled runbooks; runs beside AWS.Tools in the same session.'
    CompatiblePSEditions  = @('Desktop', 'Core')
    PowerShellVersion     = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess      = @('IamKeyHygiene.Format.ps1xml', 'IamKeyHygiene.Scan.Format.ps1xml', 'IamKeyHygiene.Actions.Format.ps1xml', 'IamKeyHygiene.Notices.Format.ps1xml', 'IamKeyHygiene.Run.Format.ps1xml')
    CmdletsToExport       = @(
        'ConvertFrom-AccessKeyEvent'
        'Disable-StaleAccessKey'
        'Export-KeyHygieneReport'
        'Get-KeyHygieneIdentity'
        'Get-OrganizationAccount'
        'Get-StaleAccessKey'
        'Invoke-AccessKeyRotation'
        'Invoke-KeyHygiene'
        'New-KeyHygienePolicy'
        'Remove-StaleAccessKey'
        'Restore-AccessKey'
        'Send-KeyOwnerNotice'
    )
    FunctionsToExport     = @()
    AliasesToExport       = @()
    VariablesToExport     = @()
    PrivateData           = @{
        PSData = @{
            Tags         = @('PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS', 'AWS', 'IAM', 'AccessKey', 'Security')
            ProjectUri   = 'https://github.com/IamKeyHygiene/IamKeyHygiene'
            LicenseUri   = 'https://github.com/IamKeyHygiene/IamKeyHygiene/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: Get-KeyHygieneIdentity (who the module acts as, and where its credentials, region and endpoint came from); the AWS Tools common credential parameters; the engine and its AWSSDK load privately, so AWS.Tools can run in the same session.'
        }
    }
}
