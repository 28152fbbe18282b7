<#
.SYNOPSIS
    Writes the module's MAML help from the help sources and the built cmdlets' metadata.
.DESCRIPTION
    build.ps1 runs this in a child pwsh (importing the built module must not load it into the build's session).
    Words come from two sources, the first overridden by the second:
    - the cmdlet assembly's XML documentation: the class <summary> (<para type="synopsis">, <para type="description">
      or plain text), each parameter property's <summary>, and <example> elements (<title>, <code>, <para>);
    - <Verb-Noun>.help.psd1 anywhere under src/IamKeyHygiene, and Help/CommonAwsParameters.help.psd1.
    Parameter types, positions, pipeline input, aliases and parameter sets come from Get-Command, so they cannot
    drift from the code. Missing words are warnings here; the Pester reflection tests fail on them.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutputFile,
    # The cmdlet assembly's XML documentation file (GenerateDocumentationFile).
    [string] $XmlDocumentation
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$helpSources = $PSScriptRoot
$commonParameterText = Import-PowerShellDataFile (Join-Path $helpSources 'CommonAwsParameters.help.psd1')
$module = Import-Module $ModuleManifest -PassThru
$commonParameterNames = [System.Management.Automation.PSCmdlet]::CommonParameters +
    [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

$xmlMembers = @{}
if ($XmlDocumentation -and (Test-Path $XmlDocumentation)) {
    foreach ($member in ([xml](Get-Content -Raw $XmlDocumentation)).doc.members.member) { $xmlMembers[$member.name] = $member }
}

function Get-XmlText($node) {
    if ($null -eq $node) { return '' }
    (($node.InnerText -replace '\s+', ' ').Trim())
}

# The words of an XML doc <summary>: its <para type="..."> paragraphs if it has them, else its plain text.
function Get-SummaryText($member, [string] $paraType) {
    if ($null -eq $member -or $null -eq $member['summary']) { return '' }
    $typed = @($member['summary'].SelectNodes("para[@type='$paraType']"))
    if ($typed.Count) { return ($typed | ForEach-Object { Get-XmlText $_ }) -join "`n`n" }
    if (@($member['summary'].SelectNodes('para[@type]')).Count) { return '' }
    Get-XmlText $member['summary']
}

# Words for one cmdlet: XML documentation first, then its .help.psd1 on top.
function Get-HelpSource($command) {
    $type = $command.ImplementingType
    $classDoc = $xmlMembers["T:$($type.FullName)"]
    $source = @{ Synopsis = ''; Description = ''; Parameters = @{}; XmlParameters = @{}; Examples = @(); Outputs = @{} }

    $source.Description = Get-SummaryText $classDoc 'description'
    $source.Synopsis = Get-SummaryText $classDoc 'synopsis'
    if (-not $source.Synopsis -and $source.Description) { $source.Synopsis = ($source.Description -split '(?<=\.)\s')[0] }
    if ($classDoc) {
        foreach ($example in @($classDoc.SelectNodes('example'))) {
            $source.Examples += @{
                Title   = Get-XmlText $example['title']
                Code    = if ($example['code']) { $example['code'].InnerText.Trim() } else { '' }
                Remarks = (@($example.SelectNodes('para')) | ForEach-Object { Get-XmlText $_ }) -join "`n`n"
            }
        }
    }
    foreach ($parameter in $command.Parameters.Values) {
        $property = $type.GetProperty($parameter.Name)
        if (-not $property) { continue }
        $text = Get-SummaryText $xmlMembers["P:$($property.DeclaringType.FullName).$($property.Name)"] 'description'
        if ($text) { $source.XmlParameters[$parameter.Name] = $text }
    }

    $file = @(Get-ChildItem -Path (Split-Path $helpSources) -Recurse -File -Filter "$($command.Name).help.psd1") | Select-Object -First 1
    if ($file) {
        $data = Import-PowerShellDataFile $file.FullName
        foreach ($key in $data.Keys) {
            if ($key -eq 'Parameters') {
                foreach ($name in $data.Parameters.Keys) {
                    if (-not $command.Parameters.ContainsKey($name)) { throw "$($file.FullName) describes -$name, which $($command.Name) does not have." }
                    $source.Parameters[$name] = $data.Parameters[$name]
                }
            }
            else { $source[$key] = $data[$key] }
        }
    }

    if (-not $source.Synopsis) { Write-Warning "Help for $($command.Name): no synopsis (XML <summary> or .help.psd1)." }
    if (-not $source.ContainsKey('Links') -or -not @($source.Links).Count) { Write-Warning "Help for $($command.Name): no related links (Links in its .help.psd1)." }
    if (@($source.Examples).Count -lt 2) { Write-Warning "Help for $($command.Name): $(@($source.Examples).Count) example(s); at least two are expected." }
    $source
}

function Esc([string] $text) { [System.Security.SecurityElement]::Escape($text) }

# Paragraphs: a blank line separates them.
function Paras([string] $text) {
    $parts = $text.Trim() -split '\r?\n\s*\r?\n'
    ($parts | ForEach-Object { "<maml:para>$(Esc ($_.Trim() -replace '\s*\r?\n\s*', ' '))</maml:para>" }) -join ''
}

function Get-ParameterText($command, [hashtable] $source, [string] $name) {
    # The cmdlet's .help.psd1, then the shared AWS parameter texts, then the XML documentation.
    if ($source.Parameters.ContainsKey($name)) { return $source.Parameters[$name] }
    if ($commonParameterText.ContainsKey($name)) { return $commonParameterText[$name] }
    if ($source.XmlParameters.ContainsKey($name)) { return $source.XmlParameters[$name] }
    Write-Warning "Help for $($command.Name): parameter -$name has no text (XML <summary>, .help.psd1 or CommonAwsParameters.help.psd1)."
    ''
}

# A type as people read it: Nullable<DateTime> is DateTime, List`1 is List (Get-Help shows the label as it is).
function Get-ReadableType([type] $type) {
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { return $underlying }
    $type
}

function Get-TypeLabel([type] $type) {
    if ($type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    (Get-ReadableType $type).Name -replace '`\d+', ''
}

function Get-TypeFullLabel([type] $type) { (Get-ReadableType $type).FullName -replace '`\d+(\[\[.*\]\])?', '' }

# The default a parameter shows: the "Default: X." sentence of its text, else False for a switch, else the value a
# fresh cmdlet gives the property when it is not its type's zero, else None.
function Get-DefaultValueText($command, $parameter, [string] $text) {
    if ($text -match '(?:^|[.:]\s+)Default:?\s+(.+?)\.(?:\s|$)') { return $Matches[1] }
    if ($parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]) { return 'False' }
    $property = $command.ImplementingType.GetProperty($parameter.Name)
    if ($property) {
        $value = $property.GetValue([Activator]::CreateInstance($command.ImplementingType))
        $zero = if ($property.PropertyType.IsValueType) { [Activator]::CreateInstance($property.PropertyType) } else { $null }
        if ($null -ne $value -and -not $value.Equals($zero) -and "$value" -ne '') { return [string]$value }
    }
    'None'
}

function Write-ParameterElement($command, [hashtable] $source, $parameter, $setMetadata) {
    $pipeline = @()
    if ($setMetadata.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($setMetadata.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $pipelineInput = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    $position = if ($setMetadata.Position -ge 0) { [string]($setMetadata.Position + 1) } else { 'named' }
    $aliases = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }
    $isSwitch = $parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $text = Get-ParameterText $command $source $parameter.Name
    $value = if ($isSwitch) { '' } else {
        "<command:parameterValue required=`"true`" variableLength=`"false`">$(Esc (Get-TypeLabel $parameter.ParameterType))</command:parameterValue>"
    }
    @"
<command:parameter required="$($setMetadata.IsMandatory.ToString().ToLowerInvariant())" variableLength="true" globbing="false" pipelineInput="$pipelineInput" position="$position" aliases="$(Esc $aliases)">
<maml:name>$(Esc $parameter.Name)</maml:name>
<maml:description>$(Paras $text)</maml:description>
$value
<dev:type><maml:name>$(Esc (Get-TypeFullLabel $parameter.ParameterType))</maml:name><maml:uri /></dev:type>
<dev:defaultValue>$(Esc (Get-DefaultValueText $command $parameter $text))</dev:defaultValue>
</command:parameter>
"@
}

$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
if (-not $commands) { throw "The module at $ModuleManifest exports no cmdlet." }

$builder = [System.Text.StringBuilder]::new()
[void]$builder.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
[void]$builder.AppendLine('<helpItems schema="maml" xmlns="http://msh">')

foreach ($command in $commands) {
    $source = Get-HelpSource $command
    $ownParameters = @($command.Parameters.Values | Where-Object { $_.Name -notin $commonParameterNames } | Sort-Object Name)

    [void]$builder.AppendLine(@"
<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10" xmlns:MSHelp="http://msdn.microsoft.com/mshelp">
<command:details>
<command:name>$(Esc $command.Name)</command:name>
<command:verb>$(Esc $command.Verb)</command:verb>
<command:noun>$(Esc $command.Noun)</command:noun>
<maml:description>$(Paras $source.Synopsis)</maml:description>
</command:details>
<maml:description>$(Paras $source.Description)</maml:description>
<command:syntax>
"@)
    foreach ($set in $command.ParameterSets) {
        [void]$builder.AppendLine("<command:syntaxItem><maml:name>$(Esc $command.Name)</maml:name>")
        foreach ($setParameter in ($set.Parameters | Where-Object { $_.Name -notin $commonParameterNames })) {
            # CommandParameterInfo carries this set's mandatory/position/pipeline flags.
            $parameter = $command.Parameters[$setParameter.Name]
            [void]$builder.AppendLine((Write-ParameterElement $command $source $parameter $setParameter))
        }
        [void]$builder.AppendLine('</command:syntaxItem>')
    }
    [void]$builder.AppendLine('</command:syntax>')

    [void]$builder.AppendLine('<command:parameters>')
    foreach ($parameter in $ownParameters) {
        $setMetadata = @($parameter.ParameterSets.Values)[0]
        [void]$builder.AppendLine((Write-ParameterElement $command $source $parameter $setMetadata))
    }
    [void]$builder.AppendLine('</command:parameters>')

    $pipelineParameters = @($ownParameters | Where-Object {
            $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } })
    [void]$builder.AppendLine('<command:inputTypes>')
    if ($pipelineParameters) {
        foreach ($parameter in $pipelineParameters) {
            [void]$builder.AppendLine("<command:inputType><dev:type><maml:name>$(Esc (Get-TypeFullLabel $parameter.ParameterType))</maml:name></dev:type><maml:description><maml:para>Bound to -$(Esc $parameter.Name).</maml:para></maml:description></command:inputType>")
        }
    }
    else {
        [void]$builder.AppendLine('<command:inputType><dev:type><maml:name>None</maml:name></dev:type><maml:description><maml:para>This cmdlet takes no pipeline input.</maml:para></maml:description></command:inputType>')
    }
    [void]$builder.AppendLine('</command:inputTypes>')

    [void]$builder.AppendLine('<command:returnValues>')
    foreach ($outputType in $command.OutputType) {
        $text = if ($source.Outputs.ContainsKey($outputType.Name)) { $source.Outputs[$outputType.Name] } else { '' }
        [void]$builder.AppendLine("<command:returnValue><dev:type><maml:name>$(Esc $outputType.Name)</maml:name></dev:type><maml:description>$(Paras $text)</maml:description></command:returnValue>")
    }
    [void]$builder.AppendLine('</command:returnValues>')

    if ($source.ContainsKey('Notes')) {
        [void]$builder.AppendLine("<maml:alertSet><maml:alert>$(Paras $source.Notes)</maml:alert></maml:alertSet>")
    }

    [void]$builder.AppendLine('<command:examples>')
    $number = 0
    foreach ($example in $source.Examples) {
        $number++
        [void]$builder.AppendLine(@"
<command:example>
<maml:title>-------------------------- Example ${number}: $(Esc $example.Title) --------------------------</maml:title>
<dev:code>$(Esc $example.Code.Trim())</dev:code>
<dev:remarks>$(Paras $example.Remarks)</dev:remarks>
</command:example>
"@)
    }
    [void]$builder.AppendLine('</command:examples>')

    [void]$builder.AppendLine('<command:relatedLinks>')
    if ($source.ContainsKey('Links')) {
        # A cmdlet or about topic by name, or @{ Text = '...'; Uri = 'https://...' } for a web page.
        foreach ($link in $source.Links) {
            $linkText, $uri = if ($link -is [hashtable]) { $link.Text, $link.Uri } else { $link, '' }
            $uriElement = if ($uri) { "<maml:uri>$(Esc $uri)</maml:uri>" } else { '<maml:uri />' }
            [void]$builder.AppendLine("<maml:navigationLink><maml:linkText>$(Esc $linkText)</maml:linkText>$uriElement</maml:navigationLink>")
        }
    }
    [void]$builder.AppendLine('</command:relatedLinks>')
    [void]$builder.AppendLine('</command:command>')
}

[void]$builder.AppendLine('</helpItems>')

# Check it is well-formed before shipping it.
[void][xml]$builder.ToString()
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutputFile)
[System.IO.File]::WriteAllText($OutputFile, $builder.ToString(), [System.Text.UTF8Encoding]::new($false))
Write-Host "Help: $($commands.Count) cmdlet(s) -> $OutputFile"
