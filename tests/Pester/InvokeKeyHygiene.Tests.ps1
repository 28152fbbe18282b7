# Invoke-KeyHygiene (issue 12) on the demo organization in the emulator: Audit changes nothing yet makes the re-judge
# reads (the emulator's call counts beyond a plain scan's), Notify sends Slack notices and changes nothing, Enforce
# disables and deletes and writes the audit log and the run history, a circuit-breaker trip in Enforce still sends the
# notices and the summary before its terminating error, and -FailOnError ends with HygieneRunFailed after the summary
# when an account failed (777777777701 has no KeyHygieneAudit role).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'FaultSuiteSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Work = New-DemoWorkFolder 'invoke'
    $script:PolicyPath = Join-Path $Work 'demo-policy.json'
    $script:RoleLess = '777777777701'

    # The demo organization with a Slack workspace: some owners are members, one channel for the summary.
    $script:SlackToken = "xoxb-1-2-$([guid]::NewGuid().ToString('n'))"
    $scenario = Get-Content -Raw (Join-Path $Work 'demo-org.json') | ConvertFrom-Json -AsHashtable
    $scenario.slack = New-DemoSlackWorkspace $SlackToken
    $script:ScenarioPath = Join-Path $Work 'scenario.json'
    $scenario | ConvertTo-Json -Depth 40 | Set-Content -LiteralPath $ScenarioPath -Encoding utf8

    function script:Start-Demo { Start-Emulator -Scenario $ScenarioPath }

    # Invoke-KeyHygiene's arguments for one run: its own audit log and run history under $Work.
    function script:Get-RunArgument([pscustomobject] $Emulator, [string] $Name, [hashtable] $Extra = @{}, [switch] $Slack) {
        $arguments = @{
            Policy = $PolicyPath; RoleName = 'KeyHygieneAudit'; AuditLogPath = (Join-Path $Work "$Name.audit.jsonl")
            RunHistoryPath = (Join-Path $Work "$Name.runs.jsonl"); ErrorAction = 'Continue'
        } + (Get-EmulatorAws $Emulator) + $Extra
        if ($Slack) {
            $arguments.SlackToken = ConvertTo-SecureString $SlackToken -AsPlainText -Force
            $arguments.SlackApiUrl = "$($Emulator.Url)/slack/api/"
            $arguments.SummaryChannel = '#iam-keys'
            $arguments.FallbackChannel = '#iam-keys'
        }
        $arguments
    }

    # One run with every stream captured.
    function script:Invoke-Run([pscustomobject] $Emulator, [string] $Name, [hashtable] $Extra = @{}, [switch] $Slack) {
        $arguments = Get-RunArgument -Emulator $Emulator -Name $Name -Extra $Extra -Slack:$Slack
        Invoke-WithAllStream -ScriptBlock { param($arguments) Invoke-KeyHygiene @arguments } -ArgumentList @(, $arguments)
    }

    # One run that ends with a terminating error: what it wrote before (-OutVariable) and the error it ended with.
    function script:Invoke-StoppedRun([pscustomobject] $Emulator, [string] $Name, [hashtable] $Extra = @{}, [switch] $Slack) {
        $arguments = Get-RunArgument -Emulator $Emulator -Name $Name -Extra $Extra -Slack:$Slack
        $arguments.ErrorAction = 'SilentlyContinue'
        $output = $null
        $caught = $null
        try { Invoke-KeyHygiene @arguments -OutVariable output | Out-Null }
        catch { $caught = $_ }
        [pscustomobject]@{ Output = @($output); Error = $caught }
    }

    # Calls that change an IAM key or user.
    $script:Changes = 'iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:CreateAccessKey', 'iam:TagUser', 'iam:UntagUser'
    function script:Get-OperationCount([pscustomobject] $Calls, [string] $Operation) {
        $property = $Calls.byOperation.PSObject.Properties[$Operation]
        if ($property) { [int]$property.Value } else { 0 }
    }
}

AfterAll {
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-KeyHygiene in Audit mode' {
    BeforeAll {
        $script:Emulator = Start-Demo
        $aws = Get-EmulatorAws $Emulator
        $script:Before = @(Get-EmulatorKeyTable -Emulator $Emulator)
        $null = Get-EmulatorCall -Emulator $Emulator -Reset
        $null = Get-OrganizationAccount @aws -RoleName KeyHygieneAudit | Get-StaleAccessKey @aws -Policy $PolicyPath -ErrorAction SilentlyContinue
        $script:ScanCalls = Get-EmulatorCall -Emulator $Emulator -Reset
        $script:Audit = Invoke-Run -Emulator $Emulator -Name audit -Slack
        $script:AuditCalls = Get-EmulatorCall -Emulator $Emulator -Reset
        $script:Summary = $Audit.Output | Select-Object -Last 1
    }
    AfterAll { Stop-Emulator $script:Emulator }

    It 'returns one HygieneRunSummary, mode Audit, every action a WhatIf' {
        $Audit.TerminatingError | Should -BeNullOrEmpty
        @($Audit.Output).Count | Should -Be 1
        $Summary | Should -BeOfType ([IamKeyHygiene.HygieneRunSummary])
        $Summary.Mode | Should -Be 'Audit'
        $Summary.Outcomes['WhatIf'] | Should -BeGreaterThan 0
        $Summary.Outcomes.ContainsKey('Done') | Should -BeFalse
        $Summary.Stages['Disable'] | Should -BeGreaterThan 0
        $Summary.AccountsScanned | Should -Be ($Summary.AccountsEnumerated - 1)
    }

    It 'changes no key and sends nothing' {
        Assert-KeyTable -Expected $Before -Actual @(Get-EmulatorKeyTable -Emulator $Emulator)
        foreach ($operation in $Changes) { Get-OperationCount $AuditCalls $operation | Should -Be 0 -Because $operation }
        Get-OperationCount $AuditCalls 'slack:chat.postMessage' | Should -Be 0
        $Summary.NoticesSent | Should -Be 0
        $Summary.NoticesWhatIf | Should -BeGreaterThan 0
    }

    It 're-reads live every key an action would change, beyond the scan''s reads' {
        $whatIf = $Summary.Outcomes['WhatIf']
        (Get-OperationCount $AuditCalls 'iam:ListAccessKeys') | Should -BeGreaterOrEqual ((Get-OperationCount $ScanCalls 'iam:ListAccessKeys') + $whatIf)
        (Get-OperationCount $AuditCalls 'iam:GetAccessKeyLastUsed') | Should -BeGreaterThan (Get-OperationCount $ScanCalls 'iam:GetAccessKeyLastUsed')
    }

    It 'reports the failed account as one non-terminating AssumeRoleFailed and in the summary' {
        $Summary.AccountsFailed | Should -Be 1
        $Summary.FailedAccountIds | Should -Be @($RoleLess)
        ($Summary.Errors | Where-Object AccountId -eq $RoleLess).ErrorId | Should -Be 'AssumeRoleFailed'
        @($Audit.Streams.Error | Where-Object { $_ -match 'AssumeRoleFailed' }).Count | Should -Be 1
    }

    It 'writes the run history line with each account''s counts and error' {
        $line = Get-Content (Join-Path $Work 'audit.runs.jsonl') | ConvertFrom-Json
        $line.runId | Should -Be $Summary.RunId
        $line.mode | Should -Be 'Audit'
        ($line.accounts | Where-Object accountId -eq $RoleLess).error.errorId | Should -Be 'AssumeRoleFailed'
        @($line.accounts).Count | Should -Be $Summary.AccountsEnumerated
    }

    It 'shows the summary in its table view' {
        $text = $Summary | Out-String -Width 160
        $text | Should -Match 'Mode\s+Accounts\s+Failed'
        $text | Should -Match 'Audit'
    }
}

Describe 'Invoke-KeyHygiene in Notify mode' {
    BeforeAll {
        $script:Emulator = Start-Demo
        $script:Before = @(Get-EmulatorKeyTable -Emulator $Emulator)
        $null = Get-EmulatorCall -Emulator $Emulator -Reset
        $script:Notify = Invoke-Run -Emulator $Emulator -Name notify -Slack -Extra @{ Mode = 'Notify' }
        $script:Calls = Get-EmulatorCall -Emulator $Emulator
        $script:Summary = $Notify.Output | Select-Object -Last 1
    }
    AfterAll { Stop-Emulator $script:Emulator }

    It 'sends the notices on Slack' {
        $Notify.TerminatingError | Should -BeNullOrEmpty
        $Summary.Mode | Should -Be 'Notify'
        $Summary.NoticesSent | Should -BeGreaterThan 0
        $messages = @(Get-EmulatorSlackMessage -Emulator $Emulator)
        $messages.Count | Should -Be $Summary.NoticesSent
        @($messages | Where-Object channel -eq 'C0IAMKEYS1').Count | Should -BeGreaterThan 0
    }

    It 'changes no key' {
        Assert-KeyTable -Expected $Before -Actual @(Get-EmulatorKeyTable -Emulator $Emulator)
        foreach ($operation in $Changes) { Get-OperationCount $Calls $operation | Should -Be 0 -Because $operation }
        $Summary.KeysActedOn | Should -Be 0
    }
}

Describe 'Invoke-KeyHygiene in Enforce mode' {
    BeforeAll {
        $script:Emulator = Start-Demo
        $script:Enforce = Invoke-Run -Emulator $Emulator -Name enforce -Extra @{ Mode = 'Enforce'; Force = $true }
        $script:Summary = $Enforce.Output | Select-Object -Last 1
        $script:After = @(Get-EmulatorKeyTable -Emulator $Emulator)
        $script:AuditLines = @(Get-Content (Join-Path $Work 'enforce.audit.jsonl') | ConvertFrom-Json)
    }
    AfterAll { Stop-Emulator $script:Emulator }

    It 'disables and deletes keys by their rule' {
        $Enforce.TerminatingError | Should -BeNullOrEmpty
        $Summary.Mode | Should -Be 'Enforce'
        $Summary.KeysActedOn | Should -BeGreaterThan 0
        @($AuditLines | Where-Object { $_.action -eq 'Disable' -and $_.outcome -eq 'Done' }).Count | Should -BeGreaterThan 0
        @($AuditLines | Where-Object { $_.action -eq 'Delete' -and $_.outcome -eq 'Done' }).Count | Should -BeGreaterThan 0
        foreach ($line in $AuditLines | Where-Object { $_.action -eq 'Disable' -and $_.outcome -eq 'Done' }) {
            ($After | Where-Object AccessKeyId -eq $line.accessKeyId).Status | Should -Be 'Inactive'
        }
        foreach ($line in $AuditLines | Where-Object { $_.action -eq 'Delete' -and $_.outcome -eq 'Done' }) {
            $After | Where-Object AccessKeyId -eq $line.accessKeyId | Should -BeNullOrEmpty
        }
    }

    It 'writes an intent line before every change and the run''s id on every line' {
        foreach ($done in $AuditLines | Where-Object outcome -eq 'Done') {
            @($AuditLines | Where-Object { $_.accessKeyId -eq $done.accessKeyId -and $_.phase -eq 'intent' }).Count | Should -Be 1
        }
        @($AuditLines.runId | Select-Object -Unique) | Should -Be @($Summary.RunId)
    }

    It 'writes the run history line' {
        $line = Get-Content (Join-Path $Work 'enforce.runs.jsonl') | ConvertFrom-Json
        $line.runId | Should -Be $Summary.RunId
        $line.outcomes.Done | Should -Be $Summary.KeysActedOn
    }
}

Describe 'Invoke-KeyHygiene when the circuit breaker trips in Enforce mode' {
    BeforeAll {
        $script:Emulator = Start-Demo
        $script:Before = @(Get-EmulatorKeyTable -Emulator $Emulator)
        $script:Tripped = Invoke-StoppedRun -Emulator $Emulator -Name tripped -Slack -Extra @{ Mode = 'Enforce'; Force = $true; MaxDisable = 1 }
        $script:Summary = $Tripped.Output | Select-Object -Last 1
    }
    AfterAll { Stop-Emulator $script:Emulator }

    It 'writes the summary with the trip, then ends with CircuitBreakerTripped' {
        $Summary | Should -BeOfType ([IamKeyHygiene.HygieneRunSummary])
        $Summary.BreakerTrip.Outcome | Should -Be 'CircuitBreakerTripped'
        $Summary.BreakerTrip.MaxDisable | Should -Be 1
        $Summary.BreakerTrip.WouldDisable | Should -BeGreaterThan 1
        @($Tripped.Output).Count | Should -Be 1
        $Tripped.Error.FullyQualifiedErrorId | Should -Match '^CircuitBreakerTripped'
    }

    It 'changes no key' {
        Assert-KeyTable -Expected $Before -Actual @(Get-EmulatorKeyTable -Emulator $Emulator)
    }

    It 'still sends the warn notices and the summary, which names the trip' {
        $messages = @(Get-EmulatorSlackMessage -Emulator $Emulator)
        @($messages | Where-Object user).Count | Should -BeGreaterThan 0
        $summaryMessage = $messages | Where-Object channel -eq 'C0IAMKEYS1' | Select-Object -Last 1
        "$($summaryMessage.text) $($summaryMessage.blocks | ConvertTo-Json -Depth 20 -Compress)" | Should -Match 'ircuit breaker'
        $Summary.NoticesSent | Should -Be $messages.Count
    }
}

Describe 'Invoke-KeyHygiene -FailOnError' {
    BeforeAll {
        $script:Emulator = Start-Demo
        $script:Failed = Invoke-StoppedRun -Emulator $Emulator -Name failonerror -Extra @{ FailOnError = $true }
        $script:Summary = $Failed.Output | Select-Object -Last 1
    }
    AfterAll { Stop-Emulator $script:Emulator }

    It 'writes the summary first, then ends with HygieneRunFailed naming the failed account' {
        $Summary | Should -BeOfType ([IamKeyHygiene.HygieneRunSummary])
        $Summary.AccountsFailed | Should -Be 1
        $Failed.Error.FullyQualifiedErrorId | Should -Match '^HygieneRunFailed'
        $Failed.Error.Exception.Message | Should -Match $RoleLess
    }

    It 'ends without an error when every account was read' {
        $run = Invoke-Run -Emulator $Emulator -Name failonerror-ok -Extra @{ FailOnError = $true; ExcludeAccountId = $RoleLess }
        $run.TerminatingError | Should -BeNullOrEmpty
        ($run.Output | Select-Object -Last 1).AccountsFailed | Should -Be 0
    }
}
