# ConvertFrom-AccessKeyEvent (issue 11, new-key notices) on the built module: the shipped sample CreateAccessKey event
# in the four shapes a runbook receives (EventBridge envelope, its detail alone, an SNS notification, Azure
# Automation's WebhookData), as text and as objects; the module's own rotation's key; other events; and the NewKey
# findings going on to Send-KeyOwnerNotice and through an action cmdlet untouched.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Samples = Join-Path $PSScriptRoot '../../samples/eventbridge'
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "ikh-events-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:OwnersPath = Join-Path $Work 'owners.json'
    '[{ "match": "111122223333", "owner": { "email": "platform@example.com", "name": "Platform team" } }]' | Set-Content -LiteralPath $OwnersPath

    function script:Assert-SampleFinding($Finding) {
        $Finding.PSObject.TypeNames | Should -Contain 'IamKeyHygiene.AccessKeyFinding'
        $Finding.Stage | Should -Be 'NewKey'
        $Finding.AccountId | Should -Be '111122223333'
        $Finding.UserName | Should -Be 'ci-deployer'
        $Finding.AccessKeyId | Should -Be 'AKIA4EXAMPLENEWKEY01'
        $Finding.Status | Should -Be 'Active'
        $Finding.CreationEvent.EventId | Should -Be 'd3a9b6c4-5e7f-4a1b-8c2d-3e4f5a6b7c8d'
        $Finding.CreationEvent.CreatedBy | Should -Match 'maria\.garcia@example\.com'
        $Finding.CreationEvent.SourceIpAddress | Should -Be '203.0.113.17'
        $Finding.CreationEvent.EventTime | Should -Be ([DateTimeOffset]'2026-11-30T09:14:03Z')
        $Finding.Reasons | Should -Not -Contain 'CreatedByKeyHygiene'
    }
}

AfterAll {
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'ConvertFrom-AccessKeyEvent on the sample event' {
    It 'reads the <Shape> as text' -ForEach @(
        @{ Shape = 'EventBridge envelope'; File = 'create-access-key-event.json' }
        @{ Shape = 'detail alone'; File = 'create-access-key-event.detail.json' }
        @{ Shape = 'SNS notification'; File = 'create-access-key-event.sns.json' }
        @{ Shape = 'Azure Automation WebhookData'; File = 'create-access-key-event.webhookdata.json' }
    ) {
        $findings = @(Get-Content -Raw (Join-Path $Samples $File) | ConvertFrom-AccessKeyEvent -OwnersPath $OwnersPath)
        $findings.Count | Should -Be 1
        Assert-SampleFinding $findings[0]
        $findings[0].Owner.Email | Should -Be 'platform@example.com'
    }

    It 'reads the <Shape> as the object a runbook is handed' -ForEach @(
        @{ Shape = 'EventBridge envelope'; File = 'create-access-key-event.json' }
        @{ Shape = 'detail alone'; File = 'create-access-key-event.detail.json' }
        @{ Shape = 'SNS notification'; File = 'create-access-key-event.sns.json' }
        @{ Shape = 'Azure Automation WebhookData'; File = 'create-access-key-event.webhookdata.json' }
    ) {
        $event = Get-Content -Raw (Join-Path $Samples $File) | ConvertFrom-Json
        $findings = @(ConvertFrom-AccessKeyEvent -InputObject $event)
        $findings.Count | Should -Be 1
        Assert-SampleFinding $findings[0]
    }

    It 'marks a key the module''s own rotation created CreatedByKeyHygiene' {
        $event = Get-Content -Raw (Join-Path $Samples 'create-access-key-event.json') | ConvertFrom-Json
        $event.detail.userIdentity.arn = 'arn:aws:sts::111122223333:assumed-role/KeyHygieneRemediation/IamKeyHygiene'
        $event.detail.userIdentity.principalId = 'AROA4EXAMPLEROLEID42:IamKeyHygiene'
        $finding = $event | ConvertFrom-AccessKeyEvent
        $finding.Reasons | Should -Contain 'CreatedByKeyHygiene'
        $finding.CreationEvent.RoleSessionName | Should -Be 'IamKeyHygiene'
    }

    It 'writes NotACreateAccessKeyEvent for another event, InvalidAccessKeyEvent for text that is no event, and goes on' {
        $other = Get-Content -Raw (Join-Path $Samples 'create-access-key-event.json') | ConvertFrom-Json
        $other.detail.eventName = 'DeleteAccessKey'
        $good = Get-Content -Raw (Join-Path $Samples 'create-access-key-event.json')
        $findings = @(($other | ConvertTo-Json -Depth 20), 'not json at all', $good | ConvertFrom-AccessKeyEvent -ErrorVariable unread -ErrorAction SilentlyContinue)
        $findings.Count | Should -Be 1
        $findings[0].AccessKeyId | Should -Be 'AKIA4EXAMPLENEWKEY01'
        @($unread.FullyQualifiedErrorId) | Should -Be @(
            'NotACreateAccessKeyEvent,IamKeyHygiene.Commands.ConvertFromAccessKeyEventCommand'
            'InvalidAccessKeyEvent,IamKeyHygiene.Commands.ConvertFromAccessKeyEventCommand')
        $unread[0].TargetObject | Should -Be 'd3a9b6c4-5e7f-4a1b-8c2d-3e4f5a6b7c8d'
    }
}

Describe 'NewKey findings downstream' {
    BeforeAll {
        $script:NewKey = Get-Content -Raw (Join-Path $Samples 'create-access-key-event.json') | ConvertFrom-AccessKeyEvent -OwnersPath $OwnersPath
    }

    It 'go to their owner with Send-KeyOwnerNotice -WhatIf, in the new-key section' {
        $result = @($NewKey | Send-KeyOwnerNotice -WhatIf -SmtpServer smtp.example.com -From 'key-hygiene@example.com')
        $result.Count | Should -Be 1
        $result[0].Outcome | Should -Be 'WhatIf'
        $result[0].Recipient | Should -Be 'platform@example.com'
        $result[0].AccessKeyIds | Should -Be @('AKIA4EXAMPLENEWKEY01')
    }

    It 'pass through Disable-StaleAccessKey as Skipped with reason NewKey, the key left as it was' {
        Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
        $emulator = Start-Emulator -Scenario (Join-Path $PSScriptRoot '../../samples/emulator/small-org.json')
        try {
            $aws = Get-EmulatorAws $emulator
            $result = @($NewKey | Disable-StaleAccessKey @aws -Force -AuditLogPath (Join-Path $Work 'audit.jsonl'))
            $result.Count | Should -Be 1
            $result[0].Outcome | Should -Be 'Skipped'
            $result[0].Reason | Should -Be 'NewKey'
            (Get-EmulatorCall -Emulator $emulator).byOperation.PSObject.Properties.Name | Where-Object { $_ -like 'iam:*' } | Should -BeNullOrEmpty
        }
        finally { Stop-Emulator $emulator }
    }
}
