<#
.SYNOPSIS
    Acting benchmark: Disable-StaleAccessKey on 500 keys across 100 accounts, with the live re-judge and the audit
    log, at a fixed latency per AWS call. Run on purpose (never in CI, never as a test).
.DESCRIPTION
    For each -ThrottleLimit it starts the built emulator (out/emulator) on a fresh generated organization: -Accounts
    accounts of -UsersPerAccount users, the first -KeysPerAccount users of each with one key at stage Disable (95 to
    395 days old) and the rest with none, one or two young, recently used keys (so the re-judge reads real users,
    some with a second, healthy key). In a fresh pwsh it scans first, untimed as part of the action (its own wall
    time is printed): Get-OrganizationAccount -RoleName X | Get-StaleAccessKey -Policy P; then it clears the
    emulator's call counts and times
        $findings | Disable-StaleAccessKey -RoleName X -Policy P -MaxDisable N -Force -AuditLogPath <temp> -ThrottleLimit T
    It reports wall time, the module's CPU seconds while acting, the action's AWS calls (total, and by operation with
    calls per key in brackets, from GET /_emulator/calls, cleared right before the action), the
    audit file's lines (2 per changed key: intent and outcome), the keys Inactive in the emulator afterwards (read
    account by account from GET /_emulator/state) and the floor (see Get-ActionFloor).
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Build
    dotnet pwsh ./benchmarks/actions/Invoke-ActionBenchmark.ps1 -ThrottleLimits 8, 16
#>
[CmdletBinding()]
param(
    [int] $Accounts = 100,
    [int] $KeysPerAccount = 5,
    [int] $UsersPerAccount = 20,
    [int] $LatencyMs = 40,
    [int[]] $ThrottleLimits = @(8, 16),
    [string] $Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../BenchmarkSupport.psm1') -Force
$emulatorDll, $manifest = Get-BenchBuild $Root
$admin = $BenchAdmin
$callerAccount = '111111111111'
$roleName = 'KeyHygieneAudit'
$expectedKeys = $Accounts * $KeysPerAccount
$temp = [IO.Path]::GetTempPath()

# Stale keys (95+ days old) are at Disable; deleteAgeDays is far off so none is at Delete, and no rule makes one
# notify-only (the generator puts every fifth user under /service/).
$policyFile = Join-Path $temp 'ikh-actbench-policy.json'
[ordered]@{ warnAgeDays = 80; disableAgeDays = 90; deleteAgeDays = 3650; unusedWarnDays = 45; unusedDisableDays = 90 } |
    ConvertTo-Json | Set-Content $policyFile -Encoding utf8

function Start-ActionEmulator {
    $scenario = [ordered]@{
        managementAccountId = $callerAccount
        admin = $admin
        generate = [ordered]@{
            accounts = $Accounts; usersPerAccount = $UsersPerAccount; roleName = $roleName
            findingsAccountShare = 1.0; findingUsersPerAccount = $KeysPerAccount; keyMix = @{ none = 0.2; one = 0.6; two = 0.2 }
            seed = 1; organizationalUnits = 10
        }
        settings = @{ credentialReportGenerationSeconds = 0.3 }
    }
    Start-BenchEmulator $emulatorDll $scenario $LatencyMs 'actbench'
}

# Scan, clear the call counts, act: one JSON line with both wall times and the results' outcomes.
$runner = @'
param($Manifest, $Url, $AccessKey, $SecretKey, $Role, $Policy, $MaxDisable, $ThrottleLimit, $AuditPath)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$aws = @{ AccessKey = $AccessKey; SecretKey = $SecretKey; Region = 'us-east-1'; EndpointUrl = $Url }
$scan = [Diagnostics.Stopwatch]::StartNew()
$findings = @(Get-OrganizationAccount @aws -RoleName $Role | Get-StaleAccessKey @aws -Policy $Policy)
$scan.Stop()
$null = Invoke-RestMethod -Method Delete "$Url/_emulator/calls"
$self = [Diagnostics.Process]::GetCurrentProcess()
$cpuBefore = $self.TotalProcessorTime
$act = [Diagnostics.Stopwatch]::StartNew()
$results = @($findings | Disable-StaleAccessKey @aws -RoleName $Role -Policy $Policy -MaxDisable $MaxDisable -Force -AuditLogPath $AuditPath -ThrottleLimit $ThrottleLimit -ErrorAction Continue)
$act.Stop()
$self.Refresh()
[pscustomobject]@{
    ScanSeconds = $scan.Elapsed.TotalSeconds; ActSeconds = $act.Elapsed.TotalSeconds; ActCpuSeconds = ($self.TotalProcessorTime - $cpuBefore).TotalSeconds; Findings = $findings.Count
    Outcomes = @($results | Group-Object { "$($_.Outcome) $($_.Reason)".Trim() } | ForEach-Object { "$($_.Name): $($_.Count)" }) -join ', '
} | ConvertTo-Json -Compress
'@
$runnerFile = Join-Path $temp 'ikh-actbench-runner.ps1'
Set-Content $runnerFile $runner -Encoding utf8

<#
    The floor: the least time the action's calls can take at this latency, from the emulator's counts. The action
    first lists the organization (the caller's Organizations and GetCallerIdentity calls, one at a time), then works
    on -ThrottleLimit accounts at once, each account's calls one after another (AssumeRole, then per key the re-read
    and the change). So: the caller's serial calls, plus the larger of
    - every account's calls (its AssumeRole, counted in the caller's account, and its IAM calls) spread evenly over
      -ThrottleLimit places, and
    - the busiest account's calls in a row.
    It assumes nothing else takes time: no CPU, no audit-file writes, the accounts' work perfectly balanced.
#>
function Get-ActionFloor($Calls, [int] $ThrottleLimit) {
    $latency = $LatencyMs / 1000.0
    $serial = 0; $assumeRoles = 0
    foreach ($operation in $Calls.byAccount.$callerAccount.PSObject.Properties) {
        if ($operation.Name -eq 'sts:AssumeRole') { $assumeRoles += $operation.Value } else { $serial += $operation.Value }
    }
    $perAccount = @(foreach ($account in $Calls.byAccount.PSObject.Properties) {
            if ($account.Name -ne $callerAccount) { ($account.Value.PSObject.Properties.Value | Measure-Object -Sum).Sum }
        })
    $spread = (($perAccount | Measure-Object -Sum).Sum + $assumeRoles) / $ThrottleLimit
    $busiest = ($perAccount | Measure-Object -Maximum).Maximum + 1
    [math]::Round(($serial + [math]::Max($spread, $busiest)) * $latency, 2)
}

function Get-InactiveKeyCount($Url) {
    $state = Invoke-RestMethod "$Url/_emulator/state"
    $count = 0
    foreach ($id in $state.accountIds) {
        if ($id -eq $callerAccount) { continue }
        $account = Invoke-RestMethod "$Url/_emulator/state?account=$id"
        $count += @($account.users.keys | Where-Object status -eq 'Inactive').Count
    }
    $count
}

function Invoke-ActionRun([int] $ThrottleLimit) {
    $emulator = Start-ActionEmulator
    $auditPath = Join-Path $temp "ikh-actbench-audit-$([guid]::NewGuid().ToString('n')).jsonl"
    $load = ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3) -join ' '
    try {
        $result = Invoke-FreshPwsh $runnerFile @($manifest, $emulator.Url, $admin.accessKeyId, $admin.secretAccessKey,
            $roleName, $policyFile, "$expectedKeys", "$ThrottleLimit", $auditPath)
        $calls = Invoke-RestMethod "$($emulator.Url)/_emulator/calls"
        $perKey = ($calls.byOperation.PSObject.Properties | Sort-Object Value -Descending |
            ForEach-Object { '{0} {1} ({2:0.00})' -f ($_.Name -replace '^\w+:'), $_.Value, ($_.Value / $expectedKeys) }) -join ', '
        $floor = Get-ActionFloor $calls $ThrottleLimit
        [pscustomobject]@{
            ThrottleLimit = $ThrottleLimit; Findings = $result.Findings; ScanSeconds = [math]::Round($result.ScanSeconds, 2)
            ActSeconds = [math]::Round($result.ActSeconds, 2); ActCpuSeconds = [math]::Round($result.ActCpuSeconds, 1); Floor = $floor; Ratio = [math]::Round($result.ActSeconds / $floor, 2)
            Calls = $calls.total; CallsPerKey = [math]::Round($calls.total / $expectedKeys, 2); ByOperation = $perKey
            AuditLines = @(Get-Content $auditPath).Count; InactiveKeys = Get-InactiveKeyCount $emulator.Url; Outcomes = $result.Outcomes
            LoadAtStart = $load
        }
    }
    finally {
        $emulator.Process.Kill(); $emulator.Process.WaitForExit()
        Remove-Item $emulator.File, $auditPath -ErrorAction SilentlyContinue
    }
}

"Acting benchmark: $Accounts accounts x $KeysPerAccount keys at Disable ($expectedKeys), $UsersPerAccount users per account, " +
"latency $LatencyMs ms per call, $([Environment]::ProcessorCount) cores, load average $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
$results = @(foreach ($limit in $ThrottleLimits) { Invoke-ActionRun $limit })
$results | Format-List | Out-String -Width 220
Remove-Item $runnerFile, $policyFile -ErrorAction SilentlyContinue
