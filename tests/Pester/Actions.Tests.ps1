# Disable-StaleAccessKey and Remove-StaleAccessKey (issue 10) on the built module against the emulator, in real
# pipelines; the end state is read key by key from the emulator's control API (GET /_emulator/state).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Member = '222222222201'
    $fullTags = @{}; 1..50 | ForEach-Object { $fullTags["team-$_"] = 'x' }
    $users = @(
        New-ScanUser 'stale' @(New-ScanKey 95 1 'Active' 'AKIAPESTERSTALE00001')
        New-ScanUser 'warn' @(New-ScanKey 82 1 'Active' 'AKIAPESTERWARN000001')
        New-ScanUser 'full-tags' @(New-ScanKey 95 1 'Active' 'AKIAPESTERFULLTAGS01') -Tags $fullTags
        New-ScanUser 'old-inactive' @(New-ScanKey 200 190 'Inactive' 'AKIAPESTERINACTIVE01')
        New-ScanUser 'self' @([ordered]@{ status = 'Active'; ageDays = 95; lastUsedDaysAgo = 1; accessKeyId = 'AKIAPESTERSELF000001'; secretAccessKey = 'pester-self-secret-00000000000000000000000' })
    )
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount $Member 'member' $users))
    $script:AuditPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-audit-$([guid]::NewGuid().ToString('n')).jsonl"
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator

    function script:Get-Findings { Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Member | Get-StaleAccessKey @Aws }
    function script:Get-KeyState([string] $User) {
        $account = Invoke-EmulatorControl -Emulator $Emulator -Path "state?account=$Member"
        $found = $account.users | Where-Object name -eq $User
        [pscustomobject]@{ Status = @($found.keys.status); Keys = @($found.keys).Count; Tags = $found.tags }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath, $script:AuditPath -ErrorAction SilentlyContinue
}

Describe 'Disable-StaleAccessKey' {
    It 'reports under -WhatIf and changes nothing' {
        $results = @(Get-Findings | Disable-StaleAccessKey @Aws -RoleName $Role -WhatIf -AuditLogPath $AuditPath)
        ($results | Where-Object UserName -eq 'stale').Outcome | Should -Be 'WhatIf'
        ($results | Where-Object UserName -eq 'warn').Reason | Should -Be 'Warn'
        $results[0].GetType().FullName | Should -Be 'IamKeyHygiene.KeyActionResult'
        (Get-KeyState 'stale').Status | Should -Be 'Active'
    }
    It 'stops before the first change when the circuit breaker trips, and reports the trip under -WhatIf' {
        $policy = New-KeyHygienePolicy -MaxDisablePerRun 1
        $findings = @(Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Member | Get-StaleAccessKey @Aws -Policy $policy |
            Where-Object UserName -in 'stale', 'warn', 'full-tags')
        { $findings | Disable-StaleAccessKey @Aws -RoleName $Role -Policy $policy -Force -AuditLogPath $AuditPath } |
            Should -Throw -ErrorId 'CircuitBreakerTripped,*'
        (Get-KeyState 'stale').Status | Should -Be 'Active'
        (Get-KeyState 'full-tags').Status | Should -Be 'Active'
        $wouldTrip = @($findings | Disable-StaleAccessKey @Aws -RoleName $Role -Policy $policy -WhatIf -AuditLogPath $AuditPath -WarningVariable warnings 3>$null)
        ($wouldTrip | Where-Object UserName -eq 'stale').Reason | Should -Be 'BreakerWouldTrip'
        "$warnings" | Should -Match 'Circuit breaker: 2 keys to disable, more than 1'
    }
    It 'skips previews and findings of another policy' {
        $preview = @(Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Member | Get-StaleAccessKey @Aws -AsOf (Get-Date).AddDays(1) |
            Disable-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath)
        $preview.Reason | Select-Object -Unique | Should -Be 'PreviewFinding'
        $other = @(Get-Findings | Disable-StaleAccessKey @Aws -RoleName $Role -Force -Policy (New-KeyHygienePolicy -DisableAgeDays 91) -AuditLogPath $AuditPath)
        $other.Reason | Select-Object -Unique | Should -Be 'PolicyChanged'
        (Get-KeyState 'stale').Status | Should -Be 'Active'
    }
    It 'never changes the key the module signs with' {
        $findings = @(Get-Findings | Where-Object UserName -eq 'self')
        $result = $findings | Disable-StaleAccessKey -AccessKey 'AKIAPESTERSELF000001' -SecretKey 'pester-self-secret-00000000000000000000000' -Region us-east-1 -EndpointUrl $Emulator.Url -Force -AuditLogPath $AuditPath
        ($result.Outcome, $result.Reason) | Should -Be @('Blocked', 'ModuleOwnKey')
        (Get-KeyState 'self').Status | Should -Be 'Active'
    }
    It 'refuses to act with a clock offset against an endpoint off loopback' {
        $env:IAMKEYHYGIENE_CLOCK_OFFSET = '1'
        try {
            { Get-Findings | Disable-StaleAccessKey -AccessKey AKIAEXAMPLEEXAMPLE01 -SecretKey x -Region us-east-1 -EndpointUrl 'https://iam.example.invalid' -Force } |
                Should -Throw -ErrorId 'ClockOffsetInEffect,*'
        }
        finally { Remove-Item Env:IAMKEYHYGIENE_CLOCK_OFFSET }
    }
    It 'disables Disable keys for real, tags them, and still disables a user at the 50-tag quota' {
        $results = @(Get-Findings | Disable-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath)
        $stale = $results | Where-Object UserName -eq 'stale'
        ($stale.Outcome, $stale.Action) | Should -Be @('Done', 'Disable')
        $stale.Message | Should -Match 'Restore-AccessKey'
        $stale.NextStage | Should -Be 'Delete'
        (Get-KeyState 'stale').Status | Should -Be 'Inactive'
        (Get-KeyState 'stale').Tags.'keyhygiene:AKIAPESTERSTALE00001' | Should -Match '^disabled=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        $full = $results | Where-Object UserName -eq 'full-tags'
        ($full.Outcome, $full.Reason) | Should -Be @('Done', 'TagQuotaFull')
        (Get-KeyState 'full-tags').Status | Should -Be 'Inactive'
        (Get-KeyState 'warn').Status | Should -Be 'Active'
        $lines = Get-Content $AuditPath | ConvertFrom-Json | Where-Object { $_.runId -eq $stale.RunId -and $_.accessKeyId -eq 'AKIAPESTERSTALE00001' }
        $lines.phase | Should -Be @('intent', 'outcome')
    }
}

Describe 'Remove-StaleAccessKey' {
    It 'never deletes an Active key, whatever the input says' {
        $csv = Join-Path ([IO.Path]::GetTempPath()) "ikh-findings-$([guid]::NewGuid().ToString('n')).csv"
        try {
            Get-Findings | Where-Object UserName -eq 'warn' | Export-Csv $csv
            $rows = @(Import-Csv $csv | ForEach-Object { $_.Stage = 'Delete'; $_ })
            $result = $rows | Remove-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath -ErrorVariable failures
            "$failures" | Should -BeNullOrEmpty
            ($result.Outcome, $result.Reason) | Should -Be @('Blocked', 'KeyActive')
            (Get-KeyState 'warn').Keys | Should -Be 1
            (Get-KeyState 'warn').Status | Should -Be 'Active'
        }
        finally { Remove-Item $csv -ErrorAction SilentlyContinue }
    }
    It 'tags an Inactive key past its delete age seen-inactive and defers the deletion' {
        $result = Get-Findings | Where-Object UserName -eq 'old-inactive' | Remove-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath
        ($result.Action, $result.Outcome, $result.Reason) | Should -Be @('TagSeenInactive', 'Deferred', 'AwaitingSeenInactiveTag')
        (Get-KeyState 'old-inactive').Keys | Should -Be 1
        (Get-KeyState 'old-inactive').Tags.'keyhygiene:AKIAPESTERINACTIVE01' | Should -Match '^seen-inactive='
    }
}
