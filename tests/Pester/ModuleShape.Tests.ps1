# What PSScriptAnalyzer and the Gallery would check, encoded as tests on the built module (PSScriptAnalyzer is
# not available here): manifest, exports, verbs, nouns, ShouldProcess, output types, help, layout.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-BuiltModuleManifest) -PassThru -Force
    $script:cmdletCases = @(Get-Command -Module $module.Name -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:moduleFolder = Get-BuiltModuleFolder
    $script:manifestPath = Get-BuiltModuleManifest
    $script:module = Import-Module $manifestPath -PassThru -Force
    $script:manifestData = Import-PowerShellDataFile $manifestPath
    $script:cmdletAssembly = [IamKeyHygiene.KeyHygieneIdentity].Assembly

    # Verbs whose cmdlets change state and so must support -WhatIf/-Confirm.
    $script:stateChangingVerbs = @('Add', 'Clear', 'Disable', 'Enable', 'Install', 'Invoke', 'Move', 'New', 'Publish',
        'Register', 'Remove', 'Rename', 'Reset', 'Restart', 'Restore', 'Send', 'Set', 'Start', 'Stop', 'Uninstall',
        'Unregister', 'Update', 'Write', 'Grant', 'Revoke', 'Protect', 'Unprotect', 'Lock', 'Unlock', 'Submit')
    # Cmdlets with such a verb that change nothing outside the session, with the reason.
    $script:shouldProcessExemptions = @{
        'New-KeyHygienePolicy' = 'builds or loads a policy object in memory; writes nothing'
    }

    # An AWSSDK, engine or protocol-layer type must never appear where PowerShell has to name it.
    function Test-PrivateType([type] $type) {
        $element = if ($type.HasElementType) { $type.GetElementType() } else { $type }
        $assemblyName = $element.Assembly.GetName().Name
        $assemblyName -like 'AWSSDK.*' -or $assemblyName -in 'IamKeyHygiene.Engine', 'IamKeyHygiene.AwsProtocol' -or
            ($element.IsGenericType -and @($element.GetGenericArguments() | Where-Object { Test-PrivateType $_ }).Count -gt 0)
    }
}

Describe 'Manifest' {
    It 'passes Test-ModuleManifest on the built copy' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Version | Should -Be ([version]'0.1.0')
        $info.Guid | Should -Be '1b03dcbe-83dd-44fa-a56c-a80db10880b1'
    }

    It 'fits the Gallery: editions, versions, explicit empty exports, formats, PSData' {
        $manifestData.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifestData.PowerShellVersion | Should -Be '5.1'
        $manifestData.DotNetFrameworkVersion | Should -Be '4.7.2'
        $manifestData.RootModule | Should -Be 'IamKeyHygiene.dll'
        $manifestData.FunctionsToExport.Count | Should -Be 0
        $manifestData.AliasesToExport.Count | Should -Be 0
        $manifestData.VariablesToExport.Count | Should -Be 0
        $manifestData.FormatsToProcess | Should -Be @('IamKeyHygiene.Format.ps1xml', 'IamKeyHygiene.Scan.Format.ps1xml', 'IamKeyHygiene.Actions.Format.ps1xml', 'IamKeyHygiene.Notices.Format.ps1xml', 'IamKeyHygiene.Run.Format.ps1xml')
        foreach ($tag in 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS', 'AWS', 'IAM') {
            $manifestData.PrivateData.PSData.Tags | Should -Contain $tag
        }
        $manifestData.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $manifestData.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        $manifestData.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the [Cmdlet] types of the assembly' {
        $declared = @($cmdletAssembly.GetExportedTypes() | ForEach-Object {
                $attribute = [System.Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
                if ($attribute) { "$($attribute.VerbName)-$($attribute.NounName)" }
            } | Sort-Object)
        $declared.Count | Should -BeGreaterThan 0
        @($manifestData.CmdletsToExport | Sort-Object) | Should -Be $declared
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $declared
    }
}

Describe 'Layout of out/IamKeyHygiene' {
    It 'keeps the engine and the protocol layer out of the module root (else the default context would load them)' {
        Test-Path (Join-Path $moduleFolder 'IamKeyHygiene.Engine.dll') | Should -BeFalse
        Test-Path (Join-Path $moduleFolder 'IamKeyHygiene.AwsProtocol.dll') | Should -BeFalse
        @(Get-ChildItem $moduleFolder -Filter '*.dll').Name | Should -Be @('IamKeyHygiene.dll')
    }

    It 'ships the engine, the protocol layer, AWSSDK and the mail libraries in deps/, and no PowerShell or loader assembly' {
        $deps = @(Get-ChildItem (Join-Path $moduleFolder 'deps') -Filter '*.dll').BaseName
        $deps | Should -Contain 'IamKeyHygiene.Engine'
        $deps | Should -Contain 'IamKeyHygiene.AwsProtocol'
        $deps | Should -Contain 'AWSSDK.Core'
        $deps | Should -Contain 'AWSSDK.SecurityToken'
        $deps | Should -Contain 'AWSSDK.SimpleSystemsManagement'
        foreach ($mail in 'MailKit', 'MimeKit', 'BouncyCastle.Cryptography') { $deps | Should -Contain $mail }
        $deps | Where-Object { $_ -like 'System.Management.Automation*' -or $_ -eq 'System.Runtime.Loader' } | Should -BeNullOrEmpty
    }

    It 'ships the format file and the MAML help' {
        Test-Path (Join-Path $moduleFolder 'IamKeyHygiene.Format.ps1xml') | Should -BeTrue
        Test-Path (Join-Path $moduleFolder 'en-US/IamKeyHygiene.dll-Help.xml') | Should -BeTrue
    }
}

Describe 'Cmdlet <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $script:command = Get-Command $Name
        $script:ownParameters = @($command.Parameters.Values | Where-Object {
                $_.Name -notin ([System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters) })
    }

    It 'is a sealed class in the cmdlet assembly' {
        $command.ImplementingType.IsSealed | Should -BeTrue
        $command.ImplementingType.Assembly | Should -Be $cmdletAssembly
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'has a singular noun without an AWS-owned prefix' {
        $command.Noun | Should -Not -Match '(?<![su])s$'
        # Case-sensitive: AWS Tools' prefixes are upper case (Get-ORGAccount), 'Organization' is a word.
        $command.Noun | Should -Not -MatchExactly '^(IAM|ORG|STS|SNS|SSM|SES|EC2|S3)[A-Z]'
    }

    It 'declares [OutputType] with a type of the cmdlet assembly' {
        $command.OutputType.Count | Should -BeGreaterThan 0
        foreach ($output in $command.OutputType) {
            $output.Type | Should -Not -BeNullOrEmpty
            Test-PrivateType $output.Type | Should -BeFalse
        }
    }

    It 'exposes no AWSSDK or engine type among its parameters' {
        foreach ($parameter in $command.Parameters.Values) {
            Test-PrivateType $parameter.ParameterType | Should -BeFalse -Because "-$($parameter.Name) is $($parameter.ParameterType)"
        }
    }

    It 'supports ShouldProcess when its verb changes state' {
        if ($command.Verb -in $stateChangingVerbs -and -not $shouldProcessExemptions.ContainsKey($command.Name)) {
            $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue
            $command.Parameters.ContainsKey('Confirm') | Should -BeTrue
        }
        else {
            $command.Verb -in $stateChangingVerbs -or -not $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue -Because 'a read-only verb should not pretend to change anything'
        }
    }

    It 'documents every parameter in Get-Help' {
        $help = Get-Help $Name -Full
        $documented = @{}
        foreach ($parameter in @($help.parameters.parameter)) {
            $documented[$parameter.name] = (@($parameter.description) | ForEach-Object { $_.Text }) -join ' '
        }
        foreach ($parameter in $ownParameters) {
            $documented[$parameter.Name] | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs help text"
        }
    }

    It 'has a synopsis, a description and at least two examples' {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\S+\s*\[' -Because 'a synopsis that is only the syntax means no help was found'
        (@($help.description) | ForEach-Object { $_.Text }) -join ' ' | Should -Not -BeNullOrEmpty
        $examples = @((Get-Help $Name -Examples).examples | ForEach-Object { $_.example } | Where-Object { $_ -and "$($_.code)".Trim() })
        $examples.Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Get-KeyHygieneIdentity help' {
    It 'shows its examples with Get-Help -Examples' {
        $text = Get-Help Get-KeyHygieneIdentity -Examples | Out-String -Width 200
        $text | Should -Match 'Example 1'
        $text | Should -Match 'Get-KeyHygieneIdentity -ProfileName'
    }
}

Describe 'Format views' {
    It 'formats KeyHygieneIdentity as a list by default and as a table on request' {
        $identity = [IamKeyHygiene.KeyHygieneIdentity]::new('123456789012', 'arn:aws:iam::123456789012:user/Alice', 'AIDAEXAMPLE', 'us-east-1', 'parameter', 'profile audit', 'https://sts.us-east-1.amazonaws.com')
        $list = $identity | Out-String -Width 200
        $list | Should -Match 'CredentialSource\s*:\s*profile audit'
        $table = $identity | Format-Table | Out-String -Width 200
        $table | Should -Match 'Account\s+Arn\s+Region\s+CredentialSource'
        $table | Should -Match '123456789012\s+arn:aws:iam::123456789012:user/Alice\s+us-east-1\s+profile audit'
    }
}
