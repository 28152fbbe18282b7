# What HelpExamples.Tests.ps1 stands on: the world a help example assumes (files, profiles, environment) built
# around the emulator, and a runner that runs one example in a fresh runspace with every change previewed (-WhatIf).

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

# Literal values examples give that only the reader's machine has, and what the test uses instead.
function Get-ExampleStandIn([Parameter(Mandatory)] $Emulator) {
    [ordered]@{
        # The port a reader starts the emulator on (Get-KeyHygieneIdentity's example); the test's emulator has its own.
        'http://127.0.0.1:5000' = $Emulator.Url
    }
}

<#
The files examples name, in the folder they run in: the repository's samples/ (examples read
./samples/eventbridge/... and ./samples/policy/...), the sample policy with its owners and exemptions files at the
top, a Rotate policy, an accounts CSV, findings reviewed in a CSV, CloudTrail events one per line, a run history,
and a credentials file (with every profile an example names, each holding -ProfileKey) at every -ProfileLocation an example gives.
An example that reads a new file needs it added here.
#>
function New-ExampleWorkFolder {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] $Emulator,
        # The key every profile holds: @{ AccessKeyId; SecretAccessKey } of a user of the scenario.
        [Parameter(Mandatory)] [hashtable] $ProfileKey,
        [string[]] $ExampleCode = @()
    )
    Copy-Item (Join-Path $Root 'samples') $Path -Recurse
    # The module's local application data folder (the default audit log): .NET finds it only when it exists.
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $Path '.local/share')
    Copy-Item (Join-Path $Root 'samples/policy/*.json') $Path
    Set-Content -Path (Join-Path $Path 'rotate.json') -Value '{ "description": "Rotate keys older than 90 days.", "action": "Rotate", "rotateAgeDays": 90 }'
    @('AccountId', '333333333301', '444444444401') | Set-Content -Path (Join-Path $Path 'accounts.csv')

    $aws = @{ AccessKey = $Emulator.AccessKeyId; SecretKey = $Emulator.SecretAccessKey; Region = 'us-east-1'; EndpointUrl = $Emulator.Url }
    Get-OrganizationAccount @aws -AccountId 444444444401 -RoleName KeyHygieneAudit | Get-StaleAccessKey @aws |
        Export-Csv -Path (Join-Path $Path 'reviewed-findings.csv')

    $events = Join-Path $Root 'samples/eventbridge'
    @('create-access-key-event.json', 'create-access-key-event.sns.json', 'create-access-key-event.detail.json') | ForEach-Object {
        Get-Content -Raw (Join-Path $events $_) | ConvertFrom-Json | ConvertTo-Json -Depth 30 -Compress
    } | Set-Content -Path (Join-Path $Path 'events.jsonl')

    # Three daily runs in the run history's format (docs/records.md).
    $null = New-Item -ItemType Directory -Path (Join-Path $Path 'history')
    @(1..3 | ForEach-Object {
            $day = [DateTime]::UtcNow.Date.AddDays($_ - 4).ToString('yyyy-MM-dd')
            "{`"runId`":`"run-$_`",`"start`":`"${day}T09:00:00Z`",`"end`":`"${day}T09:05:00Z`",`"stages`":{`"Healthy`":20,`"Disable`":$(10 - 3 * $_)},`"outcomes`":{},`"errors`":[],`"accounts`":[]}"
        }) | Set-Content -Path (Join-Path $Path 'history/runs.jsonl')

    $profiles = @('default') + @($ExampleCode | ForEach-Object { [regex]::Matches($_, '-ProfileName\s+([\w.-]+)') | ForEach-Object { $_.Groups[1].Value } }) | Sort-Object -Unique
    $locations = @(Join-Path $Path '.aws/credentials') + @($ExampleCode | ForEach-Object {
            [regex]::Matches($_, '-ProfileLocation\s+([\w./-]+)') | ForEach-Object { Join-Path $Path $_.Groups[1].Value }
        })
    foreach ($credentials in $locations) {
        $null = New-Item -ItemType Directory -Force -Path (Split-Path $credentials)
        ($profiles | ForEach-Object { "[$_]`naws_access_key_id = $($ProfileKey.AccessKeyId)`naws_secret_access_key = $($ProfileKey.SecretAccessKey)`n" }) -join "`n" |
            Set-Content -Path $credentials
        ($profiles | ForEach-Object { if ($_ -eq 'default') { "[default]`nregion = us-east-1`n" } else { "[profile $_]`nregion = us-east-1`n" } }) -join "`n" |
            Set-Content -Path (Join-Path (Split-Path $credentials) 'config')
    }
}

# The environment of a runbook pointed at the emulator: its admin's keys, its URL for every service, the folder's
# credentials and config files, and the module's records (the default audit log) inside the folder.
function Get-ExampleEnvironment([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] $Emulator) {
    $environment = @{}
    foreach ($name in @([Environment]::GetEnvironmentVariables().Keys)) {
        if ($name -like 'AWS_*' -or $name -like 'IAMKEYHYGIENE_*') { $environment[$name] = $null }
    }
    $environment['AWS_ACCESS_KEY_ID'] = $Emulator.AccessKeyId
    $environment['AWS_SECRET_ACCESS_KEY'] = $Emulator.SecretAccessKey
    $environment['AWS_REGION'] = 'us-east-1'
    $environment['AWS_ENDPOINT_URL'] = $Emulator.Url
    $environment['AWS_SHARED_CREDENTIALS_FILE'] = Join-Path $Path '.aws/credentials'
    $environment['AWS_CONFIG_FILE'] = Join-Path $Path '.aws/config'
    $environment['AWS_EC2_METADATA_DISABLED'] = 'true'
    $environment['XDG_DATA_HOME'] = Join-Path $Path '.local/share'
    $environment
}

# Sets process environment variables ($null removes one); returns what they were, to set back.
function Set-ProcessEnvironment([Parameter(Mandatory)] [hashtable] $Environment) {
    $previous = @{}
    foreach ($entry in $Environment.GetEnumerator()) {
        $previous[$entry.Key] = [Environment]::GetEnvironmentVariable($entry.Key)
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
    $previous
}

<#
Runs one example in a fresh runspace with the built module, from -Folder, under -Environment (set again before
each example: an example may set $env:AWS_REGION). Every cmdlet of the module that has -WhatIf gets -WhatIf (an
explicit -WhatIf:$false is taken out), Send-KeyOwnerNotice talks to the emulator's Slack, Read-Host answers the
Slack token, and `aws` is the AWS CLI sent to a closed port: it must fail on the connection, never on parameter
validation. Strict mode catches a variable an example uses but never sets. Returns .Errors (error records and a
terminating error, as text) and .Output (what the example showed, warnings included).
#>
function Invoke-HelpExample {
    param(
        [Parameter(Mandatory)] [string] $Code,
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [hashtable] $Environment,
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $SlackToken
    )
    $script = $Code -replace '-WhatIf:\$false', ''
    foreach ($standIn in (Get-ExampleStandIn $Emulator).GetEnumerator()) { $script = $script.Replace($standIn.Key, $standIn.Value) }

    $defaults = @{ 'Send-KeyOwnerNotice:SlackApiUrl' = "$($Emulator.Url)/slack/api/" }
    foreach ($command in Get-Command -Module IamKeyHygiene -CommandType Cmdlet) {
        if ($command.Parameters.ContainsKey('WhatIf')) { $defaults["$($command.Name):WhatIf"] = $true }
    }

    $null = Set-ProcessEnvironment $Environment
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $state.ImportPSModule((Get-BuiltModuleManifest))
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    try {
        $prelude = {
            param($Folder, $Defaults, $SlackToken)
            Set-Location $Folder
            Set-StrictMode -Version 3
            foreach ($default in $Defaults.GetEnumerator()) { $global:PSDefaultParameterValues[$default.Key] = $default.Value }
            $global:ExampleSlackToken = $SlackToken
            function global:Read-Host {
                param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString)
                if ($AsSecureString) { return ConvertTo-SecureString $global:ExampleSlackToken -AsPlainText -Force }
                ''
            }
            function global:aws {
                $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
                $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
                $text = & (Get-Command aws -CommandType Application | Select-Object -First 1) @args --endpoint-url "http://127.0.0.1:$port" --cli-connect-timeout 2 2>&1 | Out-String
                if ($text -notmatch 'Could not connect to the endpoint URL') { Write-Error "aws $($args -join ' '): $text" }
            }
        }
        $null = $shell.AddScript($prelude.ToString(), $false).AddParameters(@{ Folder = $Folder; Defaults = $defaults; SlackToken = $SlackToken })
        $null = $shell.Invoke()
        $shell.Commands.Clear()

        $parameters = @{}
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($script, [ref]$null, [ref]$null)
        if ($ast.ParamBlock) {
            foreach ($parameter in $ast.ParamBlock.Parameters) {
                $name = $parameter.Name.VariablePath.UserPath
                if ($name -ne 'WebhookData') { throw "An example takes -$name; give it a value in Invoke-HelpExample." }
                # Azure Automation's $WebhookData: RequestBody holds the EventBridge event as JSON text.
                $parameters.WebhookData = Get-Content -Raw (Join-Path $Folder 'samples/eventbridge/create-access-key-event.webhookdata.json') | ConvertFrom-Json
            }
        }
        $null = $shell.AddScript($script, $false).AddParameters($parameters).AddCommand('Out-String').AddParameter('Width', 200)
        $errors = @()
        $output = ''
        try { $output = -join @($shell.Invoke()) }
        catch { $errors += "terminating: $($_.Exception.InnerException ?? $_.Exception)" }
        $errors += @($shell.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
        $warnings = @($shell.Streams.Warning | ForEach-Object { "WARNING: $_" })
        [pscustomobject]@{ Errors = $errors; Output = (@($warnings) + $output) -join "`n" }
    }
    finally {
        $shell.Dispose()
        $runspace.Dispose()
    }
}

Export-ModuleMember -Function New-ExampleWorkFolder, Get-ExampleEnvironment, Set-ProcessEnvironment, Invoke-HelpExample
