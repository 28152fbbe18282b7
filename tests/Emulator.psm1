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
    Returns the emulator's call counts (total, byOperation, byAccount, byPrincipal); -Reset clears them afterwards.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [switch] $Reset
    )
    Invoke-EmulatorControl -Emulator $Emulator -Path calls
    if ($Reset) { Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path calls | Out-Null }
}

function New-EmulatorSsoToken {
    <#
    .SYNOPSIS
    Signs a user in to the emulator's IAM Identity Center (POST /_emulator/sso/tokens) for one account role and
    returns the token set; with -CacheDirectory it also writes the file `aws sso login` would leave there.
    .DESCRIPTION
    The cache file is <CacheDirectory>/<sha1 of CacheKey>.json: the key is the sso_session name for sso-session
    profiles, the sso_start_url for legacy ones. Its expiresAt is wall time now + ExpiresInSeconds (the emulator
    counts the same span on its data clock), so -ExpiresInSeconds 0 leaves a token a client must refresh.
    .OUTPUTS
    An object with accessToken, expiresAt, expiresIn, refreshToken, clientId, clientSecret, registrationExpiresAt,
    userName (and CachePath when a cache file was written).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [ValidatePattern('^[0-9]{12}$')] [string] $AccountId,
        [Parameter(Mandatory)] [string] $RoleName,
        [string] $UserName = 'sso-user',
        [int] $ExpiresInSeconds = 28800,
        [string] $CacheDirectory,
        [string] $CacheKey,
        [string] $StartUrl = 'https://emulator.awsapps.com/start',
        [string] $Region = 'us-east-1'
    )
    if ($CacheDirectory -and -not $CacheKey) { throw '-CacheDirectory needs -CacheKey (the sso_session name, or the sso_start_url of a legacy profile).' }
    $wallNow = [DateTime]::UtcNow
    $cacheTime = "yyyy-MM-dd'T'HH:mm:ss'Z'"
    $token = Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path sso/tokens -Body @{
        userName         = $UserName
        expiresInSeconds = $ExpiresInSeconds
        assignments      = @(@{ accountId = $AccountId; roleName = $RoleName })
    }
    if ($CacheDirectory) {
        $cache = [ordered]@{
            startUrl              = $StartUrl
            region                = $Region
            accessToken           = $token.accessToken
            expiresAt             = $wallNow.AddSeconds($ExpiresInSeconds).ToString($cacheTime, [Globalization.CultureInfo]::InvariantCulture)
            clientId              = $token.clientId
            clientSecret          = $token.clientSecret
            # Invoke-RestMethod turned the answer's time into a DateTime: write it back as `aws sso login` does.
            registrationExpiresAt = ([DateTime]$token.registrationExpiresAt).ToUniversalTime().ToString($cacheTime, [Globalization.CultureInfo]::InvariantCulture)
            refreshToken          = $token.refreshToken
        }
        $hash = [Convert]::ToHexString([Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes($CacheKey))).ToLowerInvariant()
        $null = New-Item -ItemType Directory -Path $CacheDirectory -Force
        $path = Join-Path $CacheDirectory "$hash.json"
        [IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $cache), [Text.UTF8Encoding]::new($false))
        $token | Add-Member -NotePropertyName CachePath -NotePropertyValue $path
    }
    $token
}

function Set-EmulatorSlack {
    <#
    .SYNOPSIS
    Sets the emulator's Slack workspace (POST /_emulator/slack): the bot token, and members and channels added or replaced
    by id; returns the workspace (without the token).
    .EXAMPLE
    Set-EmulatorSlack -Emulator $e -BotToken 'xoxb-1-2-abc' -Member @{ id = 'U0ALICE01'; email = 'alice@example.com' } -Channel @{ id = 'C0KEYS001'; name = 'key-hygiene' }
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $BotToken,
        [hashtable[]] $Member = @(),
        [hashtable[]] $Channel = @()
    )
    $body = @{ members = @($Member); channels = @($Channel) }
    if ($BotToken) { $body.botToken = $BotToken }
    Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path slack -Body $body
}

function Set-EmulatorSlackThrottle {
    <#
    .SYNOPSIS
    The next -Count calls of -Method (chat.postMessage, users.lookupByEmail, auth.test, webhook:slack, webhook:teams,
    webhook:generic) get HTTP 429 with Retry-After -RetryAfterSeconds (POST /_emulator/slack/throttle).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $Method,
        [ValidateRange(0, 100000)] [int] $Count = 1,
        [ValidateRange(0, 3600)] [int] $RetryAfterSeconds = 1
    )
    Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path slack/throttle -Body @{ method = $Method; count = $Count; retryAfterSeconds = $RetryAfterSeconds }
}

function Get-EmulatorSlackMessage {
    <#
    .SYNOPSIS
    The messages chat.postMessage accepted, in arrival order: ts, channel, requestedChannel, user (a DM's member), text, blocks, receivedAt.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [pscustomobject] $Emulator)
    (Invoke-EmulatorControl -Emulator $Emulator -Path slack/messages).messages
}

function Get-EmulatorWebhook {
    <#
    .SYNOPSIS
    The incoming-webhook POSTs the emulator accepted, in arrival order (kind, id, contentType, body, receivedAt); -Kind slack, teams or generic filters.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [ValidateSet('slack', 'teams', 'generic')] [string] $Kind
    )
    $path = if ($Kind) { "webhooks?kind=$Kind" } else { 'webhooks' }
    (Invoke-EmulatorControl -Emulator $Emulator -Path $path).webhooks
}

Export-ModuleMember -Function Start-Emulator, Stop-Emulator, Invoke-EmulatorControl, Move-EmulatorClock, Set-EmulatorFault, Get-EmulatorCall, New-EmulatorSsoToken,
    Set-EmulatorSlack, Set-EmulatorSlackThrottle, Get-EmulatorSlackMessage, Get-EmulatorWebhook
