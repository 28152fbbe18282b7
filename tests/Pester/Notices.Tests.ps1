# Send-KeyOwnerNotice (issue 11) on the built module: findings of a real scan of the emulator, grouped one message per
# owner across accounts, unowned keys to the account e-mail, -WhatIf showing who would get what, and a template with an
# unknown placeholder stopping the run before anything is sent. No channel is configured here (the channels are tested
# with their own servers), so nothing can leave the machine.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $hanako = @{ owner = 'hanako@example.com'; language = 'ja'; 'time-zone' = 'Asia/Tokyo' }
    $hanakoAgain = @{ owner = 'Hanako@Example.com'; language = 'ja' }
    $alpha = New-ScanAccount '222222222201' 'alpha' @(
        New-ScanUser 'hanako' @(New-ScanKey 85 1 'Active' 'AKIANOTICEHANAKO0001') -Tags $hanako
        New-ScanUser 'svc-alpha' @(New-ScanKey 85 1 'Active' 'AKIANOTICESVCALPHA01')
    )
    $beta = New-ScanAccount '222222222202' 'beta' @(
        New-ScanUser 'hanako-ci' @(New-ScanKey 95 1 'Active' 'AKIANOTICEHANAKOCI01') -Tags $hanakoAgain
        New-ScanUser 'svc-beta' @(New-ScanKey 85 1 'Active' 'AKIANOTICESVCBETA001')
    )
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @($alpha, $beta))
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $script:Findings = @(Get-OrganizationAccount @Aws -RoleName KeyHygieneAudit -AccountId '222222222201', '222222222202' | Get-StaleAccessKey @Aws)
    $script:TemplateFolder = Join-Path ([IO.Path]::GetTempPath()) "ikh-templates-$([guid]::NewGuid().ToString('n'))"
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath -ErrorAction SilentlyContinue
    Remove-Item $script:TemplateFolder -Recurse -ErrorAction SilentlyContinue
}

Describe 'Send-KeyOwnerNotice -WhatIf on a real scan' {
    BeforeAll {
        $script:Results = @($Findings | Send-KeyOwnerNotice -WhatIf -FallbackChannel '#iam-keys')
    }

    It 'starts from four findings in two accounts' {
        $Findings.Count | Should -Be 4
    }

    It 'sends nothing and says WhatIf for every message' {
        $Results.Count | Should -Be 3
        $Results.Outcome | Select-Object -Unique | Should -Be 'WhatIf'
        $Results[0].GetType().FullName | Should -Be 'IamKeyHygiene.NoticeResult'
    }

    It 'gives an owner with keys in two accounts one message listing both, in the language of her tags' {
        $owner = @($Results | Where-Object RecipientKind -eq 'Owner')
        $owner.Count | Should -Be 1
        $owner[0].Recipient | Should -BeExactly 'hanako@example.com'
        @($owner[0].AccessKeyIds | Sort-Object) | Should -Be @('AKIANOTICEHANAKO0001', 'AKIANOTICEHANAKOCI01')
        $owner[0].Subject | Should -Match '対応が必要なアクセスキーが 2 件あります'
    }

    It 'sends unowned keys to their account''s e-mail' {
        $unowned = @($Results | Where-Object RecipientKind -eq 'AccountEmail' | Sort-Object Recipient)
        $unowned.Recipient | Should -Be @('aws+alpha@example.com', 'aws+beta@example.com')
        $unowned[0].AccessKeyIds | Should -Be 'AKIANOTICESVCALPHA01'
        $unowned[1].AccessKeyIds | Should -Be 'AKIANOTICESVCBETA001'
    }

    It 'says no configured channel would reach them' {
        $Results.Reason | Select-Object -Unique | Should -Be 'NoChannel'
    }

    It 'shows the results as a table: outcome, channel, who, how many keys' {
        $text = $Results | Format-Table | Out-String -Width 120
        $text | Should -Match 'Outcome\s+Channel\s+RecipientKind\s+Recipient\s+Keys\s+Reason'
        $text | Should -Match 'WhatIf\s+Owner\s+hanako@example.com\s+2 NoChannel'
    }
}

Describe 'Send-KeyOwnerNotice without a channel that reaches anyone' {
    It 'writes one non-terminating NoticeFailed per message and a Failed result for each' {
        $results = @($Findings | Send-KeyOwnerNotice -ErrorVariable failures -ErrorAction SilentlyContinue -Confirm:$false)
        $results.Count | Should -Be 3
        $results.Outcome | Select-Object -Unique | Should -Be 'Failed'
        $failures.Count | Should -Be 3
        $failures[0].FullyQualifiedErrorId | Should -Be 'NoticeFailed,IamKeyHygiene.Commands.SendKeyOwnerNoticeCommand'
        $failures.TargetObject | Should -Contain 'hanako@example.com'
    }
}

Describe 'Send-KeyOwnerNotice -TemplatePath' {
    It 'stops with InvalidTemplate naming file, line and placeholder before anything is sent' {
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $TemplateFolder 'en')
        $file = Join-Path $TemplateFolder 'en/Webhook.txt'
        $shipped = Get-Content -Raw (Join-Path (Split-Path (Get-BuiltModuleManifest)) 'Templates/en/Default.txt')
        Set-Content -Path $file -Value ($shipped -replace '\{age\} days old', '{agee} days old') -Encoding utf8
        $line = (Select-String -Path $file -Pattern '\{agee\}' | Select-Object -First 1).LineNumber

        $script:SentBeforeError = $null
        $thrown = { $script:SentBeforeError = @($Findings | Send-KeyOwnerNotice -TemplatePath $TemplateFolder -WebhookUrl 'http://127.0.0.1:9/hook' -Confirm:$false) } |
            Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidTemplate,IamKeyHygiene.Commands.SendKeyOwnerNoticeCommand'
        $thrown.Exception.Message | Should -BeLike "$file, line $line*unknown placeholder {agee}*"
        $script:SentBeforeError | Should -BeNullOrEmpty
    }
}
