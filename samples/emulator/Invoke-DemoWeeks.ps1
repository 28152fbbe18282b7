<#
.SYNOPSIS
    Eight simulated weeks (56 days) of daily key-hygiene runs on the organization of demo-weeks.json, then the HTML
    report. build.ps1 -Task Demo runs it after Invoke-DemoScan.ps1.
.DESCRIPTION
    The emulator's data clock and the module's clock (IAMKEYHYGIENE_CLOCK_OFFSET) move together, one day per simulated
    day. Each day, before the run:
      - every owner signs a real call (Get-KeyHygieneIdentity) with the key in their profile of a shared credentials
        file, so the emulator records the key's last use at the data clock; a call with a key the run disabled is
        refused, and that owner stops (their workload broke: this is why owners are warned first);
      - keys tagged demo-habit=idle are never used;
      - owners tagged demo-habit=rotates-after=K rotate their own key K days after their first warning notice
        (Invoke-AccessKeyRotation -Self: new key into their profile, the old one deactivated and tagged disabled=);
        owners tagged demo-habit=ignores never do.
    Then the day's run: Invoke-KeyHygiene -Mode Enforce (judge, disable, delete, notify the owners on Slack, audit log
    and run history). Security Hub IAM.3 counts the Active keys 90 days old or older, read from the emulator before
    the run. Day 1 has more keys past 90 days than the circuit breaker's 25: the run stops, and is run again with the
    explicit -MaxDisable override.
    At the end: the final findings and the run history (the trend across the runs) as one HTML report, its path
    printed; with -ScreenshotPath, a headless Chromium screenshot of it.
.PARAMETER Days
    Simulated days (default 56: eight weeks).
.PARAMETER OutputFolder
    Where the credentials file, audit log, run history and report go (default: a new folder under the temp folder).
.PARAMETER ScreenshotPath
    A PNG of the report rendered by Debian's headless Chromium (e.g. docs/images/demo-report.png).
.PARAMETER PassThru
    Also return the days and the report's path as one object (for tests).
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 365)] [int] $Days = 56,
    [string] $OutputFolder = (Join-Path ([IO.Path]::GetTempPath()) "iamkeyhygiene-demo-weeks-$([guid]::NewGuid().ToString('n').Substring(0, 8))"),
    [string] $ScreenshotPath,
    [switch] $PassThru,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/IamKeyHygiene/IamKeyHygiene.psd1'),
    [string] $EmulatorModule = (Join-Path $PSScriptRoot '../../tests/Emulator.psm1')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
Import-Module $EmulatorModule -Force
Import-Module $Module -Force

$scenarioPath = Join-Path $PSScriptRoot 'demo-weeks.json'
$policyPath = Join-Path $PSScriptRoot 'demo-weeks-policy.json'
$scenario = Get-Content -Raw $scenarioPath | ConvertFrom-Json
$null = New-Item -ItemType Directory -Force -Path $OutputFolder
$credentialsPath = Join-Path $OutputFolder 'credentials'
$auditPath = Join-Path $OutputFolder 'audit.jsonl'
$historyPath = Join-Path $OutputFolder 'runs.jsonl'
$reportPath = Join-Path $OutputFolder 'key-hygiene-report.html'
$stageColumns = 'Warn', 'Disable', 'Delete'

# ---------------------------------------------------------------- the owners

# One profile per user with an Active key, as each owner keeps theirs: the credentials file self-rotation rewrites.
function New-OwnerProfiles {
    $owners = [Collections.Generic.List[object]]::new()
    $lines = [Collections.Generic.List[string]]::new()
    foreach ($account in $scenario.accounts) {
        foreach ($user in $account.users) {
            $key = $user.keys[0]
            if ($key.status -ne 'Active') { continue }
            $profileName = "$($account.id)-$($user.name)"
            $habit = "$($user.tags.'demo-habit')"
            $owners.Add([pscustomobject]@{
                    Profile = $profileName; AccountId = $account.id; UserName = $user.name; Habit = $habit
                    RotateAfter = if ($habit -match '^rotates-after=(\d+)$') { [int]$Matches[1] } else { $null }
                    FirstWarned = $null; Refused = $false
                })
            $lines.Add("[$profileName]"); $lines.Add("aws_access_key_id = $($key.accessKeyId)"); $lines.Add("aws_secret_access_key = $($key.secretAccessKey)"); $lines.Add('')
        }
    }
    Set-Content -LiteralPath $credentialsPath -Value $lines -Encoding utf8NoBOM
    if (-not $IsWindows) { [IO.File]::SetUnixFileMode($credentialsPath, [IO.UnixFileMode]'UserRead, UserWrite') }
    $owners
}

# Each owner who still works signs one call with their key; the emulator records its last use. Returns the refusals.
function Use-OwnerKeys($Owners) {
    $refused = 0
    foreach ($owner in $Owners | Where-Object { $_.Habit -ne 'idle' -and -not $_.Refused }) {
        try {
            $null = Get-KeyHygieneIdentity -ProfileName $owner.Profile -ProfileLocation $credentialsPath -Region us-east-1 -EndpointUrl $emulator.Url
        }
        catch {
            # AWS refuses a key that was disabled (InvalidClientTokenId): the owner's workload stops here.
            if ($_.FullyQualifiedErrorId -notlike 'CredentialsRejected*') { throw }
            $owner.Refused = $true
            $refused++
        }
    }
    $refused
}

# Owners rotate their own key K days after their first warning. Returns how many did today.
function Invoke-OwnerRotations($Owners, [int] $Day) {
    $rotated = 0
    foreach ($owner in $Owners | Where-Object { $null -ne $_.RotateAfter -and $null -ne $_.FirstWarned -and -not $_.Refused }) {
        if ($Day -lt $owner.FirstWarned + $owner.RotateAfter) { continue }
        $result = Invoke-AccessKeyRotation -Self -ProfileName $owner.Profile -ProfileLocation $credentialsPath -Region us-east-1 -EndpointUrl $emulator.Url -AuditLogPath $auditPath -Force
        if ($result.Outcome -ne 'Done') { throw "Day ${Day}: $($owner.Profile) could not rotate: $($result.Outcome) $($result.Reason) $($result.Message)" }
        $owner.FirstWarned = $null
        $rotated++
    }
    $rotated
}

# An owner is first warned by the run that judged their Active key Warn and sent them the notice: the audit log has
# that run's decision not to change the key (reason Warn).
function Update-Warnings($Owners, $Audit, [int] $Day) {
    $warned = @{}
    foreach ($line in $Audit | Where-Object { $_.action -eq 'None' -and $_.reason -eq 'Warn' }) { $warned["$($line.accountId)-$($line.userName)"] = $true }
    foreach ($owner in $Owners | Where-Object { $null -eq $_.FirstWarned -and $warned.ContainsKey($_.Profile) }) { $owner.FirstWarned = $Day }
}

# ---------------------------------------------------------------- the run and what Security Hub would see

# Security Hub IAM.3 (access keys rotated every 90 days or less), as the emulator holds the keys: Active keys whose
# creation is 90 days or more before the data clock.
function Get-Iam3Count {
    $now = [DateTimeOffset](Invoke-EmulatorControl -Emulator $emulator -Path clock).now
    $count = 0
    foreach ($account in $scenario.accounts) {
        $state = Invoke-EmulatorControl -Emulator $emulator -Path "state?account=$($account.id)"
        foreach ($key in @($state.users | ForEach-Object { $_.keys })) {
            if ($key.status -eq 'Active' -and ($now - [DateTimeOffset]$key.createDate).TotalDays -ge 90) { $count++ }
        }
    }
    $count
}

# The day's scheduled run: its summary, the message of a circuit breaker that stopped it, and the run's own audit lines.
function Invoke-DemoRun([Nullable[int]] $MaxDisable) {
    $override = @{}
    if ($null -ne $MaxDisable) { $override.MaxDisable = $MaxDisable }
    $summary = $null
    $stopped = $null
    try {
        $null = Invoke-KeyHygiene @aws @slack @override -Policy $policyPath -RoleName KeyHygieneAudit -Mode Enforce `
            -AuditLogPath $auditPath -RunHistoryPath $historyPath -Force -OutVariable summary -WarningAction SilentlyContinue
    }
    catch {
        # The summary came out before the terminating error; the run changed nothing.
        if ($_.FullyQualifiedErrorId -notlike 'CircuitBreakerTripped*') { throw }
        $stopped = $_.Exception.Message
    }
    $runId = $summary[0].RunId
    [pscustomobject]@{ Summary = $summary[0]; Stopped = $stopped; Audit = @(Get-Content -LiteralPath $auditPath | ConvertFrom-Json | Where-Object runId -EQ $runId) }
}

function Get-Done($Audit, [string] $Action) { @($Audit | Where-Object { $_.action -eq $Action -and $_.phase -eq 'outcome' -and $_.outcome -eq 'Done' }).Count }

function Get-ModuleNow { [DateTimeOffset]::UtcNow.AddDays([double]$env:IAMKEYHYGIENE_CLOCK_OFFSET) }

# ---------------------------------------------------------------- the weeks

function Write-DayLine($Day) {
    $counts = ($stageColumns | ForEach-Object { '{0,8}' -f [int]$Day.Stages[$_] }) -join ''
    $line = '{0,3}  {1:yyyy-MM-dd} {2} {3,7}  {4,5}  {5,8} {6,7} {7,7}  {8,7} {9,7}' -f $Day.Day, $Day.Date, $counts, $Day.ActiveKeys, $Day.Iam3, $Day.Disabled, $Day.Deleted, $Day.Rotated, $Day.Notices, $Day.Refused
    Write-Host $line
}

$emulator = Start-Emulator -Scenario $scenarioPath
$savedOffset = $env:IAMKEYHYGIENE_CLOCK_OFFSET
try {
    $aws = @{ AccessKey = $emulator.AccessKeyId; SecretKey = $emulator.SecretAccessKey; Region = 'us-east-1'; EndpointUrl = $emulator.Url }
    $slack = @{
        SlackToken      = ConvertTo-SecureString $scenario.slack.botToken -AsPlainText -Force
        SlackApiUrl     = "$($emulator.Url)/slack/api/"
        FallbackChannel = '#iam-keys'
    }
    $owners = New-OwnerProfiles
    Write-Host "Eight weeks of daily runs on demo-weeks.json ($(@($owners).Count) keys in use, $(@($scenario.accounts).Count) accounts), emulator at $($emulator.Url)" -ForegroundColor Cyan
    Write-Host "Records in $OutputFolder. Each day: owners use their keys, some rotate, then:" -ForegroundColor Cyan
    Write-Host '> Invoke-KeyHygiene -Policy demo-weeks-policy.json -RoleName KeyHygieneAudit -Mode Enforce -AuditLogPath … -RunHistoryPath …' -ForegroundColor Cyan
    $header = 'day  date         ' + (($stageColumns | ForEach-Object { '{0,8}' -f $_ }) -join '') + '  active  IAM.3  disabled deleted rotated  notices refused'
    Write-Host $header

    $results = [Collections.Generic.List[object]]::new()
    for ($day = 1; $day -le $Days; $day++) {
        $env:IAMKEYHYGIENE_CLOCK_OFFSET = "$($day - 1)"
        if ($day -gt 1) { $null = Move-EmulatorClock -Emulator $emulator -Days 1 }

        $refused = Use-OwnerKeys $owners
        $rotated = Invoke-OwnerRotations $owners $day
        $iam3 = Get-Iam3Count
        $run = Invoke-DemoRun
        $stopped = $null
        if ($run.Stopped) {
            # The first run on an organization never cleaned rightly stops before its first change (its notices and
            # records still go out). Review, then the explicit cap: never -Force.
            $stopped = $run.Summary
            $cap = $stopped.BreakerTrip.WouldDisable
            Write-Host "Day ${day}: the circuit breaker stopped the run before its first change ($($stopped.StageText); $($stopped.NoticesSent) notices sent):" -ForegroundColor Yellow
            Write-Host "  $($run.Stopped)" -ForegroundColor Yellow
            Write-Host "  Reviewed: the $cap keys to disable are all past 90 days (Security Hub IAM.3: $iam3). Run again with the explicit override:" -ForegroundColor Yellow
            Write-Host "> Invoke-KeyHygiene … -Mode Enforce -MaxDisable $cap" -ForegroundColor Cyan
            $run = Invoke-DemoRun -MaxDisable $cap
            if ($run.Stopped) { throw "The run stopped again: $($run.Stopped)" }
        }
        Update-Warnings $owners $run.Audit $day
        $stages = @{}
        foreach ($entry in $run.Summary.Stages.GetEnumerator()) { $stages[$entry.Key] = $entry.Value }

        $record = [pscustomobject]@{
            Day = $day; Date = (Get-ModuleNow).UtcDateTime; Stages = $stages; ActiveKeys = $run.Summary.ActiveKeys; Iam3 = $iam3
            Disabled = Get-Done $run.Audit Disable; Deleted = Get-Done $run.Audit Delete; Rotated = $rotated
            Notices = $run.Summary.NoticesSent + $(if ($stopped) { $stopped.NoticesSent } else { 0 }); Refused = $refused
            BreakerTripped = $null -ne $stopped; Errors = @($run.Summary.Errors).Count
        }
        $results.Add($record)
        Write-DayLine $record
        if ($day % 7 -eq 0 -and $day -lt $Days) { Write-Host "-- week $($day / 7) --" -ForegroundColor DarkGray }
    }

    $finalIam3 = Get-Iam3Count
    Write-Host "After the last run, Security Hub IAM.3 would find $finalIam3 key(s) (day 1: $($results[0].Iam3))." -ForegroundColor Cyan
    $final = @(Get-OrganizationAccount @aws -RoleName KeyHygieneAudit | Get-StaleAccessKey @aws -Policy $policyPath -IncludeHealthy)
    $final | Export-KeyHygieneReport -Format Html -Path $reportPath -HistoryPath $historyPath
    Write-Host "HTML report: $reportPath" -ForegroundColor Green
    if ($ScreenshotPath) {
        $ScreenshotPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ScreenshotPath)
        $profileFolder = Join-Path $OutputFolder 'chromium-profile'
        & chromium --headless --no-sandbox --disable-gpu --no-first-run "--user-data-dir=$profileFolder" "--screenshot=$ScreenshotPath" '--window-size=1100,1400' "file://$reportPath" 2>$null | Out-Null
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path $ScreenshotPath)) { throw "chromium could not take the screenshot (exit $LASTEXITCODE)." }
        Write-Host "Screenshot: $ScreenshotPath" -ForegroundColor Green
    }
    if ($PassThru) {
        [pscustomobject]@{ Days = $results.ToArray(); FinalIam3 = $finalIam3; ReportPath = $reportPath; HistoryPath = $historyPath; AuditLogPath = $auditPath }
    }
}
finally {
    $env:IAMKEYHYGIENE_CLOCK_OFFSET = $savedOffset
    Stop-Emulator $emulator
}
