# Get-Help as users read it, for every exported cmdlet and the about topics (issue 9, "Parameters that mean what they
# say"): apostrophes written once, readable type names, every default shown, related links filled, the
# about_IamKeyHygiene topic, and no page naming a cmdlet or parameter the module does not have.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:CmdletNames = @((Get-Command -Module IamKeyHygiene -CommandType Cmdlet).Name | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:Module = Get-Module IamKeyHygiene
    $script:AboutTopics = @('about_IamKeyHygiene', 'about_IamKeyHygiene_Errors')

    # The engine's stages and reasons, read off the engine the module loaded into its own load context.
    $null = New-KeyHygienePolicy
    $engine = [System.Runtime.Loader.AssemblyLoadContext]::All.Assemblies | Where-Object { $_.GetName().Name -eq 'IamKeyHygiene.Engine' } | Select-Object -First 1
    $script:Stages = [Enum]::GetNames($engine.GetType('IamKeyHygiene.Engine.Policy.Judging.KeyStage', $true))
    $script:Reasons = [Enum]::GetNames($engine.GetType('IamKeyHygiene.Engine.Policy.Judging.KeyReason', $true))

    function script:Get-FullHelpText([string] $Name) { Get-Help $Name -Full | Out-String -Width 4000 }

    function script:Get-AboutText([string] $Name) {
        $topic = Get-Help $Name
        if ($topic -is [string]) { return $topic }
        $topic | Out-String -Width 4000
    }

    # Parameter help items (Get-Help's), with the description as one string.
    function script:Get-ParameterHelp([string] $Name) {
        foreach ($parameter in @((Get-Help $Name -Full).parameters.parameter)) {
            [pscustomobject]@{
                Name         = $parameter.name
                Type         = "$($parameter.type.name)"
                Value        = "$($parameter.parameterValue)"
                DefaultValue = "$($parameter.defaultValue)".Trim()
                Description  = (@($parameter.description) | ForEach-Object Text) -join ' '
            }
        }
    }
}

Describe 'Get-Help <_>' -ForEach $CmdletNames {
    BeforeAll {
        $script:Name = $_
        $script:Command = Get-Command $Name
        $script:Text = Get-FullHelpText $Name
    }

    It 'writes every apostrophe once' {
        $Text | Should -Not -Match "''"
    }

    It 'names types as people read them (DateTime, not Nullable`1)' {
        $syntax = (Get-Help $Name).syntax | Out-String -Width 4000
        $syntax | Should -Not -Match '`|Nullable'
        foreach ($parameter in Get-ParameterHelp $Name) {
            "$($parameter.Type) $($parameter.Value)" | Should -Not -Match '`|Nullable' -Because "-$($parameter.Name)"
        }
        foreach ($parameter in $Command.Parameters.Values | Where-Object { [Nullable]::GetUnderlyingType($_.ParameterType) }) {
            $syntax | Should -Match "-$($parameter.Name) <$([Nullable]::GetUnderlyingType($parameter.ParameterType).Name)>"
        }
    }

    It 'shows every default value' {
        $fresh = [Activator]::CreateInstance($Command.ImplementingType)
        foreach ($parameter in Get-ParameterHelp $Name) {
            $metadata = $Command.Parameters[$parameter.Name]
            if ($metadata.ParameterType -eq [switch]) {
                $parameter.DefaultValue | Should -Be 'False' -Because "-$($parameter.Name) is a switch"
                continue
            }
            if ($parameter.Description -cmatch '(^|[.:]\s+)Default:?\s') {
                $parameter.DefaultValue | Should -Not -BeIn @('', 'None') -Because "-$($parameter.Name) says it has a default: $($parameter.Description)"
            }
            $property = $Command.ImplementingType.GetProperty($parameter.Name)
            $initial = $property.GetValue($fresh)
            $zero = if ($property.PropertyType.IsValueType) { [Activator]::CreateInstance($property.PropertyType) } else { $null }
            if ($null -ne $initial -and -not $initial.Equals($zero) -and "$initial" -ne '') {
                $parameter.DefaultValue | Should -Not -BeIn @('', 'None') -Because "-$($parameter.Name) starts as $initial"
            }
        }
    }

    It 'links other cmdlets, about topics and AWS pages, each of which exists' {
        $links = @((Get-Help $Name).relatedLinks.navigationLink)
        $texts = @($links | ForEach-Object { "$($_.linkText)".Trim() })
        $uris = @($links | ForEach-Object { "$($_.uri)".Trim() } | Where-Object { $_ })
        @($texts | Where-Object { $_ -in $CmdletNames -and $_ -ne $Name }).Count | Should -BeGreaterThan 0
        @($texts | Where-Object { $_ -like 'about_*' }).Count | Should -BeGreaterThan 0
        @($uris | Where-Object { $_ -like 'https://docs.aws.amazon.com/*' }).Count | Should -BeGreaterThan 0
        foreach ($text in $texts | Where-Object { $_ -match '^\w+-\w+$' }) { Get-Command $text -ErrorAction Ignore | Should -Not -BeNullOrEmpty -Because "$Name links $text" }
        foreach ($text in $texts | Where-Object { $_ -like 'about_*' }) { $text | Should -BeIn $AboutTopics }
    }
}

Describe 'about_IamKeyHygiene' {
    BeforeAll { $script:About = Get-AboutText 'about_IamKeyHygiene' }

    It 'exists, apart from about_IamKeyHygiene_Errors, and links it' {
        $About | Should -Match 'TOPIC\s+about_IamKeyHygiene\s'
        $About | Should -Match 'about_IamKeyHygiene_Errors'
        (Get-AboutText 'about_IamKeyHygiene_Errors') | Should -Match 'about_IamKeyHygiene\s'
    }

    It 'covers the whole module: names every exported cmdlet in its list and its SEE ALSO' {
        foreach ($name in @((Get-Command -Module IamKeyHygiene -CommandType Cmdlet).Name)) {
            $About | Should -Match "(?m)^\s+$name\s" -Because "the list of cmdlets names $name"
            $About | Should -Match "Get-Help $name\b" -Because "SEE ALSO names $name"
        }
    }

    It 'describes every stage (NewKey too) and every reason the engine has' {
        foreach ($stage in $Stages) { $About | Should -Match "(?m)^\s+$stage\s" -Because "stage $stage" }
        foreach ($reason in $Reasons) { $About | Should -Match "(?m)^\s+$reason\s" -Because "reason $reason" }
    }

    It 'says what each source is as of, and describes the clock, -AsOf and the terminating rule' {
        $About | Should -Match 'CredentialReport[\s\S]*ReportGeneratedAt'
        $About | Should -Match 'Live[^.]*as of now'
        $About | Should -Match 'IAMKEYHYGIENE_CLOCK_OFFSET'
        $About | Should -Match 'later of -AsOf and the\s+module''s clock'
        $About | Should -Match 'InvalidAsOf'
        $About | Should -Match 'terminating'
        $About | Should -Match 'non-terminating'
    }
}

Describe 'The help, the README and docs/ name only what exists' -ForEach @(
    @{ Pages = 'Get-Help of every cmdlet and about topic' }
    @{ Pages = 'README.md, docs/ and samples/' }
) {
    BeforeAll {
        $root = Split-Path (Split-Path $PSScriptRoot)
        $script:AllText = if ($Pages -like 'Get-Help*') {
            (@($CmdletNames | ForEach-Object { Get-FullHelpText $_ }) + @($AboutTopics | ForEach-Object { Get-AboutText $_ })) -join "`n"
        }
        else {
            $files = @(Get-Item (Join-Path $root 'README.md')) + @(Get-ChildItem (Join-Path $root 'docs'), (Join-Path $root 'samples') -Recurse -Filter '*.md')
            ($files | ForEach-Object { Get-Content -Raw $_.FullName }) -join "`n"
        }
        # The repository's own scripts (build.ps1, the benchmark) may be named with their parameters.
        $script:Scripts = @(Get-ChildItem $root -Recurse -Filter '*.ps1' | Where-Object FullName -notmatch '[\\/](out|bin|obj)[\\/]')
        # AWS Tools for PowerShell's own cmdlets, named where the credential parameters say what they accept.
        $script:AwsToolsCmdlets = @('Get-AWSCredential', 'Set-DefaultAWSRegion')
        # Verb-Noun words: those with an approved verb must exist; any that exists (Sort-Object too) lends its parameters.
        $words = @([regex]::Matches($AllText, '\b([A-Z][a-z]+)-([A-Z][A-Za-z]+)\b') | ForEach-Object Value | Sort-Object -Unique)
        $verbs = @((Get-Verb).Verb)
        $script:NamedCommands = @($words | Where-Object { ($_ -split '-')[0] -in $verbs })
        $script:ExistingCommands = @($words | ForEach-Object { Get-Command $_ -ErrorAction Ignore })
    }

    It 'names no cmdlet the module (or PowerShell) does not have, in <Pages>' {
        foreach ($name in $NamedCommands | Where-Object { $_ -notin $AwsToolsCmdlets -and $_ -notin $Scripts.BaseName }) {
            Get-Command $name -ErrorAction Ignore | Should -Not -BeNullOrEmpty -Because "$Pages name $name"
        }
    }

    It 'names no parameter or switch that none of the commands it names has, in <Pages>' {
        $known = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
        $commands = @(Get-Command -Module IamKeyHygiene) + $ExistingCommands + @($Scripts | ForEach-Object { Get-Command $_.FullName })
        foreach ($command in $commands) {
            foreach ($parameter in $command.Parameters.Values) {
                $null = $known.Add($parameter.Name)
                foreach ($alias in $parameter.Aliases) { $null = $known.Add($alias) }
            }
        }
        $named = @([regex]::Matches($AllText, '(?<![\w-])-([A-Z][A-Za-z]+)\b') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $named | Should -Contain 'AsOf'
        foreach ($name in $named) { $known.Contains($name) | Should -BeTrue -Because "$Pages name -$name" }
        # The switches of changes are claims about this module, whatever other commands have them.
        $ours = @((Get-Command -Module IamKeyHygiene).Parameters.Keys)
        foreach ($name in @('WhatIf', 'Confirm', 'Force') | Where-Object { $_ -in $named }) {
            $ours | Should -Contain $name -Because "$Pages name -$name"
        }
    }
}
