# Issue 12's least-privilege policies: each role's cmdlets run against the emulator, the emulator's call records
# (GET /_emulator/calls byPrincipal) say which operations that principal made, samples/iam/operation-actions.json
# maps them to IAM actions, and the role's sample policy must grant exactly those actions: none missing, and nothing
# more than the KMS actions of a customer managed key (conditional) and the role's documented optional operations.
BeforeDiscovery {
    $script:Roles = @((Get-Content -Raw (Join-Path $PSScriptRoot '../../samples/iam/operation-actions.json') | ConvertFrom-Json -AsHashtable).roles.Keys | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PermissionsSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../SmtpServer.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:IamSamples = Join-Path $PSScriptRoot '../../samples/iam'
    $script:Map = Get-Content -Raw (Join-Path $IamSamples 'operation-actions.json') | ConvertFrom-Json -AsHashtable
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "ikh-permissions-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Work | Out-Null

    $Member = '222222222201'
    $Central = '222222222202'
    $samKey = 'AKIAPERMSELFSAM00001'
    $smtpPassword = "smtp-pw-$([guid]::NewGuid().ToString('n'))"
    $disabledLongAgo = [DateTimeOffset]::UtcNow.AddDays(-30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
    $memberRoles = @(@{ name = 'KeyHygieneAudit' }, @{ name = 'KeyHygieneRemediation' })
    $memberAccount = New-ScanAccount $Member 'member' @(
        New-ScanUser 'old' @(New-ScanKey 95 1 'Active' 'AKIAPERMOLDKEY000001') @{ owner = 'old@example.com' }
        New-ScanUser 'gone' @(New-ScanKey 160 100 'Inactive' 'AKIAPERMGONEKEY00001') @{ owner = 'gone@example.com'; 'keyhygiene:AKIAPERMGONEKEY00001' = "disabled=$disabledLongAgo" }
        New-ScanUser 'due' @(New-ScanKey 92 1 'Active' 'AKIAPERMDUEKEY000001') @{ owner = 'due@example.com' }
        New-ScanUser 'due-central' @(New-ScanKey 92 1 'Active' 'AKIAPERMDUECENTRAL01') @{ owner = 'central@example.com' }
        New-ScanUser 'sam' @(@{ accessKeyId = $samKey; secretAccessKey = 'sam/permissions/secret/00000000000000000001'; ageDays = 95; lastUsedDaysAgo = 1 })
    )
    $memberAccount.roles = $memberRoles
    $centralAccount = New-ScanAccount $Central 'secrets' @()
    $centralAccount.roles = @(@{ name = 'KeyHygieneSecrets' })
    $scenario = New-ScanScenario -Accounts @($memberAccount, $centralAccount)
    $scenario.sns = @{ topics = @(@{ name = 'key-hygiene-notices'; region = 'us-east-1' }) }
    $scenario.ssm = @{ parameters = @(
            @{ name = '/key-hygiene/smtp/user'; type = 'SecureString'; value = 'AKIASMTPUSER00000001'; region = 'us-east-1' }
            @{ name = '/key-hygiene/smtp/password'; type = 'SecureString'; value = $smtpPassword; region = 'us-east-1' }) }
    $script:ScenarioPath = Save-ScanScenario $scenario
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Smtp = Start-SmtpTestServer -User 'AKIASMTPUSER00000001' -Password (ConvertTo-SecureString $smtpPassword -AsPlainText -Force) -AuthRequired
    $aws = Get-EmulatorAws $Emulator
    New-EmulatorBucket -Emulator $Emulator -Bucket 'key-hygiene-records'
    $audit = 's3://key-hygiene-records/audit'
    $rotate = Join-Path $Work 'rotate.json'
    Set-Content -LiteralPath $rotate -Value '{ "action": "Rotate" }'
    Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path calls | Out-Null

    # The audit role, and the remediation role that scans before it acts: a scan from the credential report, then one read live.
    foreach ($role in 'KeyHygieneAudit', 'KeyHygieneRemediation') {
        $null = Get-OrganizationAccount @aws -RoleName $role -AccountId $Member | Get-StaleAccessKey @aws -Source Live
        $findings = @(Get-OrganizationAccount @aws -RoleName $role -AccountId $Member | Get-StaleAccessKey @aws)
    }
    $rotationFindings = @(Get-OrganizationAccount @aws -RoleName KeyHygieneRemediation -AccountId $Member | Get-StaleAccessKey @aws -Policy $rotate)

    # The remediation role: disable, delete, rotate into the member account, undo the disable from the S3 audit log.
    $disabled = @($findings | Where-Object UserName -eq 'old' | Disable-StaleAccessKey @aws -RoleName KeyHygieneRemediation -Force -AuditLogPath $audit)
    $deleted = @($findings | Where-Object UserName -eq 'gone' | Remove-StaleAccessKey @aws -RoleName KeyHygieneRemediation -Force -AuditLogPath $audit)
    $rotated = @($rotationFindings | Where-Object UserName -eq 'due' |
            Invoke-AccessKeyRotation @aws -RoleName KeyHygieneRemediation -Policy $rotate -Force -AuditLogPath $audit)
    $restored = @(Restore-AccessKey @aws -RoleName KeyHygieneRemediation -RunId $disabled[0].RunId -AuditLogPath $audit -Force)

    # The central secrets role: the key stored in another account under a customer managed key.
    $centralRotated = @($rotationFindings | Where-Object UserName -eq 'due-central' |
            Invoke-AccessKeyRotation @aws -RoleName KeyHygieneRemediation -Policy $rotate -SecretAccountId $Central -SecretRoleName KeyHygieneSecrets `
                -KmsKeyId "arn:aws:kms:us-east-1:$($Central):key/1234abcd-12ab-34cd-56ef-1234567890ab" -Force -AuditLogPath $audit)

    # The caller's notices: SNS, and e-mail with SES SMTP credentials from SSM Parameter Store; the run history read from S3.
    $notices = @(@($findings) + $disabled + $deleted | Send-KeyOwnerNotice @aws -SnsTopicArn 'arn:aws:sns:us-east-1:111111111111:key-hygiene-notices' `
            -SmtpServer 127.0.0.1 -SmtpPort $Smtp.Port -SmtpSecurity StartTls -From 'key-hygiene@example.com' `
            -SmtpUserNameParameter '/key-hygiene/smtp/user' -SmtpPasswordParameter '/key-hygiene/smtp/password' `
            -SmtpTrustedCertificate (Get-PfxCertificate -FilePath $Smtp.CaCertificatePath) -Confirm:$false)
    $notices += @($findings | Send-KeyOwnerNotice @aws -SnsTopicArn 'arn:aws:sns:us-east-1:111111111111:key-hygiene-notices' -Confirm:$false)
    $null = $findings | Export-KeyHygieneReport @aws -Format Html -Path (Join-Path $Work 'report.html') -HistoryPath 's3://key-hygiene-records/history'

    # Self-rotation: sam's own profile key.
    $credentials = Join-Path $Work 'credentials'
    Set-Content -LiteralPath $credentials -Value "[sam]`naws_access_key_id = $samKey`naws_secret_access_key = sam/permissions/secret/00000000000000000001`n"
    $self = @(Invoke-AccessKeyRotation -Self -ProfileName sam -ProfileLocation $credentials -Region us-east-1 -EndpointUrl $Emulator.Url -Force -PassThru)

    $script:Outcomes = [ordered]@{
        Disabled = $disabled.Outcome; Deleted = $deleted.Outcome; Rotated = $rotated.Outcome; Restored = $restored.Outcome
        Central = $centralRotated.Outcome; Notices = @($notices | Where-Object Outcome -ne 'Sent').Count; Sns = @($notices | Where-Object Channel -eq 'Sns').Count; Self = $self.Outcome
    }
    $script:ByPrincipal = (Invoke-EmulatorControl -Emulator $Emulator -Path calls).byPrincipal
    if ($env:IKH_SHOW_PRINCIPALS) { $ByPrincipal | ConvertTo-Json -Depth 5 | Write-Host }
}

AfterAll {
    if ($script:Smtp) { $Smtp.Stop() }
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath -ErrorAction SilentlyContinue
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The least-privilege policies in samples/iam' {
    It 'ran every role''s cmdlets to the end' {
        $Outcomes.Disabled | Should -Be 'Done'
        $Outcomes.Deleted | Should -Be 'Done'
        $Outcomes.Rotated | Should -Contain 'Done'
        $Outcomes.Restored | Should -Be 'Done'
        $Outcomes.Central | Should -Contain 'Done'
        $Outcomes.Notices | Should -Be 0
        $Outcomes.Sns | Should -BeGreaterThan 0
        $Outcomes.Self | Should -Contain 'Done'
    }

    It 'maps every operation the module''s clients call, and docs/permissions.md is generated from that table' {
        $missing = @(Get-ModuleOperation | Sort-Object -Unique | Where-Object { -not $Map.operations.ContainsKey($_) })
        $missing | Should -BeNullOrEmpty -Because 'every operation the module''s clients call needs a row in operation-actions.json'
        $generated = ConvertTo-PermissionsMarkdown -Map $Map
        $committed = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/permissions.md')
        $committed.Replace("`r`n", "`n") | Should -BeExactly $generated -Because 'regenerate it: Import-Module tests/Pester/PermissionsSupport.psm1; Update-PermissionsDoc'
    }

    It 'the <_> policy grants exactly the actions its calls need' -ForEach $Roles {
        $role = $Map.roles[$_]
        $observed = @($ByPrincipal.($role.principal).PSObject.Properties.Name)
        $observed | Should -Not -BeNullOrEmpty -Because "the emulator recorded no call by $($role.principal)"
        $check = Compare-PolicyToCalls -Map $Map -Role $_ -Operations $observed -PolicyPath (Join-Path $IamSamples $role.policy)
        $check.Unmapped | Should -BeNullOrEmpty -Because 'every operation a role makes needs a row in operation-actions.json'
        $check.Missing | Should -BeNullOrEmpty -Because "$($role.policy) must allow what $($role.principal) called ($($observed -join ', '))"
        $check.Extra | Should -BeNullOrEmpty -Because "$($role.policy) must allow nothing its calls do not need"
    }

    It 'the trust policy <_> lets only its caller in' -ForEach @(Get-ChildItem (Join-Path $PSScriptRoot '../../samples/iam') -Filter '*trust*.json' | ForEach-Object Name) {
        $trust = Get-Content -Raw (Join-Path $IamSamples $_) | ConvertFrom-Json
        $trust.Version | Should -Be '2012-10-17'
        foreach ($statement in $trust.Statement) {
            $statement.Effect | Should -Be 'Allow'
            @($statement.Action) | Should -Match '^sts:(AssumeRole|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity)$'
            $statement.Principal | Should -Not -Be '*'
            $principals = @($statement.Principal.PSObject.Properties.Value)
            $principals | Should -Not -Contain '*'
            if (@($statement.Action) -contains 'sts:AssumeRoleWithWebIdentity') {
                # A web identity trust without audience and subject conditions would let any identity of the issuer in.
                $keys = @($statement.Condition.StringEquals.PSObject.Properties.Name)
                @($keys -match ':aud$').Count | Should -Be 1
                @($keys -match ':sub$').Count | Should -Be 1
            }
        }
    }
}
