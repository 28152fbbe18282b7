# The fault suite's harness (issue 10): the emulator's keys as a table and its comparison with an expected one,
# the secret scan over every stream, a real kill of a pwsh held at an AWS call, and the suite's summary line.
# The emulator comes from tests/Emulator.psm1, fresh processes from TestHelpers.psm1.

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1')

$script:ModuleTagPrefix = 'keyhygiene:'
$script:RootUser = '<root>'

# One row of a key table (also how a test writes its expected rows). ModuleTag is the value of the user's
# keyhygiene:<AccessKeyId> tag ($null = no tag); in an expected row it may be a -like pattern ('disabled=*').
function New-KeyRow {
    param(
        [Parameter(Mandatory)] [string] $AccountId,
        [Parameter(Mandatory)] [string] $UserName,
        [Parameter(Mandatory)] [string] $AccessKeyId,
        [ValidateSet('Active', 'Inactive')] [string] $Status = 'Active',
        [AllowNull()] [string] $ModuleTag
    )
    [pscustomobject]@{
        PSTypeName  = 'IamKeyHygiene.Tests.KeyRow'
        AccountId   = $AccountId
        UserName    = $UserName
        AccessKeyId = $AccessKeyId
        Status      = $Status
        ModuleTag   = if ($PSBoundParameters.ContainsKey('ModuleTag') -and $ModuleTag) { $ModuleTag } else { $null }
    }
}

# Every access key in the emulator (or in -AccountId), read from GET /_emulator/state: users' keys and root keys
# (UserName '<root>'), in account, user and key order.
function Get-EmulatorKeyTable {
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string[]] $AccountId
    )
    if (-not $AccountId) { $AccountId = @((Invoke-EmulatorControl -Emulator $Emulator -Path state).accountIds) }
    foreach ($id in $AccountId) {
        $account = Invoke-EmulatorControl -Emulator $Emulator -Path "state?account=$id"
        foreach ($key in @($account.rootAccessKeys)) {
            New-KeyRow -AccountId $id -UserName $script:RootUser -AccessKeyId $key.accessKeyId -Status $key.status
        }
        foreach ($user in @($account.users | Sort-Object name)) {
            $tags = $user.tags
            foreach ($key in @($user.keys | Sort-Object accessKeyId)) {
                $tag = $tags.PSObject.Properties[$script:ModuleTagPrefix + $key.accessKeyId]
                New-KeyRow -AccountId $id -UserName $user.name -AccessKeyId $key.accessKeyId -Status $key.status -ModuleTag $(if ($tag) { $tag.Value })
            }
        }
    }
}

# Compares the emulator's end state with the expected one, key by key. A key in -Expected and gone from -Actual
# is lost; a key whose status or module tag differs from -Expected, or a key -Expected does not list (a created
# or orphaned key), is a wrong action. With -Before (the table before the run), a key left as it was where a change
# was expected is a missed action instead of a wrong one. An expected row whose AccessKeyId is '*' stands for one
# key the run creates for that user (matched with any key of that user the other rows do not name).
function Assert-KeyTable {
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Expected,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Actual,
        [object[]] $Before = @()
    )
    $keyOf = { param($row) "$($row.AccountId)/$($row.AccessKeyId)" }
    $actualByKey = [ordered]@{}
    foreach ($row in $Actual) { $actualByKey[(& $keyOf $row)] = $row }
    $beforeByKey = @{}
    foreach ($row in $Before) { $beforeByKey[(& $keyOf $row)] = $row }

    $differences = [System.Collections.Generic.List[string]]::new()
    $counts = @{ Wrong = 0; Lost = 0; Missed = 0 }
    $matched = [System.Collections.Generic.HashSet[string]]::new()
    $newKeyRows = @($Expected | Where-Object AccessKeyId -EQ '*')

    foreach ($want in @($Expected | Where-Object AccessKeyId -NE '*')) {
        $id = & $keyOf $want
        $got = $actualByKey[$id]
        if ($null -eq $got) {
            $counts.Lost++
            $differences.Add("lost   $($want.AccountId) $($want.UserName) $($want.AccessKeyId): expected $(Format-KeyState $want), gone")
            continue
        }
        [void]$matched.Add($id)
        $problem = Compare-KeyState -Want $want -Got $got
        if (-not $problem) { continue }
        $was = $beforeByKey[$id]
        if ($null -ne $was -and -not (Compare-KeyState -Want $was -Got $got -Exact)) {
            $counts.Missed++
            $differences.Add("missed $($want.AccountId) $($want.UserName) $($want.AccessKeyId): expected $(Format-KeyState $want), left at $(Format-KeyState $got)")
        }
        else {
            $counts.Wrong++
            $differences.Add("wrong  $($want.AccountId) $($want.UserName) $($want.AccessKeyId): expected $(Format-KeyState $want), found $(Format-KeyState $got) ($problem)")
        }
    }

    foreach ($id in @($actualByKey.Keys | Where-Object { -not $matched.Contains($_) })) {
        $got = $actualByKey[$id]
        $slot = $newKeyRows | Where-Object { $_.AccountId -eq $got.AccountId -and $_.UserName -eq $got.UserName } | Select-Object -First 1
        if ($slot) {
            $newKeyRows = @($newKeyRows | Where-Object { -not [object]::ReferenceEquals($_, $slot) })
            $problem = Compare-KeyState -Want $slot -Got $got
            if ($problem) {
                $counts.Wrong++
                $differences.Add("wrong  $($got.AccountId) $($got.UserName) $($got.AccessKeyId) (new): expected $(Format-KeyState $slot), found $(Format-KeyState $got) ($problem)")
            }
            continue
        }
        $counts.Wrong++
        $differences.Add("extra  $($got.AccountId) $($got.UserName) $($got.AccessKeyId): not expected, found $(Format-KeyState $got)")
    }
    foreach ($slot in $newKeyRows) {
        $counts.Missed++
        $differences.Add("missed $($slot.AccountId) $($slot.UserName) (new key): expected $(Format-KeyState $slot), none created")
    }

    $result = [pscustomobject]@{
        PSTypeName    = 'IamKeyHygiene.Tests.KeyTableComparison'
        WrongActions  = $counts.Wrong
        LostKeys      = $counts.Lost
        MissedActions = $counts.Missed
        Matches       = $differences.Count -eq 0
        Differences   = [string[]]$differences
    }
    $result | Add-Member -MemberType ScriptMethod -Name ToString -Force -Value {
        if ($this.Matches) { 'key table matches' }
        else { "key table differs: wrong actions $($this.WrongActions), keys lost $($this.LostKeys), missed $($this.MissedActions)`n  " + ($this.Differences -join "`n  ") }
    }
    $result
}

function Format-KeyState($Row) { if ($Row.ModuleTag) { "$($Row.Status) tag '$($Row.ModuleTag)'" } else { "$($Row.Status) no tag" } }

# What differs between a wanted and a found key ($null = nothing). The wanted tag may be a -like pattern unless -Exact.
function Compare-KeyState($Want, $Got, [switch] $Exact) {
    $problems = @()
    if ($Want.Status -ne $Got.Status) { $problems += 'status' }
    $tagMatches = if ($null -eq $Want.ModuleTag) { $null -eq $Got.ModuleTag }
                  elseif ($Exact) { $Want.ModuleTag -ceq $Got.ModuleTag }
                  else { $null -ne $Got.ModuleTag -and $Got.ModuleTag -clike $Want.ModuleTag }
    if (-not $tagMatches) { $problems += 'tag' }
    if ($problems) { $problems -join ', ' }
}

# Every secret the emulator has issued or loaded (GET /_emulator/secrets, a test-only route).
function Get-EmulatorSecret([Parameter(Mandatory)] [pscustomobject] $Emulator) {
    @((Invoke-EmulatorControl -Emulator $Emulator -Path secrets).secrets)
}

# The forms a secret may leak in: raw, Base64 (standard and URL-safe, at each of the three byte alignments it can
# have inside a longer encoded text), URL-encoded (either hex case) and JSON-escaped ('+' as \u002B).
function Get-SecretForm([Parameter(Mandatory)] [string] $Secret) {
    $forms = [System.Collections.Generic.List[object]]::new()
    $forms.Add([pscustomobject]@{ Form = 'Raw'; Text = $Secret; IgnoreCase = $false })
    $bytes = [Text.Encoding]::UTF8.GetBytes($Secret)
    foreach ($offset in 0..2) {
        $encoded = [Convert]::ToBase64String([byte[]]::new($offset) + $bytes)
        # Only the characters made of the secret's bits alone: the first and last may mix in neighbouring bytes.
        $first = [Math]::Ceiling(8 * $offset / 6)
        $last = [Math]::Floor(8 * ($offset + $bytes.Length) / 6)
        $core = $encoded.Substring($first, $last - $first)
        $forms.Add([pscustomobject]@{ Form = 'Base64'; Text = $core; IgnoreCase = $false })
        $forms.Add([pscustomobject]@{ Form = 'Base64'; Text = $core.Replace('+', '-').Replace('/', '_'); IgnoreCase = $false })
    }
    $forms.Add([pscustomobject]@{ Form = 'UrlEncoded'; Text = [Uri]::EscapeDataString($Secret); IgnoreCase = $true })
    $forms.Add([pscustomobject]@{ Form = 'UrlEncoded'; Text = [Net.WebUtility]::UrlEncode($Secret); IgnoreCase = $true })
    $forms.Add([pscustomobject]@{ Form = 'JsonEscaped'; Text = $Secret.Replace('+', '\u002B'); IgnoreCase = $true })
    $forms | Where-Object { $_.Text.Length -ge 8 } | Sort-Object Form, Text -Unique
}

# Searches texts and files for every form of every secret. Returns one finding per secret, form and source, naming
# the secret only by its first four characters (a finding must not leak it again into the test's output).
function Find-LeakedSecret {
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Secrets,
        [AllowEmptyCollection()] [string[]] $Text = @(),
        [string[]] $Path = @()
    )
    $sources = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $Text.Count; $i++) { if ($Text[$i]) { $sources.Add([pscustomobject]@{ Name = "text[$i]"; Content = $Text[$i] }) } }
    foreach ($file in $Path) {
        if (Test-Path -LiteralPath $file -PathType Leaf) { $sources.Add([pscustomobject]@{ Name = $file; Content = [IO.File]::ReadAllText($file) }) }
        elseif (Test-Path -LiteralPath $file -PathType Container) {
            foreach ($item in Get-ChildItem -LiteralPath $file -File -Recurse) { $sources.Add([pscustomobject]@{ Name = $item.FullName; Content = [IO.File]::ReadAllText($item.FullName) }) }
        }
        else { throw "Find-LeakedSecret: no file '$file'" }
    }
    foreach ($secret in @($Secrets | Where-Object { $_ } | Sort-Object -Unique)) {
        foreach ($form in Get-SecretForm $secret) {
            $comparison = if ($form.IgnoreCase) { [StringComparison]::OrdinalIgnoreCase } else { [StringComparison]::Ordinal }
            foreach ($source in $sources) {
                if ($source.Content.IndexOf($form.Text, $comparison) -ge 0) {
                    [pscustomobject]@{ Secret = $secret.Substring(0, [Math]::Min(4, $secret.Length)) + '…'; Form = $form.Form; Source = $source.Name }
                }
            }
        }
    }
}

<#
Runs a script block as a user running with -Verbose -Debug and a transcript would: in a fresh runspace on this
host, with -Module imported (the built module by default), the verbose, debug, information and progress
preferences at Continue and a transcript on. Every stream is captured (output, error, warning, verbose, debug,
information, progress) and the transcript holds what the host showed (stream lines, What if: lines, Write-Host).
The block runs from its text: pass values through -ArgumentList. Returns the output objects, every stream's text,
the terminating error, the transcript's path and text, and .AllText (all of it as strings, for Find-LeakedSecret).
#>
function Invoke-WithAllStream {
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @(),
        [string[]] $Module = @(Get-BuiltModuleManifest),
        [string] $TranscriptPath = (Join-Path ([IO.Path]::GetTempPath()) "ikh-transcript-$([guid]::NewGuid().ToString('n')).txt")
    )
    $runspace = [runspacefactory]::CreateRunspace($Host)
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    $collected = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $terminating = $null
    $run = @'
param($modules, $block, $arguments, $transcript)
foreach ($m in $modules) { Import-Module $m -ErrorAction Stop }
$VerbosePreference = $DebugPreference = $InformationPreference = $ProgressPreference = 'Continue'
Start-Transcript -LiteralPath $transcript -Force | Out-Null
try { & ([scriptblock]::Create($block)) @arguments }
finally { Stop-Transcript | Out-Null }
'@
    try {
        $null = $shell.AddScript($run).AddArgument($Module).AddArgument($ScriptBlock.ToString()).AddArgument($ArgumentList).AddArgument($TranscriptPath)
        $shell.Invoke($null, $collected)
    }
    catch {
        $terminating = $_.Exception.InnerException ?? $_.Exception
    }
    $streams = $shell.Streams
    $output = @($collected)
    $texts = [ordered]@{
        Output      = @($output | ForEach-Object { ($_ | Out-String); ($_ | ConvertTo-Json -Depth 6 -WarningAction Ignore) })
        Error       = @(@($streams.Error | ForEach-Object { Format-ErrorText $_ }) + @($terminating | Where-Object { $_ } | ForEach-Object { Format-ExceptionText $_ }))
        Warning     = @($streams.Warning | ForEach-Object Message)
        Verbose     = @($streams.Verbose | ForEach-Object Message)
        Debug       = @($streams.Debug | ForEach-Object Message)
        Information = @($streams.Information | ForEach-Object { "$($_.MessageData)" })
        Progress    = @($streams.Progress | ForEach-Object { "$($_.Activity) $($_.StatusDescription) $($_.CurrentOperation)" })
    }
    $shell.Dispose()
    $runspace.Dispose()
    $transcript = if (Test-Path -LiteralPath $TranscriptPath) { [IO.File]::ReadAllText($TranscriptPath) } else { '' }
    [pscustomobject]@{
        PSTypeName       = 'IamKeyHygiene.Tests.AllStreams'
        Output           = $output
        Streams          = [pscustomobject]$texts
        TerminatingError = $terminating
        TranscriptPath   = $TranscriptPath
        Transcript       = $transcript
        AllText          = [string[]](@($texts.Values | ForEach-Object { $_ }) + $transcript)
    }
}

function Format-ExceptionText($Exception) {
    $messages = while ($Exception) { $Exception.Message; $Exception = $Exception.InnerException }
    $messages -join "`n"
}

function Format-ErrorText($Record) {
    (@($Record.ToString(), $Record.FullyQualifiedErrorId, $Record.CategoryInfo.ToString(), $Record.ErrorDetails.Message, "$($Record.TargetObject)", (Format-ExceptionText $Record.Exception)) | Where-Object { $_ }) -join "`n"
}

function Wait-EmulatorWaiting([pscustomobject] $Emulator, [int] $Count, [int] $TimeoutSeconds, $Process) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ((Invoke-EmulatorControl -Emulator $Emulator -Path faults/counts).waiting -ne $Count) {
        if ($Process -and $Process.HasExited) { return $false }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The emulator never had $Count request(s) held within $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 50
    }
    $true
}

<#
Holds -Operation in the emulator (-Phase beforeCommit: before it runs; afterCommit: after its change is made), runs
-Script in a fresh pwsh (Start-FreshPwsh; -Parameters reach it as $env:IKH_TEST_PARAMS), waits until the emulator
holds its request, kills the process tree (a real kill: no finally block of the script runs), waits until the
emulator has dropped the request, then releases the hold. Throws if the script ends without reaching the held call.
#>
function Invoke-KilledRun {
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [string] $Operation,
        [ValidateSet('beforeCommit', 'afterCommit')] [string] $Phase = 'beforeCommit',
        [hashtable] $Parameters = @{},
        [int] $TimeoutSeconds = 120,
        [int] $Skip = 0
    )
    $faults = Invoke-EmulatorControl -Emulator $Emulator -Path faults
    $fault = @{ hold = @{ operation = $Operation; phase = $Phase; skip = $Skip } }
    foreach ($property in $faults.PSObject.Properties) { if ($property.Name -ne 'hold' -and $null -ne $property.Value) { $fault[$property.Name] = $property.Value } }
    Set-EmulatorFault -Emulator $Emulator -Fault $fault | Out-Null
    $started = Start-FreshPwsh -Script $Script -Parameters $Parameters
    $process = $started.Process
    try {
        if (-not (Wait-EmulatorWaiting -Emulator $Emulator -Count 1 -TimeoutSeconds $TimeoutSeconds -Process $process)) {
            $process.WaitForExit()
            throw "The script ended (exit $($process.ExitCode)) without reaching the held $Operation`: $($started.StdErr.GetAwaiter().GetResult())"
        }
        $process.Kill($true)
        $process.WaitForExit()
        [void](Wait-EmulatorWaiting -Emulator $Emulator -Count 0 -TimeoutSeconds $TimeoutSeconds)
        $released = (Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path release).released
        [pscustomobject]@{
            Operation = $Operation
            Phase     = $Phase
            Skip      = $Skip
            ExitCode  = $process.ExitCode
            StdOut    = $started.StdOut.GetAwaiter().GetResult()
            StdErr    = $started.StdErr.GetAwaiter().GetResult()
            Released  = $released
        }
    }
    finally {
        if (-not $process.HasExited) { $process.Kill($true); $process.WaitForExit() }
        Remove-Item $started.ScriptFile -ErrorAction Ignore
    }
}

# One SigV4-signed POST to the emulator (the test's own client, not the module's): -Body as given, -Target for JSON
# protocols. Returns the response body; throws on an HTTP error with the AWS error text (never a secret).
function Invoke-SignedEmulatorRequest {
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $Service,
        [Parameter(Mandatory)] [string] $Body,
        [Parameter(Mandatory)] [string] $ContentType,
        [string] $Target,
        [Parameter(Mandatory)] [string] $AccessKey,
        [Parameter(Mandatory)] [string] $SecretKey,
        [string] $SessionToken,
        [string] $Region = 'us-east-1'
    )
    $uri = [Uri]$Emulator.Url
    $now = [DateTime]::UtcNow
    $amzDate = $now.ToString("yyyyMMdd'T'HHmmss'Z'", [Globalization.CultureInfo]::InvariantCulture)
    $day = $amzDate.Substring(0, 8)
    $headers = [ordered]@{ 'content-type' = $ContentType; 'host' = $uri.Authority; 'x-amz-date' = $amzDate }
    if ($SessionToken) { $headers['x-amz-security-token'] = $SessionToken }
    if ($Target) { $headers['x-amz-target'] = $Target }
    $names = @($headers.Keys | Sort-Object)
    $sha = { param([byte[]] $b) -join ([Security.Cryptography.SHA256]::HashData($b) | ForEach-Object { $_.ToString('x2') }) }
    $hmac = { param([byte[]] $k, [string] $t) [Security.Cryptography.HMACSHA256]::HashData($k, [Text.Encoding]::UTF8.GetBytes($t)) }
    $canonical = "POST`n/`n`n" + (-join ($names | ForEach-Object { "$_`:$($headers[$_])`n" })) + "`n" + ($names -join ';') + "`n" + (& $sha ([Text.Encoding]::UTF8.GetBytes($Body)))
    $scope = "$day/$Region/$Service/aws4_request"
    $toSign = "AWS4-HMAC-SHA256`n$amzDate`n$scope`n" + (& $sha ([Text.Encoding]::UTF8.GetBytes($canonical)))
    $key = [Text.Encoding]::UTF8.GetBytes("AWS4$SecretKey")
    foreach ($part in $day, $Region, $Service, 'aws4_request') { $key = & $hmac $key $part }
    $signature = -join ((& $hmac $key $toSign) | ForEach-Object { $_.ToString('x2') })
    $send = @{ 'X-Amz-Date' = $amzDate; Authorization = "AWS4-HMAC-SHA256 Credential=$AccessKey/$scope, SignedHeaders=$($names -join ';'), Signature=$signature" }
    if ($SessionToken) { $send['X-Amz-Security-Token'] = $SessionToken }
    if ($Target) { $send['X-Amz-Target'] = $Target }
    $response = Invoke-WebRequest -Uri $Emulator.Url -Method Post -Body ([Text.Encoding]::UTF8.GetBytes($Body)) -ContentType $ContentType -Headers $send -SkipHttpErrorCheck -SkipHeaderValidation
    # A JSON protocol's content type is not text to Invoke-WebRequest: its Content comes as bytes.
    $text = if ($response.Content -is [byte[]]) { [Text.Encoding]::UTF8.GetString($response.Content) } else { [string]$response.Content }
    if ($response.StatusCode -ge 300) { throw "$Service $Target answered $($response.StatusCode): $text" }
    $text
}

# One Secrets Manager call in -AccountId as the test's own client: the emulator's admin assumes -RoleName there, then
# -Operation with -Body (a hashtable). Returns the answer as an object.
function Invoke-MemberSecretsManager {
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $AccountId,
        [Parameter(Mandatory)] [string] $Operation,
        [Parameter(Mandatory)] [hashtable] $Body,
        [string] $RoleName = 'KeyHygieneAudit'
    )
    $form = "Action=AssumeRole&Version=2011-06-15&RoleSessionName=fault-suite&RoleArn=" + [Uri]::EscapeDataString("arn:aws:iam::$AccountId`:role/$RoleName")
    $xml = [xml](Invoke-SignedEmulatorRequest -Emulator $Emulator -Service sts -Body $form -ContentType 'application/x-www-form-urlencoded; charset=utf-8' `
            -AccessKey $Emulator.AccessKeyId -SecretKey $Emulator.SecretAccessKey)
    $session = $xml.AssumeRoleResponse.AssumeRoleResult.Credentials
    Invoke-SignedEmulatorRequest -Emulator $Emulator -Service secretsmanager -Target "secretsmanager.$Operation" -ContentType 'application/x-amz-json-1.1' `
        -Body ($Body | ConvertTo-Json -Compress) -AccessKey $session.AccessKeyId -SecretKey $session.SecretAccessKey -SessionToken $session.SessionToken |
        ConvertFrom-Json
}

# The key a rotation stored in Secrets Manager (the AWSCURRENT version of -SecretId in -AccountId), read as the test's
# own client (Invoke-MemberSecretsManager). {AccessKeyId, SecretAccessKey}, or $null when there is no such secret.
# The caller keeps the secret out of every message.
function Get-StoredRotationKey {
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $AccountId,
        [Parameter(Mandatory)] [string] $SecretId,
        [string] $RoleName = 'KeyHygieneAudit'
    )
    try {
        $answer = Invoke-MemberSecretsManager -Emulator $Emulator -AccountId $AccountId -RoleName $RoleName -Operation GetSecretValue -Body @{ SecretId = $SecretId }
    }
    catch { if ("$_" -match 'ResourceNotFoundException') { return $null } throw }
    $value = $answer.SecretString | ConvertFrom-Json
    [pscustomobject]@{ AccessKeyId = $value.AccessKeyId; SecretAccessKey = $value.SecretAccessKey }
}

# The suite's running totals: scenarios, faults the emulator injected, wrong actions and lost keys, and its time.
function New-FaultSuiteTally {
    [pscustomobject]@{
        PSTypeName     = 'IamKeyHygiene.Tests.FaultSuiteTally'
        Scenarios      = 0
        FaultsInjected = 0
        WrongActions   = 0
        LostKeys       = 0
        MissedActions  = 0
        Stopwatch      = [Diagnostics.Stopwatch]::StartNew()
    }
}

# Faults the emulator injected since its counts were last cleared (fault set, reset): every kind but latency.
function Get-EmulatorFaultTotal([Parameter(Mandatory)] [pscustomobject] $Emulator) {
    $total = 0
    foreach ($kind in (Invoke-EmulatorControl -Emulator $Emulator -Path faults/counts).counts.PSObject.Properties) {
        if ($kind.Name -eq 'latency') { continue }
        foreach ($operation in $kind.Value.PSObject.Properties) { $total += [int]$operation.Value }
    }
    $total
}

# Adds one scenario to the tally: the emulator's injected faults (read before the next reset clears them) and the
# scenario's key table comparison (Assert-KeyTable's result). -FaultsInjected adds faults counted elsewhere (a kill).
function Add-FaultSuiteScenario {
    param(
        [Parameter(Mandatory)] [pscustomobject] $Tally,
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [pscustomobject] $Comparison,
        [int] $FaultsInjected = 0
    )
    $Tally.Scenarios++
    $Tally.FaultsInjected += (Get-EmulatorFaultTotal -Emulator $Emulator) + $FaultsInjected
    $Tally.WrongActions += $Comparison.WrongActions
    $Tally.LostKeys += $Comparison.LostKeys
    $Tally.MissedActions += $Comparison.MissedActions
}

# The suite's summary line, from the tally's real counts.
function Format-FaultSuiteSummary([Parameter(Mandatory)] [pscustomobject] $Tally) {
    "fault suite: $($Tally.Scenarios) scenarios, $($Tally.FaultsInjected) faults injected, wrong actions: $($Tally.WrongActions), keys lost: $($Tally.LostKeys)"
}

Export-ModuleMember -Function Invoke-SignedEmulatorRequest, Invoke-MemberSecretsManager, Get-StoredRotationKey, New-KeyRow, Get-EmulatorKeyTable, Assert-KeyTable, Get-EmulatorSecret, Get-SecretForm, Find-LeakedSecret,
    Invoke-WithAllStream, Invoke-KilledRun, New-FaultSuiteTally, Get-EmulatorFaultTotal, Add-FaultSuiteScenario, Format-FaultSuiteSummary
