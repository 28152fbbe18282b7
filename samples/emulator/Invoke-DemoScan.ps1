<#
.SYNOPSIS
    The main job on the demo organization: starts the emulator on demo-org.json, runs
    Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey | Sort-Object Urgency -Descending |
    Format-Table (the default view, 118 columns), prints the counts per
    stage and stops the emulator. build.ps1 -Task Demo runs it after building.
.DESCRIPTION
    The demo organization has a few dozen accounts in nested OUs, every stage (Warn, Disable, Delete, Rotate under
    the sandbox rule of demo-policy.json, Exempt from the reviewed demo-exemptions.json and from a user tag,
    RootAccessKey; then ReadError from one account read with an injected ListAccessKeys failure), an exemption that has expired (ExemptionExpired), owners from tags, user names and
    demo-owners.json, a suspended account (skipped) and an account whose audit role is missing (one
    AssumeRoleFailed error while the others complete).
#>
[CmdletBinding()]
param(
    [string] $Module = (Join-Path $PSScriptRoot '../../out/IamKeyHygiene/IamKeyHygiene.psd1'),
    [string] $EmulatorModule = (Join-Path $PSScriptRoot '../../tests/Emulator.psm1')
)

$ErrorActionPreference = 'Stop'
Import-Module $EmulatorModule -Force
Import-Module $Module -Force

$emulator = Start-Emulator -Scenario (Join-Path $PSScriptRoot 'demo-org.json')
try {
    $aws = @{ AccessKey = $emulator.AccessKeyId; SecretKey = $emulator.SecretAccessKey; Region = 'us-east-1'; EndpointUrl = $emulator.Url }
    Write-Host "Emulator at $($emulator.Url); demo organization from demo-org.json" -ForegroundColor Cyan
    Write-Host '> Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey -Policy demo-policy.json |' -ForegroundColor Cyan
    Write-Host '>     Sort-Object Urgency -Descending | Format-Table' -ForegroundColor Cyan
    $findings = Get-OrganizationAccount @aws -RoleName KeyHygieneAudit |
        Get-StaleAccessKey @aws -Policy (Join-Path $PSScriptRoot 'demo-policy.json') -ErrorAction Continue -ErrorVariable scanErrors
    # The default view is 118 columns wide. Straight to a terminal, so Stage is coloured where it allows (Out-String
    # would drop the colour); redirected, where the host's width is 80, at 120 columns.
    $table = $findings | Sort-Object Urgency -Descending | Format-Table
    if ([Console]::IsOutputRedirected) { $table | Out-String -Width 120 | Out-Host } else { $table | Out-Host }
    Write-Host 'Findings per stage:' -ForegroundColor Cyan
    $findings | Group-Object Stage | Sort-Object Name | Format-Table @{ Label = 'Stage'; Expression = 'Name' }, Count -AutoSize | Out-Host
    Write-Host "$(@($findings).Count) findings, $(@($scanErrors).Count) account error(s)." -ForegroundColor Cyan

    # ReadError: the keys of a user that cannot be read in full are reported, never judged "unused" or acted on.
    # The emulator fails one ListAccessKeys call on every retry (6 attempts for a 5xx) while one account is read live.
    Invoke-EmulatorControl $emulator POST faults @{ failPage = @{ operation = 'ListAccessKeys'; pageNumber = 1; times = 6 } } | Out-Null
    Write-Host '> With one ListAccessKeys call failing past its retries:' -ForegroundColor Cyan
    Write-Host '> Get-OrganizationAccount -AccountId 333333333301 -RoleName KeyHygieneAudit |' -ForegroundColor Cyan
    Write-Host '>     Get-StaleAccessKey -Source Live | Where-Object Stage -eq ReadError' -ForegroundColor Cyan
    try {
        Get-OrganizationAccount @aws -AccountId 333333333301 -RoleName KeyHygieneAudit |
            Get-StaleAccessKey @aws -Policy (Join-Path $PSScriptRoot 'demo-policy.json') -Source Live |
            Where-Object Stage -eq ReadError | Format-List AccountId, UserName, AccessKeyId, Stage, Notes | Out-Host
    }
    finally {
        Invoke-EmulatorControl $emulator DELETE faults | Out-Null
    }
}
finally {
    Stop-Emulator $emulator
}
