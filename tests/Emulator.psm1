#Requires -Version 7.0
# Starts and drives the local AWS emulator (src/IamKeyHygiene.Emulator) for Pester tests and the demo.
# The emulator is the published build in out/emulator (build.ps1 -Task Build), resolved from the repository
# root (the parent of this tests/ folder) unless -EmulatorPath says otherwise.

Set-StrictMode -Version Latest

function Start-Emulator {
    <#
    .SYNOPSIS
    Starts the emulator on 127.0.0.1 with a scenario and waits until it answers.
    .OUTPUTS
    An object with Url, AccessKeyId, SecretAccessKey (the scenario's admin credentials), AccountId, Process and a Stop() method.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $Scenario,
        [ValidateRange(0, 600000)] [int] $LatencyMs = 0,
        [ValidateRange(0, 65535)] [int] $Port = 0,
        [string] $EmulatorPath = (Join-Path (Split-Path -Parent $PSScriptRoot) 'out/emulator/IamKeyHygiene.Emulator.dll'),
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 60
    )

    $scenarioPath = (Resolve-Path -LiteralPath $Scenario -ErrorAction Stop).ProviderPath
    if (-not (Test-Path -LiteralPath $EmulatorPath)) {
        throw "Emulator not found at '$EmulatorPath': run ./build.ps1 -Task Build (or dotnet publish src/IamKeyHygiene.Emulator -c Release -o out/emulator), or pass -EmulatorPath."
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($EmulatorPath, '--scenario', $scenarioPath, '--port', "$Port", '--latency-ms', "$LatencyMs")) {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $errorText = $process.StandardError.ReadToEndAsync()
    try {
        $firstLine = $process.StandardOutput.ReadLineAsync()
        if (-not $firstLine.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or [string]::IsNullOrEmpty($firstLine.Result)) {
            if (-not $process.HasExited) { $process.Kill($true) }
            $process.WaitForExit(5000) | Out-Null
            throw "The emulator printed no URL within $TimeoutSeconds s: $($errorText.Result)"
        }
        $url = $firstLine.Result.Trim()

        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $admin = $null
        while ($null -eq $admin) {
            try {
                $admin = Invoke-RestMethod -Uri "$url/_emulator/admin-credentials" -TimeoutSec 5
            }
            catch {
                if ([DateTime]::UtcNow -gt $deadline -or $process.HasExited) { throw "The emulator at $url did not become ready: $_" }
                Start-Sleep -Milliseconds 100
            }
        }
    }
    catch {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw
    }

    $emulator = [pscustomobject]@{
        PSTypeName      = 'IamKeyHygiene.Emulator'
        Url             = $url
        AccessKeyId     = $admin.accessKeyId
        SecretAccessKey = $admin.secretAccessKey
        AccountId       = $admin.accountId
        Scenario        = $scenarioPath
        Process         = $process
    }
    $emulator | Add-Member -MemberType ScriptMethod -Name Stop -Value { Stop-Emulator -Emulator $this }
    $emulator | Add-Member -MemberType ScriptMethod -Name ToString -Value { "Emulator $($this.Url)" } -Force
    $emulator
}

function Stop-Emulator {
    <#
    .SYNOPSIS
    Stops an emulator started by Start-Emulator (kills its process and waits for it to exit).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [pscustomobject] $Emulator
    )
    process {
        $process = $Emulator.Process
        if ($null -ne $process -and -not $process.HasExited) {
            $process.Kill($true)
            $process.WaitForExit(10000) | Out-Null
        }
    }
}

function Invoke-EmulatorControl {
    <#
    .SYNOPSIS
    Calls the emulator's control API (/_emulator/<Path>), e.g. -Method POST -Path clock -Body @{ advanceDays = 1.5 }.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        [object] $Body
    )
    $parameters = @{ Method = $Method; Uri = "$($Emulator.Url)/_emulator/$($Path.TrimStart('/'))"; TimeoutSec = 60 }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $parameters.Body = ConvertTo-Json -InputObject $Body -Depth 10 -Compress
        $parameters.ContentType = 'application/json'
    }
    elseif ($Method -eq 'POST') {
        $parameters.Body = '{}'
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function Move-EmulatorClock {
    <#
    .SYNOPSIS
    Moves the emulator's data clock forward by (fractional) days; returns the clock.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [ValidateRange(0, 36500)] [double] $Days
    )
    Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path clock -Body @{ advanceDays = $Days }
}

function Set-EmulatorFault {
    <#
    .SYNOPSIS
    Replaces the emulator's faults (the POST /_emulator/faults body as a hashtable); -Clear removes them.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Set')]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory, ParameterSetName = 'Set')] [hashtable] $Fault,
        [Parameter(Mandatory, ParameterSetName = 'Clear')] [switch] $Clear
    )
    if ($Clear) {
        Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path faults
    }
    else {
        Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path faults -Body $Fault
    }
}

function Get-EmulatorCall {
    <#
    .SYNOPSIS
    Returns the emulator's call counts (total, byOperation, byAccount); -Reset clears them afterwards.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [switch] $Reset
    )
    Invoke-EmulatorControl -Emulator $Emulator -Path calls
    if ($Reset) { Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path calls | Out-Null }
}

Export-ModuleMember -Function Start-Emulator, Stop-Emulator, Invoke-EmulatorControl, Move-EmulatorClock, Set-EmulatorFault, Get-EmulatorCall
