# Parameters that mean what they say (issue 9), on the built module against the emulator: -ReportMaxAge as a
# duration, -AsOf as a preview of a later day, account ids from the pipeline (strings, Import-Csv rows) into both
# cmdlets, an unknown id among good ones, a named SUSPENDED account, and -DurationSeconds under role chaining.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:First = '333333333301'
    $script:Second = '333333333302'
    $script:ThreeHourReport = '333333333303'
    $script:Suspended = '333333333399'
    $script:Unknown = '999999999999'
    $scenario = New-ScanScenario -Accounts @(
        New-ScanAccount $First 'first' @(New-ScanUser 'old-first' @(New-ScanKey 95)) -ParentOu 'Workloads'
        New-ScanAccount $Second 'second' @((New-ScanUser 'old-second' @(New-ScanKey 95)), (New-ScanUser 'nearly' @(New-ScanKey 85))) -ParentOu 'Sandbox'
        New-ScanAccount $ThreeHourReport 'three-hour-report' @(New-ScanUser 'stale' @(New-ScanKey 95)) -CredentialReportAgeHours 3
        New-ScanAccount $Suspended 'suspended' @(New-ScanUser 'ghost' @(New-ScanKey 300)) -State 'SUSPENDED'
    )
    $script:ScenarioPath = Save-ScanScenario $scenario
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $script:Temp = Join-Path ([IO.Path]::GetTempPath()) "ikh-parameters-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $Temp

    function script:Get-Calls { Invoke-EmulatorControl $Emulator GET calls }
    function script:Reset-Calls { Invoke-EmulatorControl $Emulator DELETE calls | Out-Null }
    # The terminating error a command stops with, or null.
    function script:Get-TerminatingError([scriptblock] $Command) {
        try { $null = & $Command; $null }
        catch { $_ }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath -ErrorAction SilentlyContinue
    if ($script:Temp) { Remove-Item $script:Temp -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe '-ReportMaxAge takes a duration' {
    BeforeAll {
        $script:Account = Get-OrganizationAccount @Aws -RoleName $Role -AccountId $ThreeHourReport
        # The account's credential report is three hours old: under a longer -ReportMaxAge it is used, else the account is read live.
        function script:SourceWith($MaxAge) { @($Account | Get-StaleAccessKey @Aws -ReportMaxAge $MaxAge).Source | Select-Object -Unique }
    }

    It 'accepts <Form>' -ForEach @(
        @{ Form = '4h'; Source = 'CredentialReport' }
        @{ Form = '1d'; Source = 'CredentialReport' }
        @{ Form = '04:00:00'; Source = 'CredentialReport' }
        @{ Form = '30m'; Source = 'Live' }
        @{ Form = '2h30m'; Source = 'Live' }
    ) {
        SourceWith $Form | Should -Be $Source
    }

    It 'accepts a TimeSpan' {
        SourceWith (New-TimeSpan -Hours 4) | Should -Be 'CredentialReport'
        SourceWith (New-TimeSpan -Hours 1) | Should -Be 'Live'
    }

    It 'refuses a bare number before any AWS call, showing the right form' {
        Reset-Calls
        $thrown = Get-TerminatingError { Get-StaleAccessKey @Aws -ReportMaxAge 4 }
        $thrown.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        $thrown.Exception.Message | Should -Match "'4h'"
        $thrown.Exception.Message | Should -Match 'bare number'
        (Get-TerminatingError { Get-StaleAccessKey @Aws -ReportMaxAge 'soon' }).Exception.Message | Should -Match "'04:00:00'"
        (Get-Calls).total | Should -Be 0
    }

    It 'refuses anything under one minute with InvalidReportMaxAge, showing the right form' -ForEach @(
        @{ Value = '30s' }, @{ Value = [TimeSpan]::FromTicks(4) }, @{ Value = [TimeSpan]::Zero }
    ) {
        Reset-Calls
        $thrown = Get-TerminatingError { Get-StaleAccessKey @Aws -ReportMaxAge $Value }
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidReportMaxAge,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        $thrown.Exception.Message | Should -Match "one minute.*'4h', '30m', '1d', '04:00:00' or a TimeSpan"
        (Get-Calls).total | Should -Be 0
    }
}

Describe '-AsOf previews a later day' {
    BeforeAll { $script:Account = Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Second }

    It 'refuses an -AsOf more than 24 hours back, before any AWS call' {
        Reset-Calls
        $thrown = Get-TerminatingError { $Account | Get-StaleAccessKey @Aws -AsOf (Get-Date).AddDays(-3) }
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidAsOf,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        $thrown.Exception.Message | Should -Match 'days before the module''s clock'
        $thrown.Exception.Message | Should -Match 'previews a later day'
        $thrown.Exception.Message | Should -Not -Match 'IAMKEYHYGIENE_CLOCK_OFFSET'
        (Get-Calls).total | Should -Be 0
    }

    It 'names the offset clock when IAMKEYHYGIENE_CLOCK_OFFSET moves it' {
        $env:IAMKEYHYGIENE_CLOCK_OFFSET = '30'
        try { $thrown = Get-TerminatingError { $Account | Get-StaleAccessKey @Aws -AsOf (Get-Date) } }
        finally { Remove-Item Env:IAMKEYHYGIENE_CLOCK_OFFSET }
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidAsOf,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        $thrown.Exception.Message | Should -Match 'moved 30 days by IAMKEYHYGIENE_CLOCK_OFFSET'
    }

    It 'judges (Get-Date) and today''s date as now' -ForEach @(
        @{ Label = 'Get-Date'; AsOf = { Get-Date } }
        @{ Label = 'today'; AsOf = { (Get-Date).Date } }
        @{ Label = 'an hour ago, UTC'; AsOf = { [DateTime]::UtcNow.AddHours(-1) } }
    ) {
        $started = [DateTimeOffset]::UtcNow.AddSeconds(-1)
        $findings = @($Account | Get-StaleAccessKey @Aws -AsOf (& $AsOf) -IncludeHealthy)
        ($findings | Where-Object UserName -eq 'old-second').Stage | Should -Be 'Disable'
        ($findings | Where-Object UserName -eq 'nearly').Stage | Should -Be 'Warn'
        $findings[0].EvaluatedAt | Should -BeGreaterOrEqual $started -Because "-AsOf $Label is judged at the module's clock"
    }

    It 'judges a later day at that day' {
        $later = [DateTime]::UtcNow.AddDays(10)
        $findings = @($Account | Get-StaleAccessKey @Aws -AsOf $later)
        ($findings | Where-Object UserName -eq 'nearly').Stage | Should -Be 'Disable'
        ($findings | Where-Object UserName -eq 'nearly').EvaluatedAt.UtcDateTime | Should -Be $later
    }
}

Describe 'Account ids from the pipeline' {
    BeforeAll {
        $script:Csv = Join-Path $Temp 'accounts.csv'
        @([pscustomobject]@{ AccountId = $First; Owner = 'team-a' }, [pscustomobject]@{ AccountId = $Second; Owner = 'team-b' }) |
            Export-Csv -Path $Csv -NoTypeInformation
    }

    It 'binds a string: ''333333333301'' | Get-OrganizationAccount' {
        $accounts = @($First | Get-OrganizationAccount @Aws -RoleName $Role)
        $accounts.AccountId | Should -Be @($First)
        $accounts[0].RoleArn | Should -Be "arn:aws:iam::${First}:role/$Role"
    }

    It 'binds Import-Csv rows (an AccountId column) in one listing, however many ids' {
        Reset-Calls
        Get-OrganizationAccount @Aws -RoleName $Role | Out-Null
        $listingAll = (Get-Calls).byOperation.'organizations:ListAccountsForParent'
        Reset-Calls
        $accounts = @(Import-Csv $Csv | Get-OrganizationAccount @Aws -RoleName $Role)
        @($accounts.AccountId | Sort-Object) | Should -Be @($First, $Second)
        $calls = (Get-Calls).byOperation
        $calls.'organizations:ListAccountsForParent' | Should -Be $listingAll   # the one walk listing them all costs
        $calls.'organizations:ListAccounts' | Should -BeNullOrEmpty
        $calls.'organizations:DescribeAccount' | Should -BeNullOrEmpty
        $calls.'sts:GetCallerIdentity' | Should -Be 1
    }

    It 'binds a string into Get-StaleAccessKey, resolved through the organization and -RoleName' {
        $findings = @($First | Get-StaleAccessKey @Aws -RoleName $Role)
        $findings.AccountId | Select-Object -Unique | Should -Be $First
        $findings.UserName | Should -Be @('old-first')
        $findings[0].AccountName | Should -Be 'first'
    }

    It 'binds Import-Csv rows into Get-StaleAccessKey' {
        Reset-Calls
        $findings = @(Import-Csv $Csv | Get-StaleAccessKey @Aws -RoleName $Role)
        @($findings.AccountId | Sort-Object -Unique) | Should -Be @($First, $Second)
        ($findings | Where-Object UserName -eq 'old-second').Stage | Should -Be 'Disable'
        (Get-Calls).byOperation.'organizations:ListAccounts' | Should -BeNullOrEmpty
        (Get-Calls).byOperation.'organizations:DescribeAccount' | Should -BeNullOrEmpty
    }

    It 'writes a non-terminating AccountNotFound for an unknown id among good ones, and returns the others' -ForEach @(
        @{ Cmdlet = 'Get-OrganizationAccount'; Class = 'GetOrganizationAccountCommand' }
        @{ Cmdlet = 'Get-StaleAccessKey'; Class = 'GetStaleAccessKeyCommand' }
    ) {
        $errors = $null
        $output = @(& $Cmdlet @Aws -RoleName $Role -AccountId $First, $Unknown, $Second -ErrorVariable errors -ErrorAction SilentlyContinue)
        @($output.AccountId | Sort-Object -Unique) | Should -Be @($First, $Second)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "AccountNotFound,IamKeyHygiene.Commands.$Class"
        $errors[0].TargetObject | Should -Be $Unknown
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'warns why a SUSPENDED account named by id is skipped' {
        $warnings = $null
        $accounts = @(Get-OrganizationAccount @Aws -AccountId $Suspended, $First -WarningVariable warnings -WarningAction SilentlyContinue)
        $accounts.AccountId | Should -Be @($First)
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match $Suspended
        "$($warnings[0])" | Should -Match 'SUSPENDED'
        "$($warnings[0])" | Should -Match '-IncludeInactive'
        (Get-OrganizationAccount @Aws -AccountId $Suspended -IncludeInactive).State | Should -Be 'SUSPENDED'
    }

    It 'names the switch that returns a skipped SUSPENDED account by the cmdlet that has it, also from Get-StaleAccessKey' {
        $warnings = $null
        @(Get-StaleAccessKey @Aws -RoleName $Role -AccountId $Suspended, $First -WarningVariable warnings -WarningAction SilentlyContinue) | Out-Null
        $skipped = @($warnings | Where-Object { "$_" -match $Suspended })
        $skipped.Count | Should -Be 1
        "$($skipped[0])" | Should -Match 'Get-OrganizationAccount -IncludeInactive'
    }

    It 'does not warn about a SUSPENDED account nobody named' {
        $warnings = $null
        $accounts = @(Get-OrganizationAccount @Aws -WarningVariable warnings -WarningAction SilentlyContinue)
        $accounts.AccountId | Should -Not -Contain $Suspended
        $warnings.Count | Should -Be 0
    }
}

Describe '-DurationSeconds when the caller is a role session' {
    BeforeAll {
        # A role profile: the admin's keys assume the management account's audit role, so the caller is a role session.
        $script:Credentials = Join-Path $Temp 'credentials'
        Set-Content -Path $Credentials -Encoding utf8 -Value @"
[base]
aws_access_key_id = $($Aws.AccessKey)
aws_secret_access_key = $($Aws.SecretKey)
"@
        Set-Content -Path (Join-Path $Temp 'config') -Encoding utf8 -Value @"
[profile chained]
role_arn = arn:aws:iam::111111111111:role/$Role
source_profile = base
region = us-east-1
"@
        $script:Chained = @{ ProfileName = 'chained'; ProfileLocation = $Credentials; EndpointUrl = $Emulator.Url }
    }

    It 'is one terminating InvalidDurationSeconds above 3600, before any account is tried' {
        Reset-Calls
        $errors = $null
        $thrown = Get-TerminatingError {
            Get-OrganizationAccount @Chained -RoleName $Role -DurationSeconds 7200 -ErrorVariable +errors |
                Get-StaleAccessKey @Chained -ErrorVariable +errors
        }
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidDurationSeconds,IamKeyHygiene.Commands.GetOrganizationAccountCommand'
        $thrown.Exception.Message | Should -Match 'role chaining'
        $thrown.Exception.Message | Should -Match '3600'
        # No other error (one AssumeRoleFailed per account, say) was written first.
        @($errors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -notlike 'InvalidDurationSeconds,*' }) |
            ForEach-Object FullyQualifiedErrorId | Should -BeNullOrEmpty
        $calls = Get-Calls
        $calls.byOperation.'sts:AssumeRole' | Should -Be 1          # the profile's own, no member account's
        $calls.byOperation.'sts:GetCallerIdentity' | Should -Be 1
        @($calls.byOperation.PSObject.Properties.Name | Where-Object { $_ -like 'organizations:*' -or $_ -like 'iam:*' }).Count | Should -Be 0
    }

    It 'allows 3600 to a role session, and more to a caller with keys of its own' {
        @(Get-OrganizationAccount @Chained -RoleName $Role -DurationSeconds 3600 -AccountId $First).AccountId | Should -Be $First
        @(Get-OrganizationAccount @Aws -RoleName $Role -DurationSeconds 7200 -AccountId $First).AccountId | Should -Be $First
    }
}
