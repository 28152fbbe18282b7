# Get-OrganizationAccount | Get-StaleAccessKey on the built module against the emulator (issue 5).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    Update-FormatData -PrependPath (Join-Path (Get-BuiltModuleFolder) 'IamKeyHygiene.Scan.Format.ps1xml') -ErrorAction SilentlyContinue

    $script:Role = 'KeyHygieneAudit'
    $script:Boundaries = '222222222201'
    $script:ManyUsers = '222222222202'
    $script:NoRole = '222222222298'
    $script:Suspended = '222222222299'
    $script:RootKey = '222222222297'
    $script:OldReport = '222222222296'
    $script:Security = '222222222295'

    $tagged = @{ 'keyhygiene:AKIAPESTERDELETE0001' = 'disabled=2020-01-01T00:00:00Z'
                 'keyhygiene:AKIAPESTERDELETE0002' = 'disabled=2020-01-01T00:00:00Z'
                 'keyhygiene:AKIAPESTERDELETE0003' = 'disabled=2020-01-01T00:00:00Z' }
    $boundaryUsers = @(
        New-ScanUser 'age-80-minus-1h' @(New-ScanKey 79.9583)
        New-ScanUser 'age-80-exact' @(New-ScanKey 80)
        New-ScanUser 'age-80-plus-1h' @(New-ScanKey 80.0417)
        New-ScanUser 'age-90-minus-1h' @(New-ScanKey 89.9583)
        New-ScanUser 'age-90-exact' @(New-ScanKey 90)
        New-ScanUser 'age-90-plus-1h' @(New-ScanKey 90.0417)
        New-ScanUser 'unused-45-minus-1h' @(New-ScanKey 60 44.9583)
        New-ScanUser 'unused-45-exact' @(New-ScanKey 60 45)
        New-ScanUser 'unused-45-plus-1h' @(New-ScanKey 60 45.0417)
        New-ScanUser 'never-used' @(New-ScanKey 50 $null)
        New-ScanUser 'two-active' @((New-ScanKey 85 1), (New-ScanKey 5 1))
        New-ScanUser 'inactive-young' @(New-ScanKey 30 20 'Inactive')
        New-ScanUser 'delete-150-minus-1h' @(New-ScanKey 149.9583 120 'Inactive' 'AKIAPESTERDELETE0001') -Tags $tagged
        New-ScanUser 'delete-150-exact' @(New-ScanKey 150 120 'Inactive' 'AKIAPESTERDELETE0002') -Tags $tagged
        New-ScanUser 'delete-150-plus-1h' @(New-ScanKey 150.0417 120 'Inactive' 'AKIAPESTERDELETE0003') -Tags $tagged
        New-ScanUser 'tag-owner' @(New-ScanKey 95) -Tags @{ owner = 'tag-owner@example.com' }
        New-ScanUser 'mail-owner@example.com' @(New-ScanKey 95)
        New-ScanUser 'file-owned' @(New-ScanKey 95) -Path '/service/'
        New-ScanUser 'orphan' @(New-ScanKey 95)
        New-ScanUser 'exempt-file' @(New-ScanKey 95)
        New-ScanUser 'exempt-expired' @(New-ScanKey 95)
        New-ScanUser 'exempt-tag' @(New-ScanKey 95) -Tags @{ 'keyhygiene:exempt' = 'expires=2099-12-31 reason=vendor contract' }
        New-ScanUser 'young' @(New-ScanKey 3 0.1)
    )
    $scenarioAccounts = @(
        New-ScanAccount $Boundaries 'boundaries' $boundaryUsers -ParentOu 'Workloads/Prod/Payments'
        New-ScanAccount $ManyUsers 'many-users' @(1..105 | ForEach-Object { New-ScanUser ('bulk-{0:000}' -f $_) @(New-ScanKey 95) }) -ParentOu 'Sandbox'
        New-ScanAccount $NoRole 'no-role' @(New-ScanUser 'someone' @(New-ScanKey 200)) -NoRole -ParentOu 'Sandbox'
        New-ScanAccount $Suspended 'suspended' @(New-ScanUser 'ghost' @(New-ScanKey 300)) -State 'SUSPENDED'
        New-ScanAccount $RootKey 'root-key' @() -RootAccessKeys @(New-ScanKey 400 30) -ParentOu 'Workloads'
        New-ScanAccount $OldReport 'old-report' @(New-ScanUser 'stale' @(New-ScanKey 95)) -CredentialReportAgeHours 3 -ParentOu 'Workloads/Prod'
        New-ScanAccount $Security 'security' @(New-ScanUser 'org-reader' @([ordered]@{ status = 'Active'; ageDays = 5; lastUsedDaysAgo = 1; accessKeyId = 'AKIAPESTERDELEGATED1'; secretAccessKey = 'pester-delegated-secret-000000000000000000' }))
    ) + @(1..22 | ForEach-Object { New-ScanAccount ('2222222231{0:00}' -f $_) ('filler-{0:00}' -f $_) @(New-ScanUser 'app' @(New-ScanKey 10 0.5)) -ParentOu 'Workloads/Prod' })
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts $scenarioAccounts -DelegatedAdministrator $Security)

    $script:ExemptionsPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-exemptions-$([guid]::NewGuid().ToString('n')).json"
    @(
        @{ userArn = "arn:aws:iam::${Boundaries}:user/exempt-file"; reason = 'Partner migration'; approver = 'lead@example.com'; expires = '2099-12-31' }
        @{ userArn = "arn:aws:iam::${Boundaries}:user/exempt-expired"; reason = 'Old waiver'; approver = 'lead@example.com'; expires = '2020-01-31' }
    ) | ConvertTo-Json | Set-Content $ExemptionsPath -Encoding utf8
    $script:OwnersPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-owners-$([guid]::NewGuid().ToString('n')).json"
    ConvertTo-Json -Depth 5 -InputObject @(@{ match = '/service/'; owner = @{ email = 'platform@example.com'; name = 'Platform' } }) | Set-Content $OwnersPath -Encoding utf8

    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator

    $script:Accounts = Get-OrganizationAccount @Aws -RoleName $Role
    $errors = $null
    $script:Findings = @($Accounts | Get-StaleAccessKey @Aws -ExemptionsPath $ExemptionsPath -OwnersPath $OwnersPath -ErrorVariable errors -ErrorAction SilentlyContinue)
    $script:ScanErrors = @($errors)
    function script:FindingOf([string] $User) { @($Findings | Where-Object UserName -eq $User) }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath, $script:ExemptionsPath, $script:OwnersPath -ErrorAction SilentlyContinue
}

Describe 'Get-OrganizationAccount' {
    It 'returns every active account the OU walk reaches, not the suspended one' {
        $Accounts.Count | Should -Be 29   # 1 management + 6 named active + 22 fillers
        $Accounts.AccountId | Should -Not -Contain $Suspended
        $Accounts[0].GetType().FullName | Should -Be 'IamKeyHygiene.AccountContext'
    }
    It 'gives OU paths three levels deep' {
        ($Accounts | Where-Object AccountId -eq $Boundaries).OrganizationalUnitPath | Should -Be 'Root/Workloads/Prod/Payments'
    }
    It 'returns the suspended account with -IncludeInactive' {
        (Get-OrganizationAccount @Aws -IncludeInactive).AccountId | Should -Contain $Suspended
    }
    It 'selects an OU tree with -Recurse and excludes sub-OUs and accounts' {
        $tree = Get-OrganizationAccount @Aws -OrganizationalUnitId 'ou-test-workload1' -Recurse -ExcludeOrganizationalUnitId 'ou-test-payments1' -ExcludeAccountId $RootKey
        $tree.AccountId | Should -Not -Contain $Boundaries
        $tree.AccountId | Should -Not -Contain $RootKey
        $tree.AccountId | Should -Contain $OldReport
        (Get-OrganizationAccount @Aws -OrganizationalUnitId 'ou-test-workload1').AccountId | Should -Be @($RootKey)
    }
    It 'reads tags only with -IncludeTags and names the role for member accounts only' {
        $Accounts[0].Tags | Should -BeNullOrEmpty
        ($Accounts | Where-Object AccountId -eq $Boundaries).RoleArn | Should -Be "arn:aws:iam::${Boundaries}:role/$Role"
        ($Accounts | Where-Object AccountId -eq '111111111111').RoleArn | Should -BeNullOrEmpty
    }
    It 'works from the delegated administrator account' {
        $delegated = Get-OrganizationAccount -AccessKey 'AKIAPESTERDELEGATED1' -SecretKey 'pester-delegated-secret-000000000000000000' -Region us-east-1 -EndpointUrl $Emulator.Url
        $delegated.Count | Should -Be 29
    }
    It 'fits its table view in 120 columns' {
        $lines = $Accounts | Format-Table | Out-String -Width 200 -Stream
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }
}

Describe 'Get-StaleAccessKey boundaries' {
    It 'warns at 80 days, not an hour before' {
        FindingOf 'age-80-minus-1h' | Should -BeNullOrEmpty
        (FindingOf 'age-80-exact').Stage | Should -Be 'Warn'
        (FindingOf 'age-80-plus-1h').Stage | Should -Be 'Warn'
    }
    It 'disables at 90 days, not an hour before' {
        (FindingOf 'age-90-minus-1h').Stage | Should -Be 'Warn'
        (FindingOf 'age-90-exact').Stage | Should -Be 'Disable'
        (FindingOf 'age-90-plus-1h').Stage | Should -Be 'Disable'
        (FindingOf 'age-90-exact').Reasons | Should -Contain 'TooOld'
        (FindingOf 'age-90-exact').AgeDays | Should -Be 90
    }
    It 'warns about keys unused for 45 days, not an hour before' {
        FindingOf 'unused-45-minus-1h' | Should -BeNullOrEmpty
        (FindingOf 'unused-45-exact').Stage | Should -Be 'Warn'
        (FindingOf 'unused-45-exact').Reasons | Should -Contain 'Unused'
        (FindingOf 'unused-45-plus-1h').Stage | Should -Be 'Warn'
    }
    It 'deletes Inactive keys from 150 days, not an hour before' {
        (FindingOf 'delete-150-minus-1h').Stage | Should -Not -Be 'Delete'
        (FindingOf 'delete-150-exact').Stage | Should -Be 'Delete'
        (FindingOf 'delete-150-plus-1h').Stage | Should -Be 'Delete'
    }
    It 'flags never-used keys and both of two active keys' {
        (FindingOf 'never-used').Reasons | Should -Contain 'NeverUsed'
        $two = FindingOf 'two-active'
        $two.Count | Should -Be 1   # the young second key is Healthy: findings only
        $two.Reasons | Should -Contain 'SecondActiveKey'
        FindingOf 'inactive-young' | Should -BeNullOrEmpty
        FindingOf 'young' | Should -BeNullOrEmpty
    }
}

Describe 'Get-StaleAccessKey owners, exemptions, sources' {
    It 'takes owners from tags, then the e-mail user name, then the owners file, else none' {
        (FindingOf 'tag-owner').Owner.Email | Should -Be 'tag-owner@example.com'
        (FindingOf 'mail-owner@example.com').Owner.Source | Should -Be 'userName'
        (FindingOf 'file-owned').Owner.Email | Should -Be 'platform@example.com'
        (FindingOf 'orphan').Owner | Should -BeNullOrEmpty
        (FindingOf 'orphan').AccountEmail | Should -Be 'aws+boundaries@example.com'
    }
    It 'applies file and tag exemptions and reports an expired one' {
        (FindingOf 'exempt-file').Stage | Should -Be 'Exempt'
        (FindingOf 'exempt-file').ExemptFromStage | Should -Be 'Disable'
        (FindingOf 'exempt-tag').Stage | Should -Be 'Exempt'
        (FindingOf 'exempt-expired').Stage | Should -Be 'Disable'
        (FindingOf 'exempt-expired').Reasons | Should -Contain 'ExemptionExpired'
    }
    It 'reads more than 100 users of one account' {
        @($Findings | Where-Object AccountId -eq $ManyUsers).Count | Should -Be 105
    }
    It 'reports a root access key' {
        $root = @($Findings | Where-Object AccountId -eq $RootKey)
        $root.Stage | Should -Be 'RootAccessKey'
        $root.UserName | Should -Be '<root_account>'
    }
    It 'reports the account whose role is missing and completes the others' {
        $denied = @($ScanErrors | Where-Object { $_.TargetObject -eq $NoRole })
        $denied.Count | Should -Be 1
        $denied[0].FullyQualifiedErrorId | Should -Be 'AssumeRoleFailed,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        $denied[0].Exception.Message | Should -Match $NoRole
        $ScanErrors.Count | Should -Be 1
        @($Findings | Where-Object AccountId -eq $Boundaries).Count | Should -BeGreaterThan 10
    }
    It 'reads from the credential report and says when it was generated' {
        $finding = FindingOf 'age-90-exact'
        $finding.Source | Should -Be 'CredentialReport'
        $finding.ReportGeneratedAt | Should -Not -BeNullOrEmpty
        # The scan fixes its evaluation time when it starts; the report it asks for is generated moments later and
        # AWS gives its time in whole seconds, so the two are close but may come in either order.
        [math]::Abs(($finding.EvaluatedAt - $finding.ReportGeneratedAt).TotalSeconds) | Should -BeLessThan 60
    }
    It 'uses an existing report younger than -ReportMaxAge, and reads live when it is older' {
        $old = FindingOf 'stale'
        $old.Source | Should -Be 'CredentialReport'
        ([DateTimeOffset]::UtcNow - $old.ReportGeneratedAt).TotalHours | Should -BeGreaterThan 2.9
        $account = $Accounts | Where-Object AccountId -eq $OldReport
        $live = $account | Get-StaleAccessKey @Aws -ReportMaxAge (New-TimeSpan -Hours 1)
        $live.Source | Should -Be 'Live'
        $live.Stage | Should -Be 'Disable'
    }
    It 'previews a later day with -AsOf' {
        $account = $Accounts | Where-Object AccountId -eq $Boundaries
        $asOf = [DateTime]::UtcNow.AddDays(10)
        $later = @($account | Get-StaleAccessKey @Aws -AsOf $asOf)
        ($later | Where-Object UserName -eq 'age-80-exact').Stage | Should -Be 'Disable'
        ($later | Where-Object UserName -eq 'age-80-exact').EvaluatedAt.UtcDateTime | Should -Be $asOf
        ($later | Where-Object UserName -eq 'age-80-minus-1h').Stage | Should -Be 'Warn'
    }
    It 'gives the same verdicts live as from the report' {
        $account = $Accounts | Where-Object AccountId -eq $Boundaries
        $asOf = [DateTime]::UtcNow
        $key = { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.UserName, $_.AccessKeyId, $_.Stage, ($_.Reasons -join ','), $_.NextStage, $_.Owner }
        $report = $account | Get-StaleAccessKey @Aws -AsOf $asOf -Source CredentialReport -IncludeHealthy -ExemptionsPath $ExemptionsPath -OwnersPath $OwnersPath | ForEach-Object $key | Sort-Object
        $live = $account | Get-StaleAccessKey @Aws -AsOf $asOf -Source Live -IncludeHealthy -ExemptionsPath $ExemptionsPath -OwnersPath $OwnersPath | ForEach-Object $key | Sort-Object
        $live | Should -Be $report
        $report.Count | Should -BeGreaterThan 20
    }
    It 'fits its table view in 120 columns and has a list view' {
        $lines = $Findings | Format-Table | Out-String -Width 250 -Stream
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        ($Findings[0] | Format-List | Out-String) | Should -Match 'ReportGeneratedAt'
    }
}

Describe 'Get-StaleAccessKey urgency' {
    It 'puts what needs a person first with Sort-Object Urgency -Descending' {
        $stages = @($Findings | Sort-Object Urgency -Descending | ForEach-Object Stage | Get-Unique -AsString)
        $stages | Should -Be @('RootAccessKey', 'Disable', 'Delete', 'Warn', 'Exempt')
        $Findings[0].Urgency | Should -BeOfType [int]
        ($Findings[0] | Format-List | Out-String) | Should -Match 'Urgency'
    }
    It 'keeps Stage a string in JSON and CSV; columns added later (Urgency, PolicyHash, IsPreview, CreationEvent) come last' {
        $disable = FindingOf 'age-90-exact'
        $json = $disable | ConvertTo-Json -Depth 5
        $json | Should -Match '"Stage":\s*"Disable"'
        ($json | ConvertFrom-Json).Urgency | Should -Be $disable.Urgency
        $csv = Join-Path ([IO.Path]::GetTempPath()) "ikh-findings-$([guid]::NewGuid().ToString('n')).csv"
        try {
            $Findings | Export-Csv -Path $csv -NoTypeInformation
            $header = (Get-Content $csv -TotalCount 1) -split ',' | ForEach-Object { $_.Trim('"') }
            $header[-4..-1] -join ',' | Should -Be 'Urgency,PolicyHash,IsPreview,CreationEvent'
            $header[0..($header.Count - 5)] -join ',' | Should -Be 'AccountId,AccountName,AccountEmail,UserName,UserArn,UserPath,AccessKeyId,Status,CreateDate,AgeDays,LastUsedDate,LastUsedService,LastUsedRegion,DaysSinceLastUse,Stage,Reasons,NextStage,NextStageDate,Owner,Exemption,ExemptFromStage,Source,ReportGeneratedAt,EvaluatedAt,Notes'
            (Import-Csv $csv | Where-Object UserName -eq 'age-90-exact').Stage | Should -Be 'Disable'
        }
        finally { Remove-Item $csv -ErrorAction SilentlyContinue }
    }
}

Describe 'Get-StaleAccessKey safety' {
    It 'never writes a secret access key, even with -Verbose and -Debug' {
        $account = $Accounts | Where-Object AccountId -in @($Boundaries, $Security, '111111111111')
        $all = $account | Get-StaleAccessKey @Aws -Verbose -Debug -IncludeHealthy 5>&1 4>&1 3>&1 2>&1 | Out-String -Width 500
        $text = $all + ($Findings | Format-List * | Out-String -Width 500) + ($Findings | ConvertTo-Json -Depth 5)
        $text | Should -Not -Match 'pester-admin-secret'
        $text | Should -Not -Match 'pester-delegated-secret'
        $text | Should -Not -Match '(?i)secretaccesskey\s*[:=]'
    }
    It 'rejects a policy file with a bad threshold before any AWS call' {
        $policy = Join-Path ([IO.Path]::GetTempPath()) "ikh-policy-$([guid]::NewGuid().ToString('n')).json"
        '{ "warnAgeDays": 120, "disableAgeDays": 90 }' | Set-Content $policy
        Invoke-EmulatorControl $Emulator DELETE calls | Out-Null
        { Get-StaleAccessKey @Aws -Policy $policy } | Should -Throw -ErrorId 'InvalidPolicy,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
        (Invoke-EmulatorControl $Emulator GET calls).total | Should -Be 0
        Remove-Item $policy
    }
    It 'rejects an exemptions file without an approver, naming file and field' {
        $bad = Join-Path ([IO.Path]::GetTempPath()) "ikh-bad-exemptions-$([guid]::NewGuid().ToString('n')).json"
        '[ { "accountId": "222222222201", "reason": "x", "expires": "2099-01-01" } ]' | Set-Content $bad
        $thrown = { Get-StaleAccessKey @Aws -ExemptionsPath $bad } | Should -Throw -PassThru
        $thrown.Exception.Message | Should -Match 'approver'
        $thrown.Exception.Message | Should -Match ([regex]::Escape((Split-Path $bad -Leaf)))
        Remove-Item $bad
    }
    It 'takes a policy object from New-KeyHygienePolicy' {
        $account = $Accounts | Where-Object AccountId -eq $Boundaries
        $strict = New-KeyHygienePolicy -WarnAgeDays 70 -DisableAgeDays 80
        $findings = @($account | Get-StaleAccessKey @Aws -Policy $strict)
        ($findings | Where-Object UserName -eq 'age-80-exact').Stage | Should -Be 'Disable'
        { Get-StaleAccessKey @Aws -Policy (Get-Date) } | Should -Throw -ErrorId 'InvalidPolicy,IamKeyHygiene.Commands.GetStaleAccessKeyCommand'
    }
    It 'scans nothing for an empty pipeline, and the caller''s own account without input' {
        @(@() | Get-StaleAccessKey @Aws -IncludeHealthy).Count | Should -Be 0
        $own = @(Get-StaleAccessKey @Aws -IncludeHealthy)
        $own.AccountId | Select-Object -Unique | Should -Be '111111111111'
        $own.UserName | Should -Contain 'admin-tools'
    }
    It 'applies a scoped rule by user path (notify only for /service/ users)' {
        $policy = Join-Path ([IO.Path]::GetTempPath()) "ikh-policy-$([guid]::NewGuid().ToString('n')).json"
        '{ "rules": [ { "name": "service-users", "match": { "userPathPrefix": "/service/" }, "notifyOnly": true } ] }' | Set-Content $policy
        $account = $Accounts | Where-Object AccountId -eq $Boundaries
        $scoped = @($account | Get-StaleAccessKey @Aws -Policy $policy)
        ($scoped | Where-Object UserName -eq 'file-owned').Stage | Should -Be 'Warn'
        ($scoped | Where-Object UserName -eq 'file-owned').Reasons | Should -Contain 'NotifyOnly'
        ($scoped | Where-Object UserName -eq 'orphan').Stage | Should -Be 'Disable'
        Remove-Item $policy
    }
}

Describe 'Get-StaleAccessKey read errors' {
    BeforeAll {
        $script:Target = $Accounts | Where-Object AccountId -eq $Boundaries
        function script:ScanWithFailure([string] $Operation) {
            # One call's every attempt fails (6 attempts for a 5xx), then the emulator answers again.
            Invoke-EmulatorControl $Emulator POST faults @{ failPage = @{ operation = $Operation; pageNumber = 1; times = 6 } } | Out-Null
            try { @($Target | Get-StaleAccessKey @Aws -Source Live) }
            finally { Invoke-EmulatorControl $Emulator DELETE faults | Out-Null }
        }
    }
    It 'gives ReadError, and no other verdict for that user, when GetAccessKeyLastUsed fails' {
        $findings = ScanWithFailure 'GetAccessKeyLastUsed'
        $errors = @($findings | Where-Object Stage -eq 'ReadError')
        $errors.Count | Should -BeGreaterThan 0
        $user = @($errors.UserName | Select-Object -Unique)
        $user.Count | Should -Be 1
        @($findings | Where-Object { $_.UserName -eq $user[0] -and $_.Stage -ne 'ReadError' }).Count | Should -Be 0
        ($errors | Where-Object AccessKeyId).Notes | Should -Match 'GetAccessKeyLastUsed'
        $errors[0].DaysSinceLastUse | Should -BeNullOrEmpty
        @($findings | Where-Object Stage -eq 'Disable').Count | Should -BeGreaterThan 3
    }
    It 'gives one ReadError with no key id when ListAccessKeys fails' {
        $findings = ScanWithFailure 'ListAccessKeys'
        $errors = @($findings | Where-Object Stage -eq 'ReadError')
        $errors.Count | Should -Be 1
        $errors[0].AccessKeyId | Should -BeNullOrEmpty
        $errors[0].Notes | Should -Match 'ListAccessKeys'
        @($findings | Where-Object Stage -eq 'Disable').Count | Should -BeGreaterThan 3
    }
}

Describe 'Get-StaleAccessKey under throttling' {
    It 'gives exactly the same findings with 30 % of calls throttled, every operation throttled at least once' {
        $asOf = [DateTime]::UtcNow
        $key = { '{0}|{1}|{2}|{3}|{4}' -f $_.AccountId, $_.UserName, $_.AccessKeyId, $_.Stage, ($_.Reasons -join ',') }
        $subset = @($Boundaries, $RootKey, $OldReport, $NoRole) + @(1..10 | ForEach-Object { '2222222231{0:00}' -f $_ })
        $scan = { Get-OrganizationAccount @Aws -RoleName $Role -AccountId $subset | Get-StaleAccessKey @Aws -AsOf $asOf -ErrorAction SilentlyContinue | ForEach-Object $key | Sort-Object }
        $calm = & $scan
        Invoke-EmulatorControl $Emulator DELETE calls | Out-Null
        Invoke-EmulatorControl $Emulator POST faults @{ seed = 7; rules = @(@{ throttleProbability = 0.3 }) } | Out-Null
        try {
            $throttled = & $scan
            # The organization reads are few per run: repeat them (a dozen times at most) until each was throttled once.
            foreach ($run in 1..12) {
                $orgAccounts = Get-OrganizationAccount @Aws -RoleName $Role; $orgAccounts.Count | Should -Be 29
                $seen = ((Invoke-EmulatorControl $Emulator GET 'faults/counts').counts.PSObject.Properties | Where-Object Name -match 'hrottl' | Select-Object -First 1).Value
                $operations = (Invoke-EmulatorControl $Emulator GET calls).byOperation.PSObject.Properties.Name
                if ($run -ge 4 -and $seen -and -not @($operations | Where-Object { -not $seen.$_ })) { break }
            }
            $counts = Invoke-EmulatorControl $Emulator GET 'faults/counts'
            $calls = Invoke-EmulatorControl $Emulator GET calls
        }
        finally {
            Invoke-EmulatorControl $Emulator DELETE faults | Out-Null
        }
        $throttled | Should -Be $calm
        $calm.Count | Should -BeGreaterOrEqual 20
        $injected = ($counts.counts.PSObject.Properties | Where-Object Name -match 'hrottl' | Select-Object -First 1).Value
        foreach ($operation in $calls.byOperation.PSObject.Properties.Name) {
            $injected.$operation | Should -BeGreaterThan 0 -Because "$operation was called $($calls.byOperation.$operation) times"
        }
    }
}

Describe 'Get-StaleAccessKey stops on Ctrl+C' {
    BeforeAll {
        $scenario = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount '222222222201' 'slow' @(New-ScanUser 'u' @(New-ScanKey 95))))
        $script:Slow = Start-Emulator -Scenario $scenario -LatencyMs 30000
        Remove-Item $scenario
    }
    AfterAll { if ($script:Slow) { Stop-Emulator $script:Slow } }

    It 'returns long before the 30 s calls would have finished' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript({
                param($Manifest, $Aws)
                Import-Module $Manifest
                Get-OrganizationAccount @Aws -RoleName KeyHygieneAudit | Get-StaleAccessKey @Aws
            }).AddArgument((Get-BuiltModuleManifest)).AddArgument((Get-EmulatorAws $Slow))
            $async = $ps.BeginInvoke()
            Start-Sleep -Seconds 3
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $async.IsCompleted | Should -BeTrue
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
        }
        finally { $ps.Dispose() }
    }

    It 'stops a scan in flight (accounts already listed) long before its calls would have finished' {
        $fast = Start-Emulator -Scenario $ScenarioPath
        try {
            $aws = Get-EmulatorAws $fast
            $targets = Get-OrganizationAccount @aws -RoleName KeyHygieneAudit -AccountId $Boundaries, $RootKey
            Set-EmulatorFault -Emulator $fast -Fault @{ latency = @{ fixedMs = 30000 } } | Out-Null
            $ps = [PowerShell]::Create()
            try {
                $null = $ps.AddScript({
                    param($Manifest, $Aws, $Targets)
                    Import-Module $Manifest
                    $Targets | Get-StaleAccessKey @Aws
                }).AddArgument((Get-BuiltModuleManifest)).AddArgument($aws).AddArgument($targets)
                $async = $ps.BeginInvoke()
                Start-Sleep -Seconds 3
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()
                $async.IsCompleted | Should -BeTrue
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
            }
            finally { $ps.Dispose() }
        }
        finally { Stop-Emulator $fast }
    }
}

Describe 'Get-StaleAccessKey when role sessions expire mid-scan' {
    BeforeAll {
        $users = @(1..6 | ForEach-Object { New-ScanUser "stale-$_" @(New-ScanKey 95) })
        $scenario = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount '222222222201' 'member' $users))
        $script:Clocked = Start-Emulator -Scenario $scenario
        Remove-Item $scenario
    }
    AfterAll { if ($script:Clocked) { Stop-Emulator $script:Clocked } }

    It 'renews the session after ExpiredToken and completes the scan' {
        $aws = Get-EmulatorAws $Clocked
        # Hold the first ListAccessKeys (the session is assumed by then), move the data clock past the session's
        # hour, release: the next calls meet ExpiredToken, the session is renewed, the scan goes on.
        Set-EmulatorFault -Emulator $Clocked -Fault @{ hold = @{ operation = 'iam:ListAccessKeys' } } | Out-Null
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript({
                param($Manifest, $Aws)
                Import-Module $Manifest
                Get-OrganizationAccount @Aws -RoleName KeyHygieneAudit -AccountId 222222222201 | Get-StaleAccessKey @Aws
            }).AddArgument((Get-BuiltModuleManifest)).AddArgument($aws)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Invoke-EmulatorControl $Clocked GET 'faults/counts').waiting -lt 1) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The scan never reached ListAccessKeys.' }
                Start-Sleep -Milliseconds 100
            }
            Move-EmulatorClock -Emulator $Clocked -Days (2 / 24) | Out-Null
            Invoke-EmulatorControl $Clocked POST release | Out-Null
            $findings = @($ps.EndInvoke($async))
            $ps.Streams.Error | Should -BeNullOrEmpty
            $findings.Count | Should -Be 6
            $findings.Stage | Select-Object -Unique | Should -Be 'Disable'
            (Get-EmulatorCall -Emulator $Clocked).byOperation.'sts:AssumeRole' | Should -Be 2
        }
        finally { $ps.Dispose() }
    }
}
