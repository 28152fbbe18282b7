# What admins read and export (issue 9, "Output people can read and export"), on the built module against the
# emulator: the default tables at 120 and 80 columns, Stage coloured as $PSStyle renders, the list view and Export-Csv
# keeping values whole and readable, and ConvertTo-Json of findings unchanged (fixtures/Output.findings.json: main's
# output at 436fdf5, written by the last test under IKH_WRITE_FIXTURES=1 before the output change; rewrite it the same
# way only when the JSON is meant to change).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Id = '444444444401'
    $script:RootId = '444444444402'
    $script:LongUser = 'svc-payments-settlement-reconciliation-nightly-export-eu-west-1a'   # 64: IAM's longest
    $script:LongEmail = 'payment-settlement-reconciliation-oncall@finance.example.com'   # 60
    $script:FixturePath = Join-Path $PSScriptRoot 'fixtures/Output.findings.json'

    $users = @(
        New-ScanUser $LongUser @(New-ScanKey 95 1 -AccessKeyId 'AKIAOUTPUTLONGUSER01') -Tags @{ owner = $LongEmail }
        New-ScanUser 'dual-key' @((New-ScanKey 95 1 -AccessKeyId 'AKIAOUTPUTDUALOLD001'), (New-ScanKey 5 1 -AccessKeyId 'AKIAOUTPUTDUALNEW001')) -Path '/service/'
        New-ScanUser 'idle@example.com' @(New-ScanKey 60 50 -AccessKeyId 'AKIAOUTPUTIDLE000001')
        New-ScanUser 'never-used' @(New-ScanKey 50 $null -AccessKeyId 'AKIAOUTPUTNEVER00001')
        New-ScanUser 'exempt' @(New-ScanKey 95 1 -AccessKeyId 'AKIAOUTPUTEXEMPT0001')
        New-ScanUser 'exempt-to-date' @(New-ScanKey 95 1 -AccessKeyId 'AKIAOUTPUTEXEMPT0002')
        New-ScanUser 'young' @(New-ScanKey 3 1 -AccessKeyId 'AKIAOUTPUTYOUNG00001')
    )
    $payments = New-ScanAccount $Id 'payments-production-eu-west-1-shared-services' $users -ParentOu 'Workloads/Prod/Payments'
    $payments.email = 'aws-payments-production-eu-west-1-share@accounts.example.com'
    $payments.tags = [ordered]@{ team = 'payments'; env = 'prod' }
    $rootAccount = New-ScanAccount $RootId 'root-key' @() -RootAccessKeys @(New-ScanKey 400 30) -ParentOu 'Workloads'
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @($payments, $rootAccount))
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $script:Account = Get-OrganizationAccount @Aws -AccountId $Id -RoleName $Role -IncludeTags

    # The emulator dates the scenario back from the moment it loaded it (the anchor). A first scan reads the anchor off
    # a key of known age, so the scan below judges at a fixed point of the scenario's time (-AsOf, one day on) and the
    # exemption ends at a fixed one: every date of its findings is the anchor plus a fixed offset.
    $probe = $Account | Get-StaleAccessKey @Aws -Source Live -IncludeHealthy
    $script:Anchor = ($probe | Where-Object UserName -eq 'young').CreateDate.AddDays(3)
    $script:AsOf = $Anchor.AddDays(1).UtcDateTime

    $script:ExemptionsPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-exemptions-$([guid]::NewGuid().ToString('n')).json"
    @(
        @{ userArn = "arn:aws:iam::${Id}:user/exempt"; reason = 'Partner migration'; approver = 'lead@example.com'; expires = $Anchor.AddDays(30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") }
        @{ userArn = "arn:aws:iam::${Id}:user/exempt-to-date"; reason = 'Vendor contract'; approver = 'cfo@example.com'; expires = '2099-12-31' }
    ) | ConvertTo-Json | Set-Content $ExemptionsPath -Encoding utf8
    $script:OwnersPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-owners-$([guid]::NewGuid().ToString('n')).json"
    ConvertTo-Json -Depth 5 -InputObject @(@{ match = '/service/'; owner = @{ email = 'platform@example.com'; name = 'Platform' } }) | Set-Content $OwnersPath -Encoding utf8

    # Live: the same findings before and after the report-path changes of this issue (no root key: Live gains one).
    $script:Findings = @($Account | Get-StaleAccessKey @Aws -Source Live -IncludeHealthy -AsOf $AsOf -ExemptionsPath $ExemptionsPath -OwnersPath $OwnersPath)
    # The longest stage name, for the width tests.
    $script:RootFindings = @(Get-OrganizationAccount @Aws -AccountId $RootId -RoleName $Role | Get-StaleAccessKey @Aws -Source CredentialReport)
    $script:TableFindings = @($Findings) + @($RootFindings)

    function script:FindingOf([string] $User, [string] $KeyId) {
        @($Findings | Where-Object { $_.UserName -eq $User -and (-not $KeyId -or $_.AccessKeyId -eq $KeyId) })
    }
    # Lines as a terminal shows them: escape sequences take no columns.
    function script:Get-Line([Parameter(ValueFromPipeline)] $InputObject, [int] $Width) {
        begin { $all = [Collections.Generic.List[object]]::new() }
        process { $all.Add($InputObject) }
        end { $all | Format-Table | Out-String -Width $Width -Stream | Where-Object { $_ -ne '' } }
    }
    function script:Get-Visible([string] $Line) { $Line -replace "`e\[[0-9;]*m", '' }
    # Rows only (the header, its dashes and blank lines off).
    function script:Get-Row([string[]] $Lines) { @($Lines | Select-Object -Skip 2) }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath, $script:ExemptionsPath, $script:OwnersPath -ErrorAction SilentlyContinue
}

Describe 'The scenario' {
    It 'has the long values and the stages the tests need' {
        $LongUser.Length | Should -Be 64
        $LongEmail.Length | Should -Be 60
        $Account.Email.Length | Should -Be 60
        (FindingOf $LongUser).Stage | Should -Be 'Disable'
        (FindingOf $LongUser).Owner.Email | Should -Be $LongEmail
        (FindingOf 'dual-key' 'AKIAOUTPUTDUALOLD001').Reasons | Should -Be @('TooOld', 'SecondActiveKey')
        (FindingOf 'exempt').Stage | Should -Be 'Exempt'
        $RootFindings.Stage | Should -Be @('RootAccessKey')
    }
}

Describe 'The default table of findings' {
    BeforeAll {
        $script:SavedRendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
    }
    AfterAll { $PSStyle.OutputRendering = $SavedRendering }

    It 'fits 120 columns with Stage, the account name, UserName, Owner and the reasons; a value too long ends in …' {
        $lines = $TableFindings | Get-Line -Width 120
        ($lines | ForEach-Object Length | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 120
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('Stage', 'Account', 'UserName', 'Owner', 'Reasons', 'Age', 'Idle')
        $long = $lines | Where-Object { $_ -like "*$($LongUser.Substring(0, 15))*" }
        $long | Should -HaveCount 1
        $long | Should -Not -BeLike "*$LongUser*"
        $long | Should -Match "$($LongUser.Substring(0, 15))[\w-]*… "
        $long | Should -Match "$($LongEmail.Substring(0, 15))[\w.@-]*… "
        $long | Should -Match '^Disable\s+payments-prod[\w-]*… '
        ($lines | Where-Object { $_ -like '*AKIA*' }) | Should -BeNullOrEmpty
        $lines | Where-Object { $_ -match '^Disable\s+\S+\s+dual-key\s+platform@example\.com\s+TooOld,SecondActiveKey\s+96\s+2$' } | Should -HaveCount 1
        $lines | Where-Object { $_ -match '^Warn\s+\S+\s+idle@example\.com\s+idle@example\.com\s+Unused\s+61\s+51$' } | Should -HaveCount 1
    }
    It 'keeps Stage whole at 80 columns' {
        $lines = $TableFindings | Get-Line -Width 80
        ($lines | ForEach-Object Length | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 80
        $rows = Get-Row $lines
        $rows | Should -HaveCount $TableFindings.Count
        @($rows | ForEach-Object { ($_ -split ' ')[0] } | Sort-Object) | Should -Be @($TableFindings.Stage | Sort-Object)
    }
    It 'colours Stage by urgency under $PSStyle.OutputRendering Ansi, and not under PlainText; the table still fits' {
        $PSStyle.OutputRendering = 'Ansi'
        try { $lines = $TableFindings | Get-Line -Width 120 }
        finally { $PSStyle.OutputRendering = 'PlainText' }
        $f = $PSStyle.Foreground
        foreach ($expected in @("$($f.Red)RootAccessKey", "$($f.Red)Disable", "$($f.Yellow)Warn", "$($f.Cyan)Exempt", "$($f.Green)Healthy")) {
            $lines | Where-Object { $_.StartsWith("$expected$($PSStyle.Reset) ") } | Should -Not -BeNullOrEmpty -Because "a row starts with $($expected -replace "`e", '`e')"
        }
        ($lines | ForEach-Object { (Get-Visible $_).Length } | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 120
        $TableFindings | Get-Line -Width 120 | Where-Object { $_ -match "`e" } | Should -BeNullOrEmpty
    }
    It 'has no colour under NO_COLOR, and keeps Stage whole at the width of a host without a terminal (80)' {
        $script = {
            $p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
            Import-Module $p.Module
            $aws = @{ AccessKey = $p.AccessKey; SecretKey = $p.SecretKey; Region = 'us-east-1'; EndpointUrl = $p.Url }
            $findings = Get-OrganizationAccount @aws -AccountId $p.Ids -RoleName $p.Role | Get-StaleAccessKey @aws -IncludeHealthy
            @{ Rendering = "$($PSStyle.OutputRendering)"; Width = $Host.UI.RawUI.BufferSize.Width; Stages = @($findings.Stage); Lines = @($findings | Format-Table | Out-String -Stream) } | ConvertTo-Json -Compress
        }
        $run = Invoke-FreshPwsh -Script $script.ToString() -Environment @{ NO_COLOR = '1' } -Parameters @{
            Module = (Get-BuiltModuleManifest); AccessKey = $Aws.AccessKey; SecretKey = $Aws.SecretKey; Url = $Emulator.Url; Role = $Role; Ids = @($Id, $RootId) }
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.Result.Rendering | Should -Be 'PlainText'
        $lines = @($run.Result.Lines | Where-Object { $_ -ne '' })
        $lines | Where-Object { $_ -match "`e" } | Should -BeNullOrEmpty
        ($lines | ForEach-Object Length | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual $run.Result.Width
        @(Get-Row $lines | ForEach-Object { ($_ -split ' ')[0] } | Sort-Object) | Should -Be @($run.Result.Stages | Sort-Object)
    }
}

Describe 'The default table of accounts' {
    It 'fits 120 columns with a 60-character e-mail, which ends in … (as before)' {
        $lines = $Account | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_ -ne '' } | ForEach-Object { Get-Visible $_ }
        ($lines | ForEach-Object Length | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 120
        $lines[-1] | Should -Match "^$Id "
        $lines[-1] | Should -Match 'aws-payments-[\w-]*…$'
    }
}

Describe 'The list view keeps values whole' {
    It 'shows the 64-character user name, and the 60-character owner in full with its source' {
        $text = (FindingOf $LongUser) | Format-List | Out-String -Width 200
        $text | Should -Match "UserName\s+: $LongUser\r?\n"
        $text | Should -Match "Owner\s+: $([regex]::Escape($LongEmail)) \(tag:owner\)\r?\n"
        $text | Should -Match 'Reasons\s+: TooOld'
    }
}

Describe 'Export-Csv of findings' {
    BeforeAll {
        $script:CsvPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-output-$([guid]::NewGuid().ToString('n')).csv"
        # Culture-proof: written under a culture whose dates read 30.11.2026 and whose list separator is ';'.
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $Findings | Export-Csv -Path $CsvPath -NoTypeInformation
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
        $script:Rows = @(Import-Csv $CsvPath)
        function script:RowOf([string] $KeyId) { $Rows | Where-Object AccessKeyId -eq $KeyId }
        function script:Iso($Date) { $Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture) }
    }
    AfterAll { Remove-Item $script:CsvPath -ErrorAction SilentlyContinue }

    It 'keeps its columns in their order (as before)' {
        (Get-Content $CsvPath -TotalCount 1) -replace '"', '' | Should -Be 'AccountId,AccountName,AccountEmail,UserName,UserArn,UserPath,AccessKeyId,Status,CreateDate,AgeDays,LastUsedDate,LastUsedService,LastUsedRegion,DaysSinceLastUse,Stage,Reasons,NextStage,NextStageDate,Owner,Exemption,ExemptFromStage,Source,ReportGeneratedAt,EvaluatedAt,Notes,Urgency,PolicyHash,IsPreview,CreationEvent'
        $Rows | Should -HaveCount $Findings.Count
    }
    It 'joins the reasons with ;' {
        (RowOf 'AKIAOUTPUTDUALOLD001').Reasons | Should -Be 'TooOld;SecondActiveKey'
        (RowOf 'AKIAOUTPUTDUALNEW001').Reasons | Should -Be 'SecondActiveKey'
        (RowOf 'AKIAOUTPUTIDLE000001').Reasons | Should -Be 'Unused'
        (RowOf 'AKIAOUTPUTYOUNG00001').Reasons | Should -Be ''
    }
    It 'writes the owner''s address and where it came from, long values whole' {
        (RowOf 'AKIAOUTPUTLONGUSER01').UserName | Should -Be $LongUser
        (RowOf 'AKIAOUTPUTLONGUSER01').Owner | Should -Be "$LongEmail (tag:owner)"
        (RowOf 'AKIAOUTPUTIDLE000001').Owner | Should -Be 'idle@example.com (userName)'
        (RowOf 'AKIAOUTPUTDUALOLD001').Owner | Should -Be 'platform@example.com (ownersFile:/service/)'
        (RowOf 'AKIAOUTPUTNEVER00001').Owner | Should -Be ''
    }
    It 'writes the exemption''s reason, approver and end' {
        (RowOf 'AKIAOUTPUTEXEMPT0001').Exemption | Should -Be "Partner migration; approved by lead@example.com; until $(Iso $Anchor.AddDays(30))"
        (RowOf 'AKIAOUTPUTEXEMPT0002').Exemption | Should -Be 'Vendor contract; approved by cfo@example.com; until 2099-12-31, end of day UTC'
        (RowOf 'AKIAOUTPUTDUALOLD001').Exemption | Should -Be ''
    }
    It 'writes dates as ISO-8601 UTC' {
        $finding = FindingOf 'idle@example.com'
        $row = RowOf 'AKIAOUTPUTIDLE000001'
        $row.CreateDate | Should -Be (Iso $finding.CreateDate)
        $row.CreateDate | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        $row.LastUsedDate | Should -Be (Iso $finding.LastUsedDate)
        $row.NextStageDate | Should -Be (Iso $finding.NextStageDate)
        $row.EvaluatedAt | Should -Be (Iso ([datetimeoffset]$AsOf))
        (RowOf 'AKIAOUTPUTNEVER00001').LastUsedDate | Should -Be ''
    }
    It 'leaves the findings'' dates dates: compared, sorted and shown by Format-List' {
        $finding = FindingOf 'idle@example.com'
        $finding.CreateDate -lt [datetime]::UtcNow | Should -BeTrue
        $finding.CreateDate | Should -BeOfType [datetimeoffset]
        ($Findings | Sort-Object CreateDate | Select-Object -First 1).UserName | Should -BeIn @($LongUser, 'dual-key', 'exempt', 'exempt-to-date')
        ($finding | Format-List | Out-String) | Should -Match "CreateDate\s+: $(Iso $finding.CreateDate)"
    }
}

Describe 'Export-Csv of accounts' {
    It 'writes the tags as key=value pairs joined with ;' {
        $csv = $Account | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $csv.Tags | Should -Be 'env=prod;team=payments'
        $csv.AccountId | Should -Be $Id
    }
}

Describe 'ConvertTo-Json of findings' {
    It 'is what main wrote (fixtures/Output.findings.json)' {
        # Every date is written as its offset from the anchor; the files' temporary paths by name. A date in another
        # form than main's ("2026-11-30T16:37:11+00:00") stays as it is, and differs.
        $json = $Findings | Sort-Object UserName, AccessKeyId | ConvertTo-Json -Depth 5
        foreach ($path in @{ '<ExemptionsPath>' = $ExemptionsPath; '<OwnersPath>' = $OwnersPath }.GetEnumerator()) {
            $json = $json.Replace($path.Value.Replace('\', '\\'), $path.Key)
        }
        $json = [regex]::Replace($json, '"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,7})?\+00:00)"', {
                param($m)
                $date = [datetimeoffset]::Parse($m.Groups[1].Value, [cultureinfo]::InvariantCulture)
                $offset = $date - $Anchor
                # Dates the files give (an exemption to 2099) are not dated from the anchor.
                if ([math]::Abs($offset.TotalDays) -gt 3650) { return $m.Value }
                '"<anchor{0}{1}>"' -f ($(if ($offset -lt [timespan]::Zero) { '-' } else { '+' })), $offset.Duration().ToString('c')
            })
        # The policy's hash covers the exemptions file, whose dates are the anchor's: written as a placeholder.
        $json = [regex]::Replace($json, '"PolicyHash": "[0-9a-f]{64}"', '"PolicyHash": "<PolicyHash>"')
        if ($env:IKH_WRITE_FIXTURES -eq '1') {
            Set-Content -Path $FixturePath -Value $json -Encoding utf8NoBOM
            Set-ItResult -Inconclusive -Because "IKH_WRITE_FIXTURES=1 wrote $FixturePath"
            return
        }
        $json | Should -Be ((Get-Content -Raw $FixturePath).TrimEnd())
    }
}
