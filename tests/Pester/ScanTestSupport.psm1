# Helpers for the scan tests (Scan*.Tests.ps1): scenarios as hashtables and the AWS common parameters for the
# emulator's admin. The emulator itself comes from tests/Emulator.psm1.

$ErrorActionPreference = 'Stop'

function New-ScanKey {
    param([double] $AgeDays, $LastUsedDaysAgo = 1, [string] $Status = 'Active', [string] $AccessKeyId)
    $key = [ordered]@{ status = $Status; ageDays = $AgeDays }
    if ($null -ne $LastUsedDaysAgo) { $key.lastUsedDaysAgo = [double] $LastUsedDaysAgo }
    if ($AccessKeyId) { $key.accessKeyId = $AccessKeyId }
    $key
}

function New-ScanUser {
    param([string] $Name, [object[]] $Keys = @(), [hashtable] $Tags = @{}, [string] $Path = '/')
    [ordered]@{ name = $Name; path = $Path; tags = $Tags; keys = @($Keys) }
}

function New-ScanAccount {
    param([string] $Id, [string] $Name, [object[]] $Users = @(), [string] $ParentOu = '', [string] $State = 'ACTIVE',
          [switch] $NoRole, [object[]] $RootAccessKeys = @(), $CredentialReportAgeHours)
    $account = [ordered]@{
        id = $Id; name = $Name; email = "aws+$Name@example.com"; state = $State; parentOu = $ParentOu
        roles = @(if (-not $NoRole) { @{ name = 'KeyHygieneAudit' } })
        users = @($Users); rootAccessKeys = @($RootAccessKeys)
    }
    if ($null -ne $CredentialReportAgeHours) { $account.credentialReportAgeHours = [double] $CredentialReportAgeHours }
    $account
}

# An organization: the management account 111111111111 plus the given accounts, OUs Workloads/Prod/Payments and Sandbox.
function New-ScanScenario {
    param([object[]] $Accounts = @(), [string] $DelegatedAdministrator, [hashtable] $Settings = @{ credentialReportGenerationSeconds = 0.3 })
    $management = New-ScanAccount -Id '111111111111' -Name 'management' -Users @(New-ScanUser 'admin-tools' @(New-ScanKey 10 1))
    $scenario = [ordered]@{
        managementAccountId = '111111111111'
        admin = @{ accessKeyId = 'AKIAPESTERADMIN00001'; secretAccessKey = 'pester-admin-secret-0000000000000000000000' }
        organizationalUnits = @(
            @{ name = 'Workloads'; id = 'ou-test-workload1'; children = @(@{ name = 'Prod'; id = 'ou-test-prodenv01'; children = @(@{ name = 'Payments'; id = 'ou-test-payments1' }) }) }
            @{ name = 'Sandbox'; id = 'ou-test-sandbox01' }
        )
        accounts = @($management) + @($Accounts)
        settings = $Settings
    }
    if ($DelegatedAdministrator) { $scenario.delegatedAdministrator = $DelegatedAdministrator }
    $scenario
}

function Save-ScanScenario([Parameter(Mandatory)] $Scenario) {
    $path = Join-Path ([IO.Path]::GetTempPath()) "ikh-scan-$([guid]::NewGuid().ToString('n')).json"
    $Scenario | ConvertTo-Json -Depth 30 | Set-Content -Path $path -Encoding utf8
    $path
}

# A fresh folder with copies of the demo samples (demo-org.json, demo-policy.json…), for a test that edits or adds to them.
function New-DemoWorkFolder([Parameter(Mandatory)] [string] $Name) {
    $work = Join-Path ([IO.Path]::GetTempPath()) "ikh-$Name-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $work | Out-Null
    Copy-Item (Join-Path $PSScriptRoot '../../samples/emulator/demo-*.json') $work
    $work
}

# The demo organization's Slack workspace (a scenario's `slack`): the demo owners who are members, any more given,
# and #iam-keys.
function New-DemoSlackWorkspace([Parameter(Mandatory)] [string] $BotToken, [hashtable[]] $MoreMembers = @()) {
    @{
        botToken = $BotToken
        members  = @(
            @{ id = 'U0DEMO0001'; email = 'dual-key@example.com'; name = 'dual' }
            @{ id = 'U0DEMO0003'; email = 'web-team@example.com'; name = 'web' }
            @{ id = 'U0PAYMENTS'; email = 'payments-team@example.com'; name = 'payments' }
        ) + $MoreMembers
        channels = @(@{ id = 'C0IAMKEYS1'; name = 'iam-keys' })
    }
}

# The AWS common parameters that make the module talk to the emulator as its admin.
function Get-EmulatorAws([Parameter(Mandatory)] $Emulator) {
    @{ AccessKey = $Emulator.AccessKeyId; SecretKey = $Emulator.SecretAccessKey; Region = 'us-east-1'; EndpointUrl = $Emulator.Url }
}

Export-ModuleMember -Function *
