<#
.SYNOPSIS
    Runs tests/Pester/*.Tests.ps1 with Pester 6.2.0 against the built module; build.ps1 starts it in a child pwsh.
.DESCRIPTION
    Writes the NUnit XML report and pester-summary.json ({ Result, Passed, Failed, Skipped, NotRun, Total })
    into -ResultFolder; build.ps1 reads the counts from there.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $ResultFolder
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -RequiredVersion 6.2.0

# The tests find the module under test here (TestHelpers.psm1 reads it).
$env:IAMKEYHYGIENE_MODULE_FOLDER = (Resolve-Path $ModuleFolder).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
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
