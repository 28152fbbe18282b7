<#
.SYNOPSIS
    Runs tests/Pester/*.Tests.ps1 with Pester 6.2.0 against the built module; build.ps1 starts it in a child pwsh.
.DESCRIPTION
    Writes the NUnit XML report and pester-summary.json ({ Result, Passed, Failed, Skipped, NotRun, Total })
    into -ResultFolder; build.ps1 reads the counts from there.
    To run some files while working on them (after ./build.ps1 -Task Build):
        dotnet pwsh tests/Pester/Invoke-PesterRun.ps1 -TestPath tests/Pester/ModuleShape.Tests.ps1
#>
[CmdletBinding()]
param(
    # Pester.psd1 from the NuGet cache; found with 'dotnet nuget locals' when omitted.
    [string] $PesterManifest,
    [string] $ModuleFolder = (Join-Path $PSScriptRoot '../../out/IamKeyHygiene'),
    [string] $ResultFolder = (Join-Path $PSScriptRoot '../../out/test-results'),
    # Test files or folders; all of tests/Pester when omitted.
    [string[]] $TestPath = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
if (-not $PesterManifest) {
    $packages = ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $PesterManifest = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
}
Import-Module $PesterManifest -RequiredVersion 6.2.0
$null = New-Item -ItemType Directory -Force -Path $ResultFolder

# The tests find the module under test here (TestHelpers.psm1 reads it).
$env:IAMKEYHYGIENE_MODULE_FOLDER = (Resolve-Path $ModuleFolder).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultFolder 'pester.xml'

$result = Invoke-Pester -Configuration $configuration

# Containers that failed to run (a syntax error, a failing BeforeAll) count as failures.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[ordered]@{
    Result  = $result.Result
    Passed  = $result.PassedCount
    Failed  = $failed
    Skipped = $result.SkippedCount
    NotRun  = $result.NotRunCount
    Total   = $result.TotalCount
} | ConvertTo-Json | Set-Content -Path (Join-Path $ResultFolder 'pester-summary.json') -Encoding utf8

if ($failed -gt 0) { exit 1 }
exit 0
