# Shared helpers for the Pester tests: where the built module is, a fresh pwsh per isolation case, a local
# STS endpoint (the tests' one local server, tests/Unit/Support/StubAwsServer.cs), the AWSSDK.Core copies an
# AWS.Tools session would hold.

$ErrorActionPreference = 'Stop'

# The real STS reply (layout of the API reference and awscli capture; values of the STS model's example).
$script:GetCallerIdentityResponse = @'
<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AKIAI44QH8DHBEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
'@

function Get-BuiltModuleFolder {
    $folder = if ($env:IAMKEYHYGIENE_MODULE_FOLDER) { $env:IAMKEYHYGIENE_MODULE_FOLDER } else { Join-Path $PSScriptRoot '../../out/IamKeyHygiene' }
    if (-not (Test-Path (Join-Path $folder 'IamKeyHygiene.psd1'))) { throw "No built module at ${folder}: run ./build.ps1 -Task Build." }
    (Resolve-Path $folder).Path
}

function Get-BuiltModuleManifest { Join-Path (Get-BuiltModuleFolder) 'IamKeyHygiene.psd1' }

function Get-NuGetPackagesFolder {
    $line = dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

# The AWSSDK.Core.dll of another version, as restored by Pester.Download.csproj.
function Get-OtherAwsSdkCorePath([ValidateSet('4.1.0', '3.7.402')] [string] $Version) {
    $path = Join-Path (Get-NuGetPackagesFolder) "awssdk.core/$Version/lib/net8.0/AWSSDK.Core.dll"
    if (-not (Test-Path $path)) { throw "AWSSDK.Core $Version is not in the NuGet cache: dotnet restore tests/Pester/Pester.Download.csproj" }
    $path
}

# A local endpoint answering every request with New-StsReply's reply until its .Reply is changed.
function Start-StsStub {
    if (-not ('IamKeyHygiene.Tests.Unit.StubAwsServer' -as [type])) {
        Add-Type -TypeDefinition (Get-Content -Raw (Join-Path $PSScriptRoot '../Unit/Support/StubAwsServer.cs'))
    }
    [IamKeyHygiene.Tests.Unit.StubAwsServer]::new((New-StsReply))
}

# An XML reply for the stub: STS GetCallerIdentity's unless -Body says otherwise.
function New-StsReply([string] $Body = $script:GetCallerIdentityResponse, [int] $Status = 200) {
    [IamKeyHygiene.Tests.Unit.StubReply]::Xml($Body, $Status)
}

# The access key id and region that signed a request (from its SigV4 Authorization header).
function Get-SigningScope([Parameter(Mandatory)] $Request) {
    $authorization = $Request.Header('Authorization')
    if ($authorization -notmatch 'Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request') { throw "Not a SigV4 request: $authorization" }
    [pscustomobject]@{ AccessKeyId = $Matches[1]; Region = $Matches[2]; Service = $Matches[3] }
}

<#
Starts a script in a fresh pwsh (the same PowerShell as this one) without waiting, with a clean AWS environment:
no AWS_* variables from this machine, shared config/credentials files pointing at nothing, instance metadata off.
-Parameters reach the script as $env:IKH_TEST_PARAMS (JSON). Returns the process (output redirected) and the
script file, which the caller removes.
#>
function Start-FreshPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Parameters = @{},
        [hashtable] $Environment = @{}
    )

    $scriptFile = Join-Path ([IO.Path]::GetTempPath()) "ikh-fresh-$([guid]::NewGuid().ToString('n')).ps1"
    Set-Content -Path $scriptFile -Value $Script -Encoding utf8
    $processPath = [Environment]::ProcessPath
    $info = [System.Diagnostics.ProcessStartInfo]::new($processPath)
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $scriptFile)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false

    foreach ($name in @($info.Environment.Keys)) { if ($name -like 'AWS_*') { [void]$info.Environment.Remove($name) } }
    $nowhere = Join-Path ([IO.Path]::GetTempPath()) "ikh-no-aws-$([guid]::NewGuid().ToString('n'))"
    $info.Environment['AWS_CONFIG_FILE'] = Join-Path $nowhere 'config'
    $info.Environment['AWS_SHARED_CREDENTIALS_FILE'] = Join-Path $nowhere 'credentials'
    # Never reach 169.254.169.254 from a test: only loopback traffic is allowed here.
    $info.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
    $info.Environment['IKH_TEST_PARAMS'] = ($Parameters | ConvertTo-Json -Compress -Depth 5)
    foreach ($entry in $Environment.GetEnumerator()) { $info.Environment[$entry.Key] = [string]$entry.Value }

    $process = [System.Diagnostics.Process]::Start($info)
    [pscustomobject]@{
        Process    = $process
        ScriptFile = $scriptFile
        StdOut     = $process.StandardOutput.ReadToEndAsync()
        StdErr     = $process.StandardError.ReadToEndAsync()
    }
}

<#
Runs a script in a fresh pwsh (Start-FreshPwsh) and waits for it; the script's last output line that is JSON is
returned as .Result.
#>
function Invoke-FreshPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Parameters = @{},
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 120
    )

    $started = Start-FreshPwsh -Script $Script -Parameters $Parameters -Environment $Environment
    try {
        $process = $started.Process
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "The fresh pwsh did not finish within $TimeoutSeconds s."
        }
        $process.WaitForExit()
        $out = $started.StdOut.GetAwaiter().GetResult()
        $jsonLine = ($out -split '\r?\n' | Where-Object { $_ -match '^\s*[\{\[]' } | Select-Object -Last 1)
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            StdOut   = $out
            StdErr   = $started.StdErr.GetAwaiter().GetResult()
            Result   = if ($jsonLine) { $jsonLine | ConvertFrom-Json } else { $null }
        }
    }
    finally {
        Remove-Item $started.ScriptFile -ErrorAction Ignore
    }
}

Export-ModuleMember -Function Get-BuiltModuleFolder, Get-BuiltModuleManifest, Get-OtherAwsSdkCorePath, Start-StsStub,
    New-StsReply, Get-SigningScope, Start-FreshPwsh, Invoke-FreshPwsh
