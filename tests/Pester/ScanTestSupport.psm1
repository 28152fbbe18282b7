# Helpers for the scan tests (Scan*.Tests.ps1): scenarios as hashtables, the emulator's control API,
# the AWS common parameters for the emulator's admin.

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

# The AWS common parameters that make the module talk to the emulator as its admin.
function Get-EmulatorAws([Parameter(Mandatory)] $Emulator) {
    @{ AccessKey = $Emulator.AccessKeyId; SecretKey = $Emulator.SecretAccessKey; Region = 'us-east-1'; EndpointUrl = $Emulator.Url }
}

function Invoke-EmulatorControl {
    param([Parameter(Mandatory)] $Emulator, [string] $Method = 'GET', [Parameter(Mandatory)] [string] $Route, $Body)
    $arguments = @{ Method = $Method; Uri = "$($Emulator.Url)/_emulator/$Route" }
    if ($null -ne $Body) { $arguments.Body = ($Body | ConvertTo-Json -Depth 10); $arguments.ContentType = 'application/json' }
    Invoke-RestMethod @arguments
}

# Starts the built emulator (out/emulator) on a scenario file; the object has Url, AccessKeyId, SecretAccessKey
# (the scenario's admin) and Process. Stop it with Stop-ScanEmulator.
function Start-ScanEmulator {
    param([Parameter(Mandatory)] [string] $Scenario, [int] $LatencyMs = 0)
    $dll = Join-Path $PSScriptRoot '../../out/emulator/IamKeyHygiene.Emulator.dll'
    if (-not (Test-Path $dll)) { throw "No built emulator at ${dll}: run ./build.ps1 -Task Build." }
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @((Resolve-Path $dll).Path, '--scenario', $Scenario, '--port', '0', '--latency-ms', "$LatencyMs")) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $url = $process.StandardOutput.ReadLine()
    if ($url -notmatch '^http://127\.0\.0\.1:\d+$') {
        $process.Kill()
        throw "The emulator did not start: $url $($process.StandardError.ReadToEnd())"
    }
    $admin = (Get-Content -Raw $Scenario | ConvertFrom-Json).admin
    [pscustomobject]@{ Url = $url; AccessKeyId = $admin.accessKeyId; SecretAccessKey = $admin.secretAccessKey; Process = $process }
}

function Stop-ScanEmulator([Parameter(Mandatory)] $Emulator) {
    if (-not $Emulator.Process.HasExited) { $Emulator.Process.Kill(); $Emulator.Process.WaitForExit() }
}

Export-ModuleMember -Function *
