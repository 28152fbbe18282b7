# Invoke-AccessKeyRotation on findings (issue 10) with the built module against the emulator: a Rotate policy file,
# a real pipeline, the end state key by key from the emulator's control API, and no secret in any stream.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'FaultSuiteSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Member = '222222222201'
    $users = @(
        New-ScanUser 'due' @(New-ScanKey 92 1 'Active' 'AKIAPESTERROTATEDUE1')
        New-ScanUser 'two-keys' @((New-ScanKey 92 1 'Active' 'AKIAPESTERROTATETWO1'), (New-ScanKey 20 1 'Active' 'AKIAPESTERROTATETWO2'))
        New-ScanUser 'young' @(New-ScanKey 10 1 'Active' 'AKIAPESTERROTATEYNG1')
    )
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount $Member 'member' $users))
    $script:PolicyPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-rotate-$([guid]::NewGuid().ToString('n')).json"
    Set-Content -LiteralPath $PolicyPath -Value '{ "action": "Rotate" }'
    $script:AuditPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-audit-$([guid]::NewGuid().ToString('n')).jsonl"
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator

    function script:Get-User([string] $User) {
        (Invoke-EmulatorControl -Emulator $Emulator -Path "state?account=$Member").users | Where-Object name -eq $User
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath, $script:PolicyPath, $script:AuditPath -ErrorAction SilentlyContinue
}

Describe 'Invoke-AccessKeyRotation on findings' {
    It 'rotates the due key into a Secrets Manager secret, blocks a user with two keys, and leaks no secret with -Verbose -Debug' {
        $run = Invoke-WithAllStream -ArgumentList @($Aws, $Role, $Member, $PolicyPath, $AuditPath) -ScriptBlock {
            param($Aws, $Role, $Member, $PolicyPath, $AuditPath)
            Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Member |
                Get-StaleAccessKey @Aws -Policy $PolicyPath |
                Invoke-AccessKeyRotation @Aws -RoleName $Role -Policy $PolicyPath -Force -PassThru -AuditLogPath $AuditPath -Verbose -Debug
        }
        $run.TerminatingError | Should -BeNullOrEmpty
        $results = @($run.Output | Where-Object { $_ -is [IamKeyHygiene.KeyActionResult] })
        $due = $results | Where-Object UserName -eq 'due'
        ($due.Action, $due.Outcome) | Should -Be @('Rotate', 'Done')
        $due.SecretArn | Should -Match ":secret:iam-user/$Member/due-"
        $two = $results | Where-Object UserName -eq 'two-keys' | Where-Object Action -eq 'Rotate'
        ($two.Outcome, $two.Reason) | Should -Be @('Blocked', 'TwoKeysAlready')
        @($run.Output | Where-Object { $_ -is [securestring] }).Count | Should -Be 1

        $dueKeys = @((Get-User 'due').keys)
        $dueKeys.Count | Should -Be 2
        ($dueKeys | Where-Object accessKeyId -eq $due.NewAccessKeyId).status | Should -Be 'Active'
        ($dueKeys | Where-Object accessKeyId -eq 'AKIAPESTERROTATEDUE1').status | Should -Be 'Active'
        (Get-User 'due').tags.'keyhygiene:AKIAPESTERROTATEDUE1' | Should -Match "^rotating-to=$($due.NewAccessKeyId) since="
        @((Get-User 'two-keys').keys).Count | Should -Be 2
        @((Get-User 'young').keys).Count | Should -Be 1

        $secrets = @(Get-EmulatorSecret $Emulator)
        $secrets | Should -Not -BeNullOrEmpty
        @(Find-LeakedSecret -Secrets $secrets -Text $run.AllText -Path $AuditPath) | Should -BeNullOrEmpty
    }
    It 'stops with SecretKmsKeyRequired when central storage has no customer managed key' {
        { @() | Invoke-AccessKeyRotation @Aws -Policy $PolicyPath -SecretAccountId 222222222202 -SecretRoleName $Role -Force } |
            Should -Throw -ErrorId 'SecretKmsKeyRequired,*'
    }
}
