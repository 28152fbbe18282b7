<#
.SYNOPSIS
    Builds, tests and packages IamKeyHygiene.
.DESCRIPTION
    Run under the pinned PowerShell: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
    Build    out/IamKeyHygiene/ (the importable module) and out/emulator/.
    Test     Build, the machine packages the tests need, xunit (tests/Unit) and Pester (tests/Pester) against the
             built module; the last line is "N passed, N failed"; exit 1 when anything failed.
    Package  Build, then a PowerShell Gallery-ready .nupkg in out/package/.
    Demo     Build, then the main job on the demo organization (samples/emulator/demo-org.json) in the emulator, then
             eight simulated weeks of daily runs (samples/emulator/Invoke-DemoWeeks.ps1) ending with the HTML report.
    Bench    Build, then the org-scan and acting benchmarks (benchmarks/scan, benchmarks/actions); slow, never in CI.
    Models   Cut the botocore model slices the protocol project embeds
             (src/IamKeyHygiene.AwsProtocol/Model/Slices) from tests/aws-reference/models, keeping the operations
             tools/ModelSlicer/slices.json lists; run it after changing that list, then Test (ModelSliceTests check
             the embedded slices equal a fresh cut).
    Every task builds what it needs first.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench', 'Models')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

# Plain text in CI logs and files (this process and every child pwsh, Pester included).
if ($env:CI -or [Console]::IsOutputRedirected) {
    $env:NO_COLOR = '1'
    $PSStyle.OutputRendering = 'PlainText'
}

# Debian packages the tests use: the AWS CLI, a real SMTP server (aiosmtpd) with openssl to make its per-run
# self-signed certificate, and headless Chromium to render the HTML report.
$TestDebianPackages = @('awscli', 'python3-aiosmtpd', 'openssl', 'chromium')

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'IamKeyHygiene'
$TestResults = Join-Path $Out 'test-results'
$ModuleName = 'IamKeyHygiene'

# Our assemblies in deps/, loaded privately like AWSSDK.* (src/IamKeyHygiene/Loading/DependencyFolder.cs names them too).
$PrivateAssemblies = @('IamKeyHygiene.Engine', 'IamKeyHygiene.AwsProtocol')

# Libraries in deps/ loaded privately too, since another module may load other versions of them (DependencyFolder.cs
# names the same): MailKit for e-mail notices and what it stands on.
$PrivateLibraries = @('MailKit', 'MimeKit', 'BouncyCastle.Cryptography')

# What deps/ may hold besides ours and AWSSDK.*: the netstandard2.0 polyfills Windows PowerShell 5.1
# needs. Names only; the files (and so their versions) come from the engine's publish output.
$PolyfillAssemblies = @(
    'Microsoft.Bcl.AsyncInterfaces', 'System.Text.Json', 'System.Text.Encodings.Web', 'System.Memory',
    'System.Buffers', 'System.Runtime.CompilerServices.Unsafe', 'System.Threading.Tasks.Extensions',
    'System.Numerics.Vectors',
    # MimeKit's, for S/MIME and charsets (notices use neither S/MIME nor legacy charsets, but the types must load).
    'System.Formats.Asn1', 'System.Security.Cryptography.Pkcs', 'System.Security.Cryptography.Cng',
    'System.Text.Encoding.CodePages', 'Microsoft.Bcl.Cryptography', 'System.Data.DataSetExtensions'
)

function Write-Step([string] $message) { Write-Host "==> $message" -ForegroundColor Cyan }

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    # To the console: a tool's output must not become a function's return value.
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' exited with $LASTEXITCODE." }
}

# How to start a fresh pwsh like this one: under 'dotnet pwsh' the process is the dotnet host running pwsh.dll.
function Get-PwshCommand {
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    @($processPath)
}

function Invoke-ChildPwsh {
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    $pwsh = @(Get-PwshCommand)
    $prefix = @($pwsh | Select-Object -Skip 1)
    # The child's output goes to the console, not into this function's result.
    & $pwsh[0] @prefix -NoProfile -NonInteractive -File $File @ArgumentList | Out-Host
    $LASTEXITCODE
}

function Get-NuGetPackagesFolder {
    $line = dotnet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0) { throw 'dotnet nuget locals global-packages --list failed.' }
    ($line -replace '^global-packages:\s*', '').Trim()
}

# ---------------------------------------------------------------- Build

function Invoke-BuildTask {
    Write-Step "Build ($Configuration)"
    $staging = Join-Path ([IO.Path]::GetTempPath()) "iamkeyhygiene-build-$PID"
    try {
        $enginePublish = Join-Path $staging 'engine'
        Invoke-Native dotnet @('publish', (Join-Path $Root 'src/IamKeyHygiene.Engine'), '-c', $Configuration, '-o', $enginePublish, '--nologo', '-v', 'quiet')
        Invoke-Native dotnet @('build', (Join-Path $Root 'src/IamKeyHygiene'), '-c', $Configuration, '--nologo', '-v', 'quiet')

        if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
        $deps = Join-Path $ModuleOut 'deps'
        $null = New-Item -ItemType Directory -Force -Path $deps

        # The cmdlet assembly alone at the module root: were the engine next to it, the default load context
        # would find it there and the private context would never be asked.
        $cmdletBin = Join-Path $Root "src/IamKeyHygiene/bin/$Configuration/netstandard2.0"
        Copy-Item (Join-Path $cmdletBin "$ModuleName.dll") $ModuleOut
        Copy-EngineDependencies -PublishFolder $enginePublish -Destination $deps
        if (Test-ReadyToRunHost) { Add-ReadyToRunCode -Staging (Join-Path $staging 'readytorun') -Destination $deps }

        Copy-Item (Join-Path $Root "$ModuleName.psd1") $ModuleOut
        Copy-Item (Join-Path $Root "src/IamKeyHygiene/*.Format.ps1xml") $ModuleOut
        Copy-Item (Join-Path $Root 'src/IamKeyHygiene/Templates') $ModuleOut -Recurse
        Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut

        $helpFile = Join-Path $ModuleOut "en-US/$ModuleName.dll-Help.xml"
        $exit = Invoke-ChildPwsh -File (Join-Path $Root 'src/IamKeyHygiene/Help/New-MamlHelp.ps1') -ArgumentList @(
            '-ModuleManifest', (Join-Path $ModuleOut "$ModuleName.psd1"), '-OutputFile', $helpFile,
            '-XmlDocumentation', (Join-Path $cmdletBin "$ModuleName.xml"))
        if ($exit -ne 0) { throw "Help generation failed (exit $exit)." }
        $exit = Invoke-ChildPwsh -File (Join-Path $Root 'src/IamKeyHygiene/Help/New-AboutHelp.ps1') -ArgumentList @(
            '-EngineAssembly', (Join-Path $deps 'IamKeyHygiene.Engine.dll'), '-OutputFolder', (Join-Path $ModuleOut 'en-US'))
        if ($exit -ne 0) { throw "About topic generation failed (exit $exit)." }
    }
    finally {
        if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    }

    Write-Step 'Build emulator'
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/IamKeyHygiene.Emulator'), '-c', 'Release', '-o', (Join-Path $Out 'emulator'), '--nologo', '-v', 'quiet')
    Write-Host "Module: $ModuleOut"
}

# deps/ = the engine's publish output, restricted to ours (engine, protocol layer), AWSSDK.* and the known polyfills.
# An unknown assembly stops the build: it needs a decision (private like AWSSDK, or a framework polyfill).
function Copy-EngineDependencies([string] $PublishFolder, [string] $Destination) {
    $unknown = @()
    foreach ($file in Get-ChildItem $PublishFolder -Filter '*.dll') {
        $name = $file.BaseName
        if ($name -in $PrivateAssemblies -or $name -like 'AWSSDK.*' -or $name -in $PrivateLibraries -or $name -in $PolyfillAssemblies) {
            Copy-Item $file.FullName $Destination
        }
        else {
            $unknown += $file.Name
        }
    }
    if ($unknown) {
        throw "The engine's publish output has assemblies build.ps1 does not know: $($unknown -join ', '). " +
            'Add them to $PolyfillAssemblies (framework polyfills) or load them privately like AWSSDK.*.'
    }
    foreach ($required in @($PrivateAssemblies + $PrivateLibraries | ForEach-Object { "$_.dll" }) + 'AWSSDK.Core.dll') {
        if (-not (Test-Path (Join-Path $Destination $required))) { throw "deps/ lacks $required." }
    }
}

# Precompiled code (ReadyToRun) for the engine, the protocol layer and AWSSDK.* when building on linux-x64, the kind
# of machine the benchmarks and CI run on: it cuts the JIT's share of a scan's CPU. Not for the gallery package
# (Package), which stays IL only so Windows PowerShell 5.1 loads the same files as before.
function Test-ReadyToRunHost {
    $Task -ne 'Package' -and $IsLinux -and
        [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq [Runtime.InteropServices.Architecture]::X64
}

function Add-ReadyToRunCode([string] $Staging, [string] $Destination) {
    Invoke-Native dotnet @('publish', (Join-Path $Root 'tools/ReadyToRun'), '-c', $Configuration, '-o', $Staging, '--nologo', '-v', 'quiet')
    # Only files deps/ already has, private ones: the framework's own polyfill facades stay as they are.
    $compiled = @(Get-ChildItem $Destination -Filter '*.dll' | Where-Object { $_.BaseName -in $PrivateAssemblies -or $_.BaseName -like 'AWSSDK.*' -or $_.BaseName -in $PrivateLibraries })
    foreach ($file in $compiled) {
        $image = Join-Path $Staging $file.Name
        if (-not (Test-Path $image)) { throw "The ReadyToRun publish lacks $($file.Name)." }
        Copy-Item $image $file.FullName -Force
    }
    Write-Host "ReadyToRun: $($compiled.Count) assemblies in deps/ precompiled for linux-x64."
}

# ---------------------------------------------------------------- Test

function Install-TestDebianPackages {
    Write-Step "Machine packages: $($TestDebianPackages -join ', ')"
    $installCommand = "apt-get install -y $($TestDebianPackages -join ' ')"
    if (-not (Get-Command dpkg-query -ErrorAction Ignore)) {
        throw "The tests need the Debian packages $($TestDebianPackages -join ', ') and this machine has no dpkg. On Debian or Ubuntu run: sudo $installCommand"
    }

    $missing = @($TestDebianPackages | Where-Object {
            $status = & dpkg-query -W -f '${Status}' $_ 2>$null
            $LASTEXITCODE -ne 0 -or $status -ne 'install ok installed'
        })
    if (-not $missing) { return }

    $installMissing = "apt-get install -y $($missing -join ' ')"
    $isRoot = (& id -u) -eq '0'
    if ($isRoot -and (Get-Command apt-get -ErrorAction Ignore)) {
        Write-Host "Installing $($missing -join ', ')"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Native apt-get @('update')
        Invoke-Native apt-get (@('install', '-y') + $missing)
        return
    }
    throw "The tests need Debian packages that are missing: $($missing -join ', '). Install them with: sudo apt-get update && sudo $installMissing"
}

# Returns @{ Passed; Failed; Ran } from the TRX file.
function Invoke-UnitTests {
    Write-Step 'xunit (tests/Unit)'
    $trx = Join-Path $TestResults 'unit.trx'
    & dotnet test (Join-Path $Root 'tests/Unit') -c $Configuration --nologo `
        --logger 'trx;LogFileName=unit.trx' --logger 'console;verbosity=normal' --results-directory $TestResults | Out-Host
    $exit = $LASTEXITCODE
    if (-not (Test-Path $trx)) {
        Write-Host "xunit did not run (exit $exit, no $trx)." -ForegroundColor Red
        return @{ Passed = 0; Failed = 0; Ran = $false }
    }
    [xml]$report = Get-Content -Raw $trx
    $counters = $report.TestRun.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    $result = @{ Passed = [int]$counters.passed; Failed = $failed; Ran = $true }
    if ($exit -ne 0 -and $failed -eq 0) {
        Write-Host "dotnet test exited with $exit although no test failed." -ForegroundColor Red
        $result.Ran = $false
    }
    Write-Host "xunit: $($result.Passed) passed, $($result.Failed) failed"
    $result
}

# Pester 6.2.0 from the NuGet cache, in a child pwsh, against out/IamKeyHygiene.
function Invoke-PesterTests {
    Write-Step 'Pester (tests/Pester)'
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/Pester/Pester.Download.csproj'), '--nologo', '-v', 'quiet')
    $pester = Join-Path (Get-NuGetPackagesFolder) 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester was restored but $pester is missing." }

    $summary = Join-Path $TestResults 'pester-summary.json'
    $exit = Invoke-ChildPwsh -File (Join-Path $Root 'tests/Pester/Invoke-PesterRun.ps1') -ArgumentList @(
        '-PesterManifest', $pester, '-ModuleFolder', $ModuleOut, '-ResultFolder', $TestResults)
    if (-not (Test-Path $summary)) {
        Write-Host "Pester did not run (exit $exit, no $summary)." -ForegroundColor Red
        return @{ Passed = 0; Failed = 0; Ran = $false }
    }
    $counts = Get-Content -Raw $summary | ConvertFrom-Json
    Write-Host "Pester: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    @{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed; Ran = ($counts.Result -ne 'NotRun') }
}

function Invoke-TestTask {
    Install-TestDebianPackages
    Invoke-BuildTask
    if (Test-Path $TestResults) { Remove-Item $TestResults -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $TestResults

    $runs = @((Invoke-UnitTests), (Invoke-PesterTests))
    $passed = ($runs | Measure-Object -Property { $_.Passed } -Sum).Sum
    $failed = ($runs | Measure-Object -Property { $_.Failed } -Sum).Sum
    # A runner that did not run counts as one failure: "0 failed" must never hide it.
    $failed += @($runs | Where-Object { -not $_.Ran }).Count
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

# ---------------------------------------------------------------- Package

function Invoke-PackageTask {
    Invoke-BuildTask
    Write-Step 'Package'
    $packageFolder = Join-Path $Out 'package'
    if (Test-Path $packageFolder) { Remove-Item $packageFolder -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $packageFolder

    # A local file repository: the rehearsal of a Gallery publish (same validation, same .nupkg layout).
    $repositoryName = "IamKeyHygieneLocal$PID"
    $installed = Join-Path ([IO.Path]::GetTempPath()) "iamkeyhygiene-install-$PID"
    Register-PSResourceRepository -Name $repositoryName -Uri $packageFolder -Trusted
    try {
        Publish-PSResource -Path $ModuleOut -Repository $repositoryName -SkipDependenciesCheck
        $nupkg = @(Get-ChildItem $packageFolder -Filter '*.nupkg')
        if ($nupkg.Count -ne 1) { throw "Expected one .nupkg in $packageFolder, found $($nupkg.Count)." }
        Assert-PackageContent $nupkg[0].FullName

        # Install it back as a user would (Save-PSResource = Install-PSResource into a folder) and import it.
        $null = New-Item -ItemType Directory -Force -Path $installed
        Save-PSResource -Name $ModuleName -Repository $repositoryName -Path $installed -TrustRepository
        $manifest = Get-ChildItem $installed -Recurse -Filter "$ModuleName.psd1" | Select-Object -First 1
        if (-not $manifest) { throw "Save-PSResource did not install $ModuleName." }
        $check = Join-Path $installed 'check.ps1'
        Set-Content -Path $check -Value "Import-Module '$($manifest.FullName)'; if (-not (Get-Command Get-KeyHygieneIdentity -ErrorAction Ignore)) { exit 1 }; if (@((Get-Help Get-KeyHygieneIdentity).examples.example).Count -lt 2) { exit 2 }; exit 0"
        $exit = Invoke-ChildPwsh -File $check
        if ($exit -ne 0) { throw "The installed package does not import with its cmdlets and help (exit $exit)." }
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
        if (Test-Path $installed) { Remove-Item $installed -Recurse -Force }
    }
    Write-Host "Package: $($nupkg[0].FullName) (installs and imports)"
}

function Assert-PackageContent([string] $Path) {
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($Path)
    try { $entries = @($zip.Entries | ForEach-Object { [Uri]::UnescapeDataString($_.FullName) }) }
    finally { $zip.Dispose() }

    $expected = @("$ModuleName.psd1", "$ModuleName.dll", "$ModuleName.Format.ps1xml", "en-US/$ModuleName.dll-Help.xml", 'LICENSE') +
        @(Get-ChildItem (Join-Path $ModuleOut 'en-US') -Filter 'about_*.help.txt' | ForEach-Object { "en-US/$($_.Name)" }) +
        @(Get-ChildItem (Join-Path $ModuleOut 'Templates') -Filter '*.txt' -Recurse | ForEach-Object { "Templates/$($_.Directory.Name)/$($_.Name)" }) +
        @(Get-ChildItem (Join-Path $ModuleOut 'deps') -Filter '*.dll' | ForEach-Object { "deps/$($_.Name)" })
    $missing = @($expected | Where-Object { $_ -notin $entries })
    if ($missing) { throw "The package lacks: $($missing -join ', ')" }
    if ('deps/IamKeyHygiene.Engine.dll' -notin $entries) { throw 'The package lacks the engine.' }
}

# ---------------------------------------------------------------- Models

# tools/ModelSlicer rewrites the embedded slices from the reference models (it needs only the .NET SDK).
function Invoke-ModelsTask {
    Write-Step 'Model slices (tools/ModelSlicer/slices.json)'
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'tools/ModelSlicer'), '-c', $Configuration, '-v', 'quiet', '--', $Root)
}

# ---------------------------------------------------------------- Dispatch

$tasks = @{
    Build   = { Invoke-BuildTask }
    Test    = { Invoke-TestTask }
    Package = { Invoke-PackageTask }
    # The main job on the shipped demo organization, against the emulator; then eight simulated weeks of daily runs.
    Demo    = { Invoke-BuildTask; & (Join-Path $Root 'samples/emulator/Invoke-DemoScan.ps1'); & (Join-Path $Root 'samples/emulator/Invoke-DemoWeeks.ps1') }
    # The org-scan benchmark (run on purpose, never in CI): 100, 300 and 1,000 accounts, and Live at 100.
    Bench   = { Invoke-BuildTask; & (Join-Path $Root 'benchmarks/scan/Invoke-ScanBenchmark.ps1') -Sizes 100, 300, 1000 -LiveSizes 100; & (Join-Path $Root 'benchmarks/actions/Invoke-ActionBenchmark.ps1') }
    Models  = { Invoke-ModelsTask }
}
& $tasks[$Task]
