# A new admin trying to break Disable-StaleAccessKey (issue 10): findings edited by hand in a CSV and objects that are
# not findings, against the built module and the emulator. Each test pins a problem found that way.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Member = '222222222201'
    $users = @(
        New-ScanUser 'stale' @(New-ScanKey 95 1 'Active' 'AKIAMISUSESTALE00001')
        New-ScanUser 'warn' @(New-ScanKey 82 1 'Active' 'AKIAMISUSEWARN000001')
    )
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount $Member 'member' $users))
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-misuse-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:AuditPath = Join-Path $Folder 'audit log.jsonl'
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $script:Csv = Join-Path $Folder 'findings.csv'
    Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Member | Get-StaleAccessKey @Aws | Export-Csv -Path $Csv
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath -ErrorAction SilentlyContinue
    Remove-Item $script:Folder -Recurse -ErrorAction SilentlyContinue
}

Describe 'Findings edited by hand' {
    # -WhatIf answers before the live re-read and re-judge; the key is still re-read, so a Warn key whose Stage was typed
    # as Disable in the CSV previews as the real run's skip (StageChanged), not as "WhatIf Disable".
    It 'previews under -WhatIf what the real run does with a Stage typed in by hand' {
        $rows = @(Import-Csv $Csv | Where-Object UserName -eq 'warn')
        $rows[0].Stage = 'Disable'
        $preview = $rows | Disable-StaleAccessKey @Aws -RoleName $Role -WhatIf -AuditLogPath $AuditPath
        $real = $rows | Disable-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $AuditPath
        $real.Reason | Should -Be 'StageChanged'
        $preview.Outcome | Should -Not -Be 'WhatIf'
    }

    It 'says which properties an object needs to be a finding, and only those' {
        # Terminating: input is checked in full before the first change.
        $notFinding = @($null)
        try { $null = [pscustomobject]@{ AccountId = $Member } | Disable-StaleAccessKey @Aws -RoleName $Role -WhatIf -AuditLogPath $AuditPath -ErrorAction Stop }
        catch { $notFinding[0] = $_ }
        $notFinding[0].FullyQualifiedErrorId | Should -BeLike 'NotAFinding,*'
        # An object with AccountId and UserName is taken (and skipped with its reason), so the message must not claim more.
        $taken = [pscustomobject]@{ AccountId = $Member; UserName = 'stale' } | Disable-StaleAccessKey @Aws -RoleName $Role -WhatIf -AuditLogPath $AuditPath
        $taken.Reason | Should -Be 'PolicyChanged'
        "$($notFinding[0])" | Should -Match 'needs at least AccountId and UserName'
        "$($notFinding[0])" | Should -Not -Match 'AccessKeyId, Stage and PolicyHash'
    }
}

Describe 'The results table' {
    # The view's own promise: the outcome first, then the key and why. At 80 columns (a redirected host) the key id was
    # the first column dropped, so the one value Restore-AccessKey and the audit log are searched by was missing.
    It 'keeps the access key id whole at 80 and 120 columns' {
        $results = @(Import-Csv $Csv | Disable-StaleAccessKey @Aws -RoleName $Role -WhatIf -AuditLogPath $AuditPath)
        foreach ($width in 80, 120) {
            $table = $results | Format-Table | Out-String -Width $width
            $table | Should -Match 'AKIAMISUSESTALE00001' -Because "the key id must survive $width columns"
            $table | Should -Match 'Outcome'
        }
        $results | Format-Table | Out-String -Width 120 | Should -Match 'AccountId'
    }
}

Describe 'A run stopped mid-way (Ctrl+C)' {
    # StopProcessing cancels the run while an UpdateAccessKey is in flight: IAM applies it, and the run writes only the
    # intent line. The disabled= tag is written before UpdateAccessKey, and Restore-AccessKey -RunId takes a deactivation's
    # intent line without an outcome as proof, so the key the stopped run disabled is still recorded and undone.
    It 'leaves every key it changed before it stopped restorable by its run id' {
        $users = 1..3 | ForEach-Object { New-ScanUser "stop$_" @(New-ScanKey 95 1 'Active' ('AKIAMISUSESTOP' + $_.ToString('000000'))) }
        $scenario = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount $Member 'member' $users))
        $held = Start-Emulator -Scenario $scenario
        try {
            $heldAws = Get-EmulatorAws $held
            $audit = Join-Path $Folder 'stopped.jsonl'
            $findings = @(Get-OrganizationAccount @heldAws -RoleName $Role -AccountId $Member | Get-StaleAccessKey @heldAws)
            # The first UpdateAccessKey is made in IAM, then its answer waits: Ctrl+C lands while the change is in flight.
            Invoke-EmulatorControl $held POST faults @{ hold = @{ operation = 'UpdateAccessKey'; phase = 'afterCommit' } } | Out-Null
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                    param($Manifest, $Aws, $Role, $Findings, $Audit)
                    Import-Module $Manifest
                    $Findings | Disable-StaleAccessKey @Aws -RoleName $Role -Force -AuditLogPath $Audit -ThrottleLimit 1
                }).AddArgument((Get-BuiltModuleManifest)).AddArgument($heldAws).AddArgument($Role).AddArgument($findings).AddArgument($audit)
            $null = $ps.BeginInvoke()
            while ((Invoke-EmulatorControl -Emulator $held -Path faults/counts).waiting -ne 1) { Start-Sleep -Milliseconds 50 }
            $ps.Stop()
            Invoke-EmulatorControl $held DELETE faults | Out-Null
            $lines = @(Get-Content $audit | ForEach-Object { $_ | ConvertFrom-Json })
            $state = Invoke-EmulatorControl -Emulator $held -Path "state?account=$Member"
            $inactive = @(@($state.users.keys | Where-Object status -EQ 'Inactive').accessKeyId)
            $inactive.Count | Should -Be 1
            $intent = @($lines | Where-Object { $_.phase -eq 'intent' -and $_.accessKeyId -eq $inactive[0] })
            $intent.Count | Should -Be 1 -Because 'the intent line is written before the change'
            $restored = Restore-AccessKey @heldAws -RoleName $Role -RunId $intent[0].runId -AuditLogPath $audit -Force
            $restored.Outcome | Should -Be 'Done'
            $after = Invoke-EmulatorControl -Emulator $held -Path "state?account=$Member"
            @($after.users.keys | Where-Object status -EQ 'Inactive').Count | Should -Be 0
        }
        finally {
            Stop-Emulator $held
            Remove-Item $scenario -ErrorAction SilentlyContinue
        }
    }
}
