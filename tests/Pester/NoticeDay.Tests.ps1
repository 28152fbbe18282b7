# A real day of notices (issue 11's "done when"): the demo organization scanned, its stale keys disabled and deleted for
# real, then Send-KeyOwnerNotice on every channel at once: Slack (the emulator's Web API, throttled with 429s), e-mail
# (a real SMTP server with STARTTLS, credentials read from SSM Parameter Store), SNS (the emulator's records). Every
# owner must receive exactly one message listing all their keys across accounts, unowned keys reach the account's
# e-mail, and no stream, transcript or message body holds a token, password or secret key.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'FaultSuiteSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../SmtpServer.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Work = New-DemoWorkFolder 'notice-day'
    $script:PolicyPath = Join-Path $Work 'demo-policy.json'

    # The demo organization plus the notice services of a real day: a Slack workspace where some owners are members,
    # an SNS topic, and SES SMTP credentials kept in SSM Parameter Store as the AWS pattern keeps them.
    $smtpPassword = "smtp-pw-$([guid]::NewGuid().ToString('n'))"
    $script:SlackToken = "xoxb-1-2-$([guid]::NewGuid().ToString('n'))"
    $scenario = Get-Content -Raw (Join-Path $Work 'demo-org.json') | ConvertFrom-Json -AsHashtable
    $scenario.slack = New-DemoSlackWorkspace $SlackToken -MoreMembers @{ id = 'U0KILO0001'; email = 'kilo@example.com'; name = 'kilo' }
    $script:TopicArn = 'arn:aws:sns:us-east-1:111111111111:key-hygiene-notices'
    $scenario.sns = @{ topics = @(@{ name = 'key-hygiene-notices'; region = 'us-east-1' }) }
    $scenario.ssm = @{ parameters = @(
            @{ name = '/key-hygiene/smtp/user'; type = 'SecureString'; value = 'AKIASMTPUSER00000001'; region = 'us-east-1' }
            @{ name = '/key-hygiene/smtp/password'; type = 'SecureString'; value = $smtpPassword; region = 'us-east-1' }
        ) }
    $script:ScenarioPath = Join-Path $Work 'scenario.json'
    $scenario | ConvertTo-Json -Depth 40 | Set-Content -LiteralPath $ScenarioPath -Encoding utf8

    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $script:Smtp = Start-SmtpTestServer -User 'AKIASMTPUSER00000001' -Password (ConvertTo-SecureString $smtpPassword -AsPlainText -Force) -AuthRequired
    $script:Secrets = @(Get-EmulatorSecret $Emulator) + $smtpPassword

    # chat.postMessage answers 429 (Retry-After 1 s) twice: the run must wait and lose nothing.
    Set-EmulatorSlackThrottle -Emulator $Emulator -Method chat.postMessage -Count 2 -RetryAfterSeconds 1 | Out-Null

    $oneDay = {
        param($aws, $policy, $work, $slackToken, $slackApi, $smtpPort, $caPath, $topicArn)
        $audit = Join-Path $work 'audit.jsonl'
        $findings = @(Get-OrganizationAccount @aws -RoleName KeyHygieneAudit | Get-StaleAccessKey @aws -Policy $policy -ErrorAction SilentlyContinue)
        $disabled = @($findings | Disable-StaleAccessKey @aws -RoleName KeyHygieneAudit -Policy $policy -Force -MaxDisable 100 -AuditLogPath $audit)
        $deleted = @($findings | Remove-StaleAccessKey @aws -RoleName KeyHygieneAudit -Policy $policy -Force -MaxDelete 100 -AuditLogPath $audit)
        $notices = @(@($findings) + $disabled + $deleted | Send-KeyOwnerNotice @aws -Policy $policy `
                -SlackToken (ConvertTo-SecureString $slackToken -AsPlainText -Force) -SlackApiUrl $slackApi `
                -SmtpServer 127.0.0.1 -SmtpPort $smtpPort -SmtpSecurity StartTls -From 'key-hygiene@example.com' `
                -SmtpUserNameParameter '/key-hygiene/smtp/user' -SmtpPasswordParameter '/key-hygiene/smtp/password' `
                -SmtpTrustedCertificate (Get-PfxCertificate -FilePath $caPath) -SnsTopicArn $topicArn `
                -SummaryChannel '#iam-keys' -FallbackChannel '#iam-keys' -Confirm:$false)
        [pscustomobject]@{ Findings = $findings; Disabled = $disabled; Deleted = $deleted; Notices = $notices }
    }
    $script:Run = Invoke-WithAllStream -ScriptBlock $oneDay -ArgumentList @(
        $Aws, $PolicyPath, $Work, $SlackToken, "$($Emulator.Url)/slack/api/", $Smtp.Port, $Smtp.CaCertificatePath, $TopicArn)
    $script:Day = $Run.Output | Select-Object -Last 1

    $script:Mail = @($Smtp.GetMessages())
    $script:SlackMessages = @(Get-EmulatorSlackMessage -Emulator $Emulator)
    $script:SnsMessages = @((Invoke-EmulatorControl -Emulator $Emulator -Path sns/messages).messages)
    $script:Members = @{}
    foreach ($member in (Invoke-EmulatorControl -Emulator $Emulator -Path slack).members) { $Members[$member.id] = $member.email }

    # Who should hear of each key: its owner (lower-cased e-mail, else Slack id), else its account's e-mail.
    $script:Noticed = @($Day.Findings | Where-Object { $_.Stage -notin 'Healthy', 'Exempt' -and -not ($_.Reasons -contains 'CreatedByKeyHygiene') })
    function script:Get-ExpectedRecipient($Finding) {
        if ($Finding.Owner -and $Finding.Owner.Email) { return $Finding.Owner.Email.ToLowerInvariant() }
        if ($Finding.Owner -and $Finding.Owner.SlackId) { return $Finding.Owner.SlackId }
        "$($Finding.AccountEmail)".ToLowerInvariant()
    }
    $script:Expected = @{}
    foreach ($finding in $Noticed) {
        $who = Get-ExpectedRecipient $finding
        if (-not $Expected.ContainsKey($who)) { $Expected[$who] = [System.Collections.Generic.List[string]]::new() }
        $Expected[$who].Add($finding.AccessKeyId)
    }

    # Every message an owner or account received, from all three channels, by the recipient it reached.
    $script:Received = [System.Collections.Generic.List[object]]::new()
    foreach ($message in $Mail) {
        foreach ($to in $message.RcptTos) { $Received.Add([pscustomobject]@{ Channel = 'Email'; Recipient = $to.ToLowerInvariant(); Body = $message.Parsed.body }) }
    }
    foreach ($message in $SlackMessages | Where-Object user) {
        $who = if ($Members[$message.user] -and -not $Expected.ContainsKey($message.user)) { $Members[$message.user] } else { $message.user }
        $Received.Add([pscustomobject]@{ Channel = 'Slack'; Recipient = $who; Body = "$($message.text) $($message.blocks | ConvertTo-Json -Depth 20 -Compress)" })
    }
    foreach ($message in $SnsMessages) {
        $Received.Add([pscustomobject]@{ Channel = 'Sns'; Recipient = $message.messageAttributes.owner.stringValue; Body = "$($message.subject) $($message.message)" })
    }
}

AfterAll {
    if ($script:Smtp) { $Smtp.Stop() }
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
    if ($script:Run) { Remove-Item $Run.TranscriptPath -ErrorAction SilentlyContinue }
}

Describe 'A day of notices from the demo organization' {
    It 'ran without a terminating error and acted before it told' {
        $Run.TerminatingError | Should -BeNullOrEmpty
        $Day.Findings.Count | Should -BeGreaterThan 15
        @($Day.Disabled | Where-Object Outcome -eq 'Done').Count | Should -BeGreaterThan 0
        @($Day.Deleted | Where-Object Outcome -eq 'Done').Count | Should -BeGreaterThan 0
    }

    It 'sent every message, none failed, none lost to the 429s' {
        @($Day.Notices | Where-Object Outcome -ne 'Sent') | ForEach-Object { "$_ $($_.Message)" } | Should -BeNullOrEmpty
        (Invoke-EmulatorControl -Emulator $Emulator -Path slack).throttles | Where-Object operation -eq 'chat.postMessage' |
            ForEach-Object { $_.remaining | Should -Be 0 }
    }

    It 'used all three channels' {
        $Mail.Count | Should -BeGreaterThan 0
        @($SlackMessages | Where-Object user).Count | Should -BeGreaterThan 0
        $SnsMessages.Count | Should -BeGreaterThan 0
    }

    It 'gave every owner and unowned account exactly one message' {
        $byRecipient = $Received | Group-Object Recipient
        @($byRecipient | Where-Object Count -ne 1 | ForEach-Object { "$($_.Name) got $($_.Count)" }) | Should -BeNullOrEmpty
        @($byRecipient.Name | Sort-Object) | Should -Be @($Expected.Keys | Sort-Object)
    }

    It 'listed in each message every key of that recipient, across accounts, by its last four characters' {
        foreach ($message in $Received) {
            foreach ($keyId in $Expected[$message.Recipient]) {
                # A root access key is known only by its account (GetAccountSummary gives no key id).
                $shown = if ($keyId.Length -ge 4) { [regex]::Escape($keyId.Substring($keyId.Length - 4)) } else { 'root' }
                $message.Body | Should -Match $shown -Because "$($message.Channel) to $($message.Recipient) lists key '$keyId'"
            }
        }
    }

    It 'told an owner with keys in several accounts in one message' {
        $platform = @($Noticed | Where-Object { $_.Owner.Email -eq 'platform@example.com' })
        @($platform.AccountId | Sort-Object -Unique).Count | Should -BeGreaterThan 1
        @($Received | Where-Object Recipient -eq 'platform@example.com').Count | Should -Be 1
    }

    It 'sent unowned keys to their account''s e-mail' {
        $unowned = @($Noticed | Where-Object { -not $_.Owner })
        $unowned.Count | Should -BeGreaterThan 0
        foreach ($finding in $unowned) {
            @($Received | Where-Object Recipient -eq $finding.AccountEmail.ToLowerInvariant() | Where-Object Channel -eq 'Email').Count | Should -Be 1
        }
    }

    It 'posted one summary to the summary channel' {
        @($SlackMessages | Where-Object { -not $_.user -and $_.channel -eq 'C0IAMKEYS1' }).Count | Should -Be 1
    }

    It 'sent e-mail only over TLS, authenticated with the credentials read from SSM' {
        $Mail | ForEach-Object { $_.Tls | Should -BeTrue; $_.Authenticated | Should -BeTrue }
    }

    It 'leaked no token, password or secret key into any stream, the transcript or any message' {
        $bodies = @($Mail | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Raw) }) +
            @($SlackMessages | ConvertTo-Json -Depth 20) + @($SnsMessages | ConvertTo-Json -Depth 20) +
            @(Get-EmulatorWebhook -Emulator $Emulator | ConvertTo-Json -Depth 20)
        Find-LeakedSecret -Secrets $Secrets -Text ($Run.AllText + $bodies) -Path (Join-Path $Work 'audit.jsonl') | Should -BeNullOrEmpty
    }
}

Describe 'Unowned keys when no e-mail channel is configured' {
    It 'go to the fallback channel, in one message listing them all' {
        $before = @(Get-EmulatorSlackMessage -Emulator $Emulator).Count
        $token = ConvertTo-SecureString $SlackToken -AsPlainText -Force
        $results = @($Day.Findings | Send-KeyOwnerNotice -SlackToken $token -SlackApiUrl "$($Emulator.Url)/slack/api/" -FallbackChannel '#iam-keys' -Confirm:$false -ErrorAction SilentlyContinue)
        $fallback = @($results | Where-Object RecipientKind -eq 'FallbackChannel')
        $fallback.Count | Should -Be 1
        $fallback[0].Outcome | Should -Be 'Sent'
        $posted = @(Get-EmulatorSlackMessage -Emulator $Emulator | Select-Object -Skip $before | Where-Object channel -eq 'C0IAMKEYS1')
        $posted.Count | Should -Be 1
        $text = "$($posted[0].text) $($posted[0].blocks | ConvertTo-Json -Depth 20 -Compress)"
        foreach ($finding in $Noticed | Where-Object { -not $_.Owner -and $_.AccessKeyId.Length -ge 4 }) {
            $text | Should -Match ([regex]::Escape($finding.AccessKeyId.Substring($finding.AccessKeyId.Length - 4)))
        }
    }
}
