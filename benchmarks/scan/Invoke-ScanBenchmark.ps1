<#
.SYNOPSIS
    Org-scan benchmark: Get-OrganizationAccount -RoleName X | Get-StaleAccessKey on a generated organization in
    the emulator, at several sizes. Run on purpose (build.ps1 -Task Bench), never in CI.
.DESCRIPTION
    For each size it starts the built emulator (out/emulator) on a generated organization (usersPerAccount users,
    a mix of none/one/two keys per user, 20 % of accounts with findings on about 5 users each, the rest clean:
    young, recently used keys) with a fixed latency on every AWS call, runs the pipeline in a fresh pwsh (so the
    peak working set is the scan's own), and reports wall time, AWS calls per account with and without findings
    (from the emulator's counts), the time to the first finding, the peak working set, and the floor: the least
    time those calls could take with this latency, report generation time and the scan's pool sizes (see
    Get-ScanFloor), and the run's ratio to it. -LiveSizes repeats the run with -Source Live.
    -BaselineManifest compares two builds: for each size the baseline module and this one run alternately
    -Repeat times (each run on a fresh emulator), and a second table gives both medians and their ratio.
    -HygieneSizes runs, for each size, the plain scan and then Invoke-KeyHygiene in Audit mode (each on a fresh
    emulator of the same generated organization) and prints both times, their ratio (issue 12's goal: at most 1.5)
    and the calls the run made beyond the scan's, by operation: the live re-read and re-judge of every key an action
    would change.
.EXAMPLE
    dotnet pwsh ./benchmarks/scan/Invoke-ScanBenchmark.ps1 -Sizes 100,300,1000 -LiveSizes 100
.EXAMPLE
    # Before and after: the previous commit built in a worktree, three alternating runs each.
    git worktree add --detach ../baseline HEAD~1; dotnet pwsh ../baseline/build.ps1 -Task Build
    dotnet pwsh ./benchmarks/scan/Invoke-ScanBenchmark.ps1 -Sizes 300 -LiveSizes @() -Repeat 3 -BaselineManifest ../baseline/out/IamKeyHygiene/IamKeyHygiene.psd1
#>
[CmdletBinding()]
param(
    [int[]] $Sizes = @(100, 300, 1000),
    [int[]] $LiveSizes = @(100),
    # Sizes at which Invoke-KeyHygiene -Mode Audit is timed against the plain scan (none by default).
    [int[]] $HygieneSizes = @(),
    [int] $UsersPerAccount = 50,
    [int] $LatencyMs = 40,
    [int] $ThrottleLimit = 32,
    [double] $ReportGenerationSeconds = 0.3,
    # Another build of the module to compare with (its out/IamKeyHygiene/IamKeyHygiene.psd1).
    [string] $BaselineManifest,
    [ValidateRange(1, 20)]
    [int] $Repeat = 1,
    [string] $Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../BenchmarkSupport.psm1') -Force
$emulatorDll, $manifest = Get-BenchBuild $Root
$admin = $BenchAdmin
$keyMix = @{ none = 0.2; one = 0.6; two = 0.2 }

function Start-ScanEmulator([int] $Accounts) {
    $scenario = [ordered]@{
        managementAccountId = '111111111111'
        admin = $admin
        generate = [ordered]@{
            accounts = $Accounts; usersPerAccount = $UsersPerAccount; roleName = 'KeyHygieneAudit'
            findingsAccountShare = 0.2; findingUsersPerAccount = 5; keyMix = $keyMix; seed = 1; organizationalUnits = 10
        }
        settings = @{ credentialReportGenerationSeconds = $ReportGenerationSeconds }
    }
    Start-BenchEmulator $emulatorDll $scenario $LatencyMs "bench-$Accounts"
}

# The pipeline in a fresh pwsh: prints one JSON line with its wall time, findings per account and peak memory.
$runner = @'
param($Manifest, $Url, $AccessKey, $SecretKey, $ThrottleLimit, $Source)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$aws = @{ AccessKey = $AccessKey; SecretKey = $SecretKey; Region = 'us-east-1'; EndpointUrl = $Url }
$cpuAtStart = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
$allocatedAtStart = [GC]::GetTotalAllocatedBytes($false); $gcPauseAtStart = [GC]::GetTotalPauseDuration()
$watch = [Diagnostics.Stopwatch]::StartNew()
$accountsWithFindings = @{}
$count = 0
$first = $null
Get-OrganizationAccount @aws -RoleName KeyHygieneAudit |
    Get-StaleAccessKey @aws -ThrottleLimit $ThrottleLimit -Source $Source -ErrorAction Continue |
    ForEach-Object { if ($count++ -eq 0) { $first = $watch.Elapsed.TotalSeconds }; $accountsWithFindings[$_.AccountId] = $true }
$watch.Stop()
$self = [Diagnostics.Process]::GetCurrentProcess()
$self.Refresh()
[pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; FirstFindingSeconds = $first; Findings = $count; AccountsWithFindings = @($accountsWithFindings.Keys)
                   PeakWorkingSetMB = [math]::Round($self.PeakWorkingSet64 / 1MB, 1)
                   CpuSeconds = [math]::Round($self.TotalProcessorTime.TotalSeconds, 1)
                   ScanCpuSeconds = [math]::Round($self.TotalProcessorTime.TotalSeconds - $cpuAtStart, 2)
                   ScanAllocatedMB = [math]::Round(([GC]::GetTotalAllocatedBytes($false) - $allocatedAtStart) / 1MB)
                   GcPauseSeconds = [math]::Round(([GC]::GetTotalPauseDuration() - $gcPauseAtStart).TotalSeconds, 2) } | ConvertTo-Json -Compress
'@
$runnerFile = Join-Path ([IO.Path]::GetTempPath()) 'ikh-bench-runner.ps1'
Set-Content $runnerFile $runner -Encoding utf8

# Invoke-KeyHygiene in Audit mode in a fresh pwsh, under the default policy: prints one JSON line with its wall time
# and its summary's counts.
$hygieneRunner = @'
param($Manifest, $Url, $AccessKey, $SecretKey, $ThrottleLimit, $Records)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$aws = @{ AccessKey = $AccessKey; SecretKey = $SecretKey; Region = 'us-east-1'; EndpointUrl = $Url }
$policy = New-KeyHygienePolicy -Mode Audit
$watch = [Diagnostics.Stopwatch]::StartNew()
$summary = Invoke-KeyHygiene @aws -Policy $policy -RoleName KeyHygieneAudit -ThrottleLimit $ThrottleLimit -ErrorAction Continue `
    -AuditLogPath (Join-Path $Records 'audit.jsonl') -RunHistoryPath (Join-Path $Records 'runs.jsonl') -WarningAction SilentlyContinue
$watch.Stop()
$self = [Diagnostics.Process]::GetCurrentProcess()
$self.Refresh()
[pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; AccountsScanned = $summary.AccountsScanned; Findings = ($summary.Stages.Values | Measure-Object -Sum).Sum
                   WhatIf = $summary.Outcomes['WhatIf']; Skipped = $summary.Outcomes['Skipped']; ActiveKeys = $summary.ActiveKeys
                   Breaker = if ($summary.BreakerTrip) { $summary.BreakerTrip.Outcome } else { '' }
                   PeakWorkingSetMB = [math]::Round($self.PeakWorkingSet64 / 1MB, 1) } | ConvertTo-Json -Compress
'@
$hygieneRunnerFile = Join-Path ([IO.Path]::GetTempPath()) 'ikh-bench-hygiene-runner.ps1'
Set-Content $hygieneRunnerFile $hygieneRunner -Encoding utf8

<#
    The floor of one run: the least time its calls can take, from the emulator's call counts, the latency every call
    waits, the report generation time and the scan's pools (OrganizationScan: -ThrottleLimit readers, four times
    that many prepare calls at once, sixty-four times that many accounts started at once). The largest of:
    - the OU walk, serial (the caller's Organizations calls; GetCallerIdentity goes out beside it), then the last account's own path
      (AssumeRole, GenerateCredentialReport, the generation, GenerateCredentialReport, GetCredentialReport);
    - the prepare pool's calls (AssumeRole, GenerateCredentialReport) spread over its places;
    - the read pool's calls (every other IAM call in the accounts) spread over -ThrottleLimit places, after the
      earliest moment a first report can exist (one Organizations call to learn of an account, then AssumeRole,
      GenerateCredentialReport, the generation and the look that finds it ready): no read can start before;
    - the accounts' time in flight (the generation and their calls) spread over the started-accounts bound.
#>
function Get-ScanFloor($Calls, [int] $Accounts, [string] $Source) {
    $latency = $LatencyMs / 1000.0
    $caller = $Calls.byAccount.'111111111111'
    $walkCalls = 0; $assumeRoles = 0
    foreach ($operation in $caller.PSObject.Properties) {
        if ($operation.Name -like 'organizations:*') { $walkCalls += $operation.Value }   # GetCallerIdentity goes out beside the walk
        if ($operation.Name -eq 'sts:AssumeRole') { $assumeRoles += $operation.Value }
    }
    $generates = 0; $reads = 0
    foreach ($account in $Calls.byAccount.PSObject.Properties) {
        if ($account.Name -eq '111111111111') { continue }
        foreach ($operation in $account.Value.PSObject.Properties) {
            if ($operation.Name -eq 'iam:GenerateCredentialReport') { $generates += $operation.Value } else { $reads += $operation.Value }
        }
    }
    $generation = if ($Source -eq 'Live') { 0 } else { $ReportGenerationSeconds }
    $lastAccount = 4 * $latency + $generation
    $firstReport = if ($Source -eq 'Live') { 2 * $latency } else { 4 * $latency + $generation }
    $parts = [ordered]@{
        Walk    = $walkCalls * $latency + $lastAccount
        Prepare = ($assumeRoles + $generates) * $latency / (4 * $ThrottleLimit)
        Read    = $firstReport + $reads * $latency / $ThrottleLimit
        InFlight = ($Accounts * $generation + ($assumeRoles + $generates + $reads) * $latency) / (64 * $ThrottleLimit)
    }
    $bound = $parts.GetEnumerator() | Sort-Object Value -Descending | Select-Object -First 1
    [pscustomobject]@{ Seconds = [math]::Round($bound.Value, 2); BoundBy = $bound.Key
                       Parts = ($parts.GetEnumerator() | ForEach-Object { '{0} {1:0.00}' -f $_.Key, $_.Value }) -join ', ' }
}

function Invoke-BenchRun([int] $Accounts, [string] $Source, [string] $Module = $manifest, [string] $Build = 'current') {
    $emulator = Start-ScanEmulator $Accounts
    $load = ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ')[0]   # other work on the machine at the start
    try {
        $emulator.Process.Refresh(); $emulatorCpuBefore = $emulator.Process.TotalProcessorTime.TotalSeconds
        $result = Invoke-FreshPwsh $runnerFile @($Module, $emulator.Url, $admin.accessKeyId, $admin.secretAccessKey, "$ThrottleLimit", $Source)
        $emulator.Process.Refresh(); $emulatorCpu = $emulator.Process.TotalProcessorTime.TotalSeconds - $emulatorCpuBefore
        $calls = Invoke-RestMethod "$($emulator.Url)/_emulator/calls"
        $withFindings = [Collections.Generic.HashSet[string]]::new([string[]] @($result.AccountsWithFindings))
        $with = [Collections.Generic.List[int]]::new(); $without = [Collections.Generic.List[int]]::new()
        foreach ($account in $calls.byAccount.PSObject.Properties) {
            if ($account.Name -eq '111111111111') { continue }   # the caller: organization reads and AssumeRole
            $total = ($account.Value.PSObject.Properties.Value | Measure-Object -Sum).Sum
            if ($withFindings.Contains($account.Name)) { $with.Add($total) } else { $without.Add($total) }
        }
        $floor = Get-ScanFloor $calls $Accounts $Source
        # The processor bound the call-count floor leaves out: the scan's own CPU and the emulator's while it ran
        # (its whole run, so the pwsh start and import add a little), over this machine's cores.
        $cpuFloor = ($result.ScanCpuSeconds + $emulatorCpu) / [Environment]::ProcessorCount
        $stats = { param($list) if ($list.Count) { '{0:0.0} (max {1})' -f ($list | Measure-Object -Average).Average, ($list | Measure-Object -Maximum).Maximum } else { '-' } }
        [pscustomobject]@{
            Build = $Build; Accounts = $Accounts; Source = $Source; Seconds = [math]::Round($result.Seconds, 2)
            Floor = $floor.Seconds; FloorBoundBy = $floor.BoundBy; FloorParts = $floor.Parts; Ratio = [math]::Round($result.Seconds / $floor.Seconds, 2)
            FirstFinding = if ($null -ne $result.FirstFindingSeconds) { [math]::Round($result.FirstFindingSeconds, 2) } else { '-' }
            Findings = $result.Findings
            CallsCleanAccount = & $stats $without; CallsAccountWithFindings = & $stats $with
            CallerAccountCalls = ($calls.byAccount.'111111111111'.PSObject.Properties.Value | Measure-Object -Sum).Sum
            PeakWorkingSetMB = $result.PeakWorkingSetMB; ModuleCpuSeconds = $result.CpuSeconds; LoadAtStart = $load
            ScanCpuSeconds = $result.ScanCpuSeconds; ScanAllocatedMB = $result.ScanAllocatedMB; GcPauseSeconds = $result.GcPauseSeconds
            EmulatorCpuSeconds = [math]::Round($emulatorCpu, 2)
            CpuFloor = [math]::Round($cpuFloor, 2); RatioToCpuFloor = [math]::Round($result.Seconds / $cpuFloor, 2)
        }
    }
    finally {
        $emulator.Process.Kill(); $emulator.Process.WaitForExit()
        Remove-Item $emulator.File -ErrorAction SilentlyContinue
    }
}

"Org-scan benchmark: $UsersPerAccount users per account, key mix none/one/two = $($keyMix.none)/$($keyMix.one)/$($keyMix.two), " +
"20 % of accounts with findings (5 users each), latency $LatencyMs ms per call, ThrottleLimit $ThrottleLimit, " +
"report generation $ReportGenerationSeconds s, $([Environment]::ProcessorCount) cores, load average $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
$runs = @(foreach ($size in $Sizes) { , @($size, 'Auto') }) + @(foreach ($size in $LiveSizes) { , @($size, 'Live') })
if ($BaselineManifest -and -not (Test-Path $BaselineManifest)) { throw "No baseline module at $BaselineManifest." }
$results = @(foreach ($run in $runs) {
        foreach ($round in 1..$Repeat) {
            # Alternate builds so a noisy minute on this shared machine falls on both alike.
            if ($BaselineManifest) { Invoke-BenchRun $run[0] $run[1] (Resolve-Path $BaselineManifest).Path 'baseline' }
            Invoke-BenchRun $run[0] $run[1]
        }
    })
$results | Format-List | Out-String -Width 200

# Calls per operation in the member accounts (the caller's own: organization reads and AssumeRole, left out).
function Get-MemberCalls($Calls) {
    $byOperation = @{}
    foreach ($account in $Calls.byAccount.PSObject.Properties) {
        if ($account.Name -eq '111111111111') { continue }
        foreach ($operation in $account.Value.PSObject.Properties) { $byOperation[$operation.Name] = $byOperation[$operation.Name] + $operation.Value }
    }
    $byOperation
}

# The plain scan, then Invoke-KeyHygiene -Mode Audit, each on a fresh emulator of the same organization.
function Invoke-HygieneBenchRun([int] $Accounts) {
    $scanEmulator = Start-ScanEmulator $Accounts
    try {
        $scan = Invoke-FreshPwsh $runnerFile @($manifest, $scanEmulator.Url, $admin.accessKeyId, $admin.secretAccessKey, "$ThrottleLimit", 'Auto')
        $scanCalls = Get-MemberCalls (Invoke-RestMethod "$($scanEmulator.Url)/_emulator/calls")
    }
    finally { $scanEmulator.Process.Kill(); $scanEmulator.Process.WaitForExit(); Remove-Item $scanEmulator.File -ErrorAction SilentlyContinue }

    $emulator = Start-ScanEmulator $Accounts
    $records = Join-Path ([IO.Path]::GetTempPath()) "ikh-bench-records-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory $records | Out-Null
    try {
        $result = Invoke-FreshPwsh $hygieneRunnerFile @($manifest, $emulator.Url, $admin.accessKeyId, $admin.secretAccessKey, "$ThrottleLimit", $records)
        $runCalls = Get-MemberCalls (Invoke-RestMethod "$($emulator.Url)/_emulator/calls")
    }
    finally {
        $emulator.Process.Kill(); $emulator.Process.WaitForExit(); Remove-Item $emulator.File -ErrorAction SilentlyContinue
        Remove-Item $records -Recurse -ErrorAction SilentlyContinue
    }

    $beyond = foreach ($name in @($runCalls.Keys) | Sort-Object) {
        $extra = $runCalls[$name] - [int]$scanCalls[$name]
        if ($extra -ne 0) { "$name +$extra ($($scanCalls[$name]) -> $($runCalls[$name]))" }
    }
    [pscustomobject]@{
        Accounts = $Accounts; ScanSeconds = [math]::Round($scan.Seconds, 2); AuditSeconds = [math]::Round($result.Seconds, 2)
        Ratio = [math]::Round($result.Seconds / $scan.Seconds, 2); Goal = '<= 1.5'
        ScanFindings = $scan.Findings; AuditFindings = $result.Findings; ReJudged = $result.WhatIf; PassedThrough = $result.Skipped
        ActiveKeys = $result.ActiveKeys; Breaker = $result.Breaker; CallsBeyondScan = ($beyond -join '; ')
        ScanPeakWorkingSetMB = $scan.PeakWorkingSetMB; AuditPeakWorkingSetMB = $result.PeakWorkingSetMB
    }
}

if ($HygieneSizes) {
    "Invoke-KeyHygiene -Mode Audit against the plain scan (same organization, fresh emulator each):"
    foreach ($size in $HygieneSizes) { Invoke-HygieneBenchRun $size | Format-List | Out-String -Width 200 }
}

function Get-Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}
if ($BaselineManifest) {
    $comparison = foreach ($run in $runs) {
        $same = { param($build) @($results | Where-Object { $_.Build -eq $build -and $_.Accounts -eq $run[0] -and $_.Source -eq $run[1] }).Seconds }
        $before = Get-Median (& $same 'baseline'); $after = Get-Median (& $same 'current')
        [pscustomobject]@{ Accounts = $run[0]; Source = $run[1]; Runs = $Repeat; BaselineMedian = $before; CurrentMedian = $after
                           Ratio = [math]::Round($after / $before, 3) }
    }
    "Medians of $Repeat alternating runs each (ratio = current / baseline; below 1 is faster):"
    $comparison | Format-Table -AutoSize | Out-String -Width 200
}
