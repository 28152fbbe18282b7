<#
.SYNOPSIS
    Writes the module's about topics (about_*.help.txt) from their sources in this folder.
.DESCRIPTION
    build.ps1 runs this in a child pwsh (loading the engine must not load it into the build's session). A line
    "{{ErrorCatalog}}" in a source becomes the table of every error id of the engine's catalogue
    (IamKeyHygiene.Engine.Errors.ErrorCatalog), so the ids are written down in one place only.
#>
[CmdletBinding()]
param(
    # The built engine (out/IamKeyHygiene/deps/IamKeyHygiene.Engine.dll).
    [Parameter(Mandatory)] [string] $EngineAssembly,
    # Where the topics go (out/IamKeyHygiene/en-US).
    [Parameter(Mandatory)] [string] $OutputFolder
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$engine = [System.Reflection.Assembly]::LoadFrom((Resolve-Path $EngineAssembly).Path)
$catalog = $engine.GetType('IamKeyHygiene.Engine.Errors.ErrorCatalog', $true)

# Words wrapped to the given width, each line indented.
function Format-Wrapped([string] $text, [string] $indent, [int] $width = 78) {
    $line = ''
    foreach ($word in $text -split '\s+') {
        if ($line -and ($indent.Length + $line.Length + 1 + $word.Length) -gt $width) {
            "$indent$line"
            $line = $word
        }
        else { $line = if ($line) { "$line $word" } else { $word } }
    }
    if ($line) { "$indent$line" }
}

function Format-ErrorCatalog {
    foreach ($entry in $catalog.GetProperty('All').GetValue($null)) {
        $stops = if ($entry.Terminating) { 'terminating' } else { 'non-terminating' }
        ''
        "    $($entry.Id)"
        "        $($entry.Category), target $($entry.TargetKind), $stops."
        Format-Wrapped $entry.Meaning '        '
    }
}

$null = New-Item -ItemType Directory -Force -Path $OutputFolder
foreach ($source in Get-ChildItem -Path $PSScriptRoot -Filter 'about_*.help.txt') {
    $lines = foreach ($line in Get-Content -Path $source.FullName) {
        if ($line.Trim() -eq '{{ErrorCatalog}}') { Format-ErrorCatalog } else { $line }
    }
    # UTF-8 without a byte order mark, as the rest of the module.
    [System.IO.File]::WriteAllLines((Join-Path $OutputFolder $source.Name), [string[]]$lines)
}
