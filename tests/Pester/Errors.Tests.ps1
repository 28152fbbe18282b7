# The error catalogue and the one rule of about_IamKeyHygiene_Errors, on the built module against the emulator:
# every id once with a PowerShell category, the about topic, a wrong secret terminating (CredentialsRejected) in
# every cmdlet that calls AWS, a bad clock offset, InvalidPolicy alike from both cmdlets, one failing member
# account non-terminating. Every error record seen here must carry an id of the catalogue.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Member = '222222222201'
    $script:Denied = '222222222202'
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @(
            New-ScanAccount $Member 'member' @(New-ScanUser 'old' @(New-ScanKey 95))
            New-ScanAccount $Denied 'denied' @(New-ScanUser 'other' @(New-ScanKey 95))))
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $script:Secret = 'not/the/right/secret/key/000000000000001'
    $script:WrongSecret = @{ AccessKey = $Aws.AccessKey; SecretKey = $Secret; Region = 'us-east-1'; EndpointUrl = $Emulator.Url }

    # The catalogue, read off the engine the module loaded into its own load context.
    $null = New-KeyHygienePolicy
    $engine = [System.Runtime.Loader.AssemblyLoadContext]::All.Assemblies | Where-Object { $_.GetName().Name -eq 'IamKeyHygiene.Engine' } | Select-Object -First 1
    $script:Catalog = @($engine.GetType('IamKeyHygiene.Engine.Errors.ErrorCatalog', $true).GetProperty('All').GetValue($null))
    $script:CatalogIds = @($Catalog | ForEach-Object { $_.Id })

    # The terminating error a command stops with (null when it does not stop), -ErrorAction SilentlyContinue or not.
    function script:Get-TerminatingError([scriptblock] $Command) {
        try { $null = & $Command; $null }
        catch { $_ }
    }

    function script:Assert-CatalogId([System.Management.Automation.ErrorRecord] $Record) {
        ($Record.FullyQualifiedErrorId -split ',')[0] | Should -BeIn $CatalogIds
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath -ErrorAction SilentlyContinue
}

Describe 'The error catalogue' {
    It 'defines every id once, each with a category PowerShell has' {
        $CatalogIds.Count | Should -BeGreaterOrEqual 12
        @($CatalogIds | Select-Object -Unique).Count | Should -Be $CatalogIds.Count
        $categoryOf = [IamKeyHygiene.KeyHygieneIdentity].Assembly.GetType('IamKeyHygiene.Errors.ErrorRecords', $true).GetMethod('CategoryOf', [Reflection.BindingFlags]'NonPublic, Static')
        foreach ($entry in $Catalog) {
            $category = [System.Management.Automation.ErrorCategory]::NotSpecified
            [Enum]::TryParse("$($entry.Category)", [ref] $category) | Should -BeTrue -Because "$($entry.Id) has category $($entry.Category)"
            $categoryOf.Invoke($null, @($entry.Category)) | Should -Be $category
        }
    }

    It 'is listed, id by id, in Get-Help about_IamKeyHygiene_Errors' {
        $topic = Get-Help about_IamKeyHygiene_Errors | Out-String
        $topic | Should -Match 'THE RULE'
        $topic | Should -Not -Match '\{\{ErrorCatalog\}\}'
        foreach ($id in $CatalogIds) { $topic | Should -Match "(?m)^\s+$id\s*$" }
    }
}

Describe 'A wrong secret stops every cmdlet that calls AWS with a terminating CredentialsRejected' {
    It '<Name>' -ForEach @(
        @{ Name = 'Get-KeyHygieneIdentity'; Type = 'GetKeyHygieneIdentityCommand'; Command = { Get-KeyHygieneIdentity @WrongSecret -ErrorAction SilentlyContinue } }
        @{ Name = 'Get-OrganizationAccount'; Type = 'GetOrganizationAccountCommand'; Command = { Get-OrganizationAccount @WrongSecret -RoleName KeyHygieneAudit -ErrorAction SilentlyContinue } }
        @{ Name = 'Get-StaleAccessKey (the caller''s own account)'; Type = 'GetStaleAccessKeyCommand'; Command = { Get-StaleAccessKey @WrongSecret -ErrorAction SilentlyContinue } }
    ) {
        $record = Get-TerminatingError $Command
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -Be "CredentialsRejected,IamKeyHygiene.Commands.$Type"
        Assert-CatalogId $record
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.CategoryInfo.Reason | Should -Be 'SignatureDoesNotMatch'
        $record.TargetObject | Should -Be 'parameter'
        $record.Exception.Message | Should -Match 'SignatureDoesNotMatch'
        ($record | Out-String) + $record.Exception.ToString() | Should -Not -Match ([regex]::Escape($Secret))
    }
}

Describe 'A bad IAMKEYHYGIENE_CLOCK_OFFSET' {
    BeforeAll { $script:SavedOffset = $env:IAMKEYHYGIENE_CLOCK_OFFSET }
    AfterAll { $env:IAMKEYHYGIENE_CLOCK_OFFSET = $script:SavedOffset }

    It 'stops Get-StaleAccessKey with InvalidClockOffset (InvalidArgument) before any AWS call' {
        $env:IAMKEYHYGIENE_CLOCK_OFFSET = 'abc'
        $null = Get-EmulatorCall -Emulator $Emulator -Reset
        $record = Get-TerminatingError { Get-StaleAccessKey @Aws }
        $env:IAMKEYHYGIENE_CLOCK_OFFSET = $script:SavedOffset

        $record.FullyQualifiedErrorId | Should -Be 'InvalidClockOffset,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        Assert-CatalogId $record
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -Be 'IAMKEYHYGIENE_CLOCK_OFFSET'
        $record.Exception.Message | Should -Match "'abc'"
        (Get-EmulatorCall -Emulator $Emulator).total | Should -Be 0
    }
}

Describe 'InvalidPolicy' {
    It 'wraps the same exception, naming the file, from New-KeyHygienePolicy and Get-StaleAccessKey -Policy' {
        $policy = Join-Path ([IO.Path]::GetTempPath()) "ikh-policy-$([guid]::NewGuid().ToString('n')).json"
        '{ "warnAgeDays": 120, "disableAgeDays": 90 }' | Set-Content $policy
        try {
            $built = Get-TerminatingError { New-KeyHygienePolicy -Path $policy }
            $scanned = Get-TerminatingError { Get-StaleAccessKey @Aws -Policy $policy }
        }
        finally { Remove-Item $policy }

        $built.FullyQualifiedErrorId | Should -Be 'InvalidPolicy,IamKeyHygiene.Commands.NewKeyHygienePolicyCommand'
        $scanned.FullyQualifiedErrorId | Should -Be 'InvalidPolicy,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        foreach ($record in $built, $scanned) {
            Assert-CatalogId $record
            $record.Exception.GetType().FullName | Should -Be 'IamKeyHygiene.Engine.Policy.Json.PolicyValidationException'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -Be $policy
            $record.Exception.Message | Should -Match 'warnAgeDays'
        }
    }

    It 'names "parameters" when the policy came from parameters' {
        $record = Get-TerminatingError { New-KeyHygienePolicy -WarnAgeDays 120 -DisableAgeDays 90 }
        $record.FullyQualifiedErrorId | Should -Be 'InvalidPolicy,IamKeyHygiene.Commands.NewKeyHygienePolicyCommand'
        $record.TargetObject | Should -Be 'parameters'
    }
}

Describe 'A failing member account' {
    It 'is one non-terminating AssumeRoleFailed naming it, and the other accounts are scanned' {
        Set-EmulatorFault -Emulator $Emulator -Fault @{ denyAssumeRoleInto = @($Denied) } | Out-Null
        try {
            $failures = $null
            $findings = @(Get-OrganizationAccount @Aws -RoleName KeyHygieneAudit | Get-StaleAccessKey @Aws -ErrorVariable failures -ErrorAction SilentlyContinue)
        }
        finally { Set-EmulatorFault -Emulator $Emulator -Clear | Out-Null }

        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'AssumeRoleFailed,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        Assert-CatalogId $failures[0]
        $failures[0].TargetObject | Should -Be $Denied
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failures[0].CategoryInfo.Reason | Should -Be 'AccessDenied'
        $findings.AccountId | Should -Contain $Member
        $findings.AccountId | Should -Not -Contain $Denied
    }
}
