# Restore-AccessKey (issue 10) on the built module against the emulator: a disable run undone by -RunId from the audit
# file (a TagQuotaFull key included), the hold the next daily run honours, and a key disabled elsewhere. The end state
# is read key by key from the emulator's control API (GET /_emulator/state).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Member = '222222222201'
    $fullTags = @{}; 1..50 | ForEach-Object { $fullTags["team-$_"] = 'x' }
    $users = @(
        New-ScanUser 'stale' @(New-ScanKey 95 1 'Active' 'AKIARESTORESTALE0001')
        New-ScanUser 'full-tags' @(New-ScanKey 95 1 'Active' 'AKIARESTOREFULLTAGS1') -Tags $fullTags
        New-ScanUser 'elsewhere' @(New-ScanKey 10 1 'Inactive' 'AKIARESTOREELSEWHER1')
    )
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount $Member 'member' $users))
    $script:AuditPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-restore-$([guid]::NewGuid().ToString('n')).jsonl"
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator

    function script:Get-Findings { Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Member | Get-StaleAccessKey @Aws }
    function script:Get-KeyState([string] $User) {
        $account = Invoke-EmulatorControl -Emulator $Emulator -Path "state?account=$Member"
        $found = $account.users | Where-Object name -eq $User
        $key = @($found.keys)[0]
        [pscustomobject]@{ Status = $key.status; Tag = $found.tags."keyhygiene:$($key.accessKeyId)" }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath, $script:AuditPath -ErrorAction SilentlyContinue
}

Describe 'Restore-AccessKey -RunId undoes a disable run from its audit log' {
    BeforeAll {
        $disabled = @(Get-Findings | Where-Object UserName -in 'stale', 'full-tags' |
            Disable-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath)
        $script:RunId = $disabled[0].RunId
        $script:DisabledReasons = @{}; $disabled | ForEach-Object { $DisabledReasons[$_.UserName] = "$($_.Outcome) $($_.Reason)".Trim() }
    }
    It 'starts from a run that disabled both keys, one without its tag (TagQuotaFull)' {
        $DisabledReasons['stale'] | Should -Be 'Done'
        $DisabledReasons['full-tags'] | Should -Be 'Done TagQuotaFull'
        (Get-KeyState 'full-tags').Tag | Should -BeNullOrEmpty
    }
    It 'changes nothing under -WhatIf' {
        $results = @(Restore-AccessKey @Aws -RunId $RunId -AuditLogPath $AuditPath -RoleName $Role -WhatIf)
        $results.Outcome | Select-Object -Unique | Should -Be 'WhatIf'
        $results.Count | Should -Be 2
        (Get-KeyState 'stale').Status | Should -Be 'Inactive'
        (Get-KeyState 'full-tags').Status | Should -Be 'Inactive'
    }
    It 're-activates every key the run disabled, the TagQuotaFull one on the audit log''s word, and writes the hold' {
        $results = @(Restore-AccessKey @Aws -RunId $RunId -AuditLogPath $AuditPath -RoleName $Role -HoldDays 7 -Force)
        $results[0].GetType().FullName | Should -Be 'IamKeyHygiene.KeyActionResult'
        $byUser = @{}; $results | ForEach-Object { $byUser[$_.UserName] = $_ }
        ($byUser['stale'].Action, $byUser['stale'].Outcome, $byUser['stale'].Reason) | Should -Be @('Restore', 'Done', '')
        $byUser['stale'].NextStage | Should -Be 'Disable'
        ($byUser['full-tags'].Outcome, $byUser['full-tags'].Reason) | Should -Be @('Done', 'TagQuotaFull')
        (Get-KeyState 'stale').Status | Should -Be 'Active'
        (Get-KeyState 'full-tags').Status | Should -Be 'Active'
        (Get-KeyState 'stale').Tag | Should -Match '^restored=\S+ hold-until=\S+$'
        $lines = @(Get-Content $AuditPath | ConvertFrom-Json | Where-Object { $_.runId -eq $byUser['stale'].RunId -and $_.action -eq 'Restore' })
        foreach ($user in 'stale', 'full-tags') {
            @($lines | Where-Object userName -eq $user | ForEach-Object { "$($_.phase):$($_.outcome)" }) | Should -Be @('intent:', 'outcome:Done')
        }
    }
    It 'is not disabled again by the next daily run within the hold' {
        $next = Get-Findings | Where-Object UserName -eq 'stale'
        $next.Stage | Should -Be 'Warn'
        $next.Reasons | Should -Contain 'Restored'
        $result = $next | Disable-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath
        ($result.Outcome, $result.Reason) | Should -Be @('Skipped', 'Warn')
        (Get-KeyState 'stale').Status | Should -Be 'Active'
    }
    It 'is disabled again once the hold is over' {
        $env:IAMKEYHYGIENE_CLOCK_OFFSET = '8'
        try {
            $result = Get-Findings | Where-Object UserName -eq 'stale' | Disable-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath
        }
        finally { Remove-Item Env:IAMKEYHYGIENE_CLOCK_OFFSET }
        $result.Outcome | Should -Be 'Done'
        (Get-KeyState 'stale').Status | Should -Be 'Inactive'
    }
}

Describe 'Restore-AccessKey of a key the module did not disable' {
    It 'refuses it (DisabledElsewhere), then restores it with -IncludeKeysDisabledElsewhere and audits that' {
        $key = @{ AccountId = $Member; UserName = 'elsewhere'; AccessKeyId = 'AKIARESTOREELSEWHER1' }
        $refused = Restore-AccessKey @Aws @key -RoleName $Role -Force -AuditLogPath $AuditPath
        ($refused.Outcome, $refused.Reason) | Should -Be @('Blocked', 'DisabledElsewhere')
        (Get-KeyState 'elsewhere').Status | Should -Be 'Inactive'

        $accepted = Restore-AccessKey @Aws @key -RoleName $Role -IncludeKeysDisabledElsewhere -Force -AuditLogPath $AuditPath
        ($accepted.Outcome, $accepted.Reason) | Should -Be @('Done', 'DisabledElsewhere')
        (Get-KeyState 'elsewhere').Status | Should -Be 'Active'
        $outcome = Get-Content $AuditPath | ConvertFrom-Json | Where-Object { $_.runId -eq $accepted.RunId -and $_.phase -eq 'outcome' }
        ($outcome.action, $outcome.reason) | Should -Be @('Restore', 'DisabledElsewhere')
    }
    It 'skips an Active key (AlreadyActive) and a key that does not exist (KeyNotFound)' {
        $active = Restore-AccessKey @Aws -AccountId $Member -UserName elsewhere -AccessKeyId AKIARESTOREELSEWHER1 -RoleName $Role -Force -AuditLogPath $AuditPath
        ($active.Outcome, $active.Reason) | Should -Be @('Skipped', 'AlreadyActive')
        $gone = Restore-AccessKey @Aws -AccountId $Member -UserName elsewhere -AccessKeyId AKIARESTOREGONE00001 -RoleName $Role -Force -AuditLogPath $AuditPath
        ($gone.Outcome, $gone.Reason) | Should -Be @('Skipped', 'KeyNotFound')
    }
}
