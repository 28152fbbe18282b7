<#
.SYNOPSIS
    The main job on the demo organization: starts the emulator on demo-org.json, runs
    Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey | Format-Table, prints the counts per
    stage and stops the emulator. build.ps1 -Task Demo runs it after building.
.DESCRIPTION
    The demo organization has a few dozen accounts in nested OUs, every stage (Warn, Disable, Delete, Rotate under
    the sandbox rule of demo-policy.json, Exempt from the reviewed demo-exemptions.json and from a user tag,
    RootAccessKey), an exemption that has expired (ExemptionExpired), owners from tags, user names and
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
    Write-Host '> Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey -Policy demo-policy.json | Format-Table' -ForegroundColor Cyan
    $findings = Get-OrganizationAccount @aws -RoleName KeyHygieneAudit |
        Get-StaleAccessKey @aws -Policy (Join-Path $PSScriptRoot 'demo-policy.json') -ErrorAction Continue -ErrorVariable scanErrors
    $findings | Format-Table | Out-String -Width 120 | Out-Host
    Write-Host 'Findings per stage:' -ForegroundColor Cyan
    $findings | Group-Object Stage | Sort-Object Name | Format-Table @{ Label = 'Stage'; Expression = 'Name' }, Count -AutoSize | Out-Host
    Write-Host "$(@($findings).Count) findings, $(@($scanErrors).Count) account error(s)." -ForegroundColor Cyan
}
finally {
    Stop-Emulator $emulator
}
