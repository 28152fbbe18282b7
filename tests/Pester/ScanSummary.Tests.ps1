# Issue 9: exemptions that do nothing, and the summary every scan ends with, on the built module against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Full = '222222222201'
    $script:Other = '222222222202'
    $script:Denied = '222222222203'
    $script:Empty = '222222222204'
    $accounts = @(
        New-ScanAccount $Full 'full' @(
            New-ScanUser 'alice' @(New-ScanKey 95)
            New-ScanUser 'healthy-bob' @(New-ScanKey 10)
            New-ScanUser 'dave' @(New-ScanKey 95) -Tags @{ 'keyhygiene:exempt' = 'expires=2020-01-01 reason=old waiver' }
        )
        New-ScanAccount $Other 'other' @(New-ScanUser 'carol' @(New-ScanKey 95))
        New-ScanAccount $Denied 'denied' @(New-ScanUser 'someone' @(New-ScanKey 200)) -NoRole
        New-ScanAccount $Empty 'empty' @()
    )
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts $accounts)

    # One entry a line, so the warnings' line numbers are the entries' own (line 1 is the '[').
    $script:ExemptionsPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-exemptions-$([guid]::NewGuid().ToString('n')).json"
    @(
        '['
        "  { `"userArn`": `"arn:aws:iam::${Full}:user/alice`", `"reason`": `"Partner migration`", `"approver`": `"lead@example.com`", `"expires`": `"2027-12-31`" },"
        "  { `"userArn`": `"arn:aws:iam::${Full}:user/healthy-bob`", `"reason`": `"Batch job`", `"approver`": `"lead@example.com`", `"expires`": `"2099-12-31`" },"
        "  { `"userArn`": `"arn:aws:iam::${Full}:user/gone`", `"reason`": `"Left last year`", `"approver`": `"lead@example.com`", `"expires`": `"2099-12-31`" },"
        "  { `"userArn`": `"arn:aws:iam::${Other}:user/ghost`", `"reason`": `"Never existed`", `"approver`": `"lead@example.com`", `"expires`": `"2099-12-31`" },"
        "  { `"accountId`": `"${Denied}`", `"reason`": `"Vendor account`", `"approver`": `"lead@example.com`", `"expires`": `"2099-12-31`" },"
        "  { `"userArn`": `"arn:aws:iam::${Full}:user/alice`", `"reason`": `"Old waiver`", `"approver`": `"lead@example.com`", `"expires`": `"2020-01-31`" }"
        ']'
    ) | Set-Content $ExemptionsPath -Encoding utf8

    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator

    # A scan with everything each stream got.
    function script:Invoke-Scan([string[]] $AccountId, [switch] $NoInput) {
        $findings = if ($NoInput) {
            @() | Get-StaleAccessKey @Aws -ExemptionsPath $ExemptionsPath -WarningVariable warnings -WarningAction SilentlyContinue -InformationVariable information -ErrorAction SilentlyContinue
        }
        else {
            $selection = if ($AccountId) { @{ AccountId = $AccountId } } else { @{} }
            Get-OrganizationAccount @Aws -RoleName $Role @selection |
                Get-StaleAccessKey @Aws -ExemptionsPath $ExemptionsPath -WarningVariable warnings -WarningAction SilentlyContinue -InformationVariable information -ErrorAction SilentlyContinue
        }
        [pscustomobject]@{
            Findings = @($findings)
            Warnings = @($warnings | ForEach-Object Message)
            Summary  = @($information | Where-Object { $_.Tags -contains 'Summary' })
        }
    }
    $script:FullScan = Invoke-Scan
    $script:PartialScan = Invoke-Scan -AccountId $Full
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath, $script:ExemptionsPath -ErrorAction SilentlyContinue
}

Describe 'Exemptions that do nothing' {
    It 'warns, on a full scan, about each exemption that matched no key in an account read in full, naming file and line' {
        $unused = @($FullScan.Warnings | Where-Object { $_ -match 'matched no access key' })
        $unused.Count | Should -Be 2
        $unused | Should -Contain "${ExemptionsPath}, line 4: the exemption for arn:aws:iam::${Full}:user/gone matched no access key, although account $Full was read in full; the key or user it names may be gone. Remove it if so."
        ($unused -join "`n") | Should -Match ([regex]::Escape("${ExemptionsPath}, line 5: the exemption for arn:aws:iam::${Other}:user/ghost"))
        # The account whose role is missing failed: its exemption is counted, not warned.
        ($unused -join "`n") | Should -Not -Match $Denied
    }
    It 'only counts, on an -AccountId scan, the exemptions for accounts outside it' {
        $unused = @($PartialScan.Warnings | Where-Object { $_ -match 'matched no access key' })
        $unused.Count | Should -Be 1
        $unused[0] | Should -Match 'user/gone'
        $PartialScan.Summary[0].MessageData.ExemptionsUnused | Should -Be 1
        $PartialScan.Summary[0].MessageData.ExemptionsNotChecked | Should -Be 2
    }
    It 'warns about an exemption that ended before the scan, naming file and line' {
        $FullScan.Warnings | Should -Contain "${ExemptionsPath}, line 7: the exemption for arn:aws:iam::${Full}:user/alice ended 2020-01-31, end of day UTC; it exempts nothing. Renew it or remove it."
    }
    It 'warns about an ended exemption tag when it is read, naming account and user' {
        $FullScan.Warnings | Should -Contain "Account $Full, user dave: the keyhygiene:exempt tag's exemption ended 2020-01-01, end of day UTC; it exempts nothing. Renew the tag or remove it."
    }
    It 'warns from New-KeyHygienePolicy too when it loads the file' {
        $null = New-KeyHygienePolicy -ExemptionsPath $ExemptionsPath -WarningVariable loaded -WarningAction SilentlyContinue
        @($loaded | ForEach-Object Message) | Should -Be @("${ExemptionsPath}, line 7: the exemption for arn:aws:iam::${Full}:user/alice ended 2020-01-31, end of day UTC; it exempts nothing. Renew it or remove it.")
    }
    It 'shows the end as the file gives it, while Expires (and JSON) stays the instant it ends' {
        $alice = $FullScan.Findings | Where-Object UserName -eq 'alice'
        $alice.Stage | Should -Be 'Exempt'
        "$($alice.Exemption)" | Should -Match '^Partner migration; approved by .+; until 2027-12-31, end of day UTC$'
        ($alice | Format-List | Out-String -Width 200) | Should -Match ([regex]::Escape('until 2027-12-31, end of day UTC'))
        $alice.Exemption.Expires | Should -Be ([DateTimeOffset]'2028-01-01T00:00:00Z')
        $json = $alice.Exemption | ConvertTo-Json | ConvertFrom-Json -AsHashtable
        $json.Keys | Sort-Object | Should -Be @('Approver', 'Expires', 'Reason', 'Source')
    }
    It 'rejects the same match twice in the owners file before any AWS call, naming the file, both lines and the match' {
        $owners = Join-Path ([IO.Path]::GetTempPath()) "ikh-owners-$([guid]::NewGuid().ToString('n')).json"
        @(
            '['
            '  { "match": "/service/", "owner": { "email": "platform@example.com" } },'
            '  { "match": "/service/", "owner": { "email": "other@example.com" } }'
            ']'
        ) | Set-Content $owners -Encoding utf8
        try {
            Invoke-EmulatorControl $Emulator DELETE calls | Out-Null
            $thrown = { Get-StaleAccessKey @Aws -OwnersPath $owners } | Should -Throw -ErrorId 'InvalidPolicy,IamKeyHygiene.Commands.GetStaleAccessKeyCommand' -PassThru
            $thrown.Exception.Message | Should -Be "${owners}, line 3, field '[1].match': '/service/' is matched on line 2 too; give each match once, with one owner."
            (Invoke-EmulatorControl $Emulator GET calls).total | Should -Be 0
        }
        finally { Remove-Item $owners -ErrorAction SilentlyContinue }
    }
}

Describe 'The summary every scan ends with' {
    It 'is one record on the Information stream, tagged IamKeyHygiene and Summary, with the scan''s numbers' {
        $FullScan.Summary.Count | Should -Be 1
        $FullScan.Summary[0].Tags | Should -Contain 'IamKeyHygiene'
        $summary = $FullScan.Summary[0].MessageData
        $summary.GetType().FullName | Should -Be 'IamKeyHygiene.ScanSummary'
        $summary.AccountsScanned | Should -Be 4          # management, full, other, empty
        $summary.AccountsFailed | Should -Be 1
        $summary.FailedAccountIds | Should -Be @($Denied)
        $summary.KeysRead | Should -Be 5                 # admin-tools, alice, healthy-bob, dave, carol
        $summary.Findings | Should -Be $FullScan.Findings.Count
        $summary.FindingsByStage.Disable | Should -Be 2  # dave (tag ended), carol
        $summary.FindingsByStage.Exempt | Should -Be 1   # alice
        $summary.ExemptionsUnused | Should -Be 2
        $summary.ExemptionsNotChecked | Should -Be 1     # the denied account's
        $summary.Duration | Should -BeOfType [TimeSpan]
        "$summary" | Should -Match '^Scan summary: 4 account\(s\) scanned, 1 failed \(222222222203\); 5 key\(s\) read; findings: Disable 2, Exempt 1; exemptions: 2 unused, 1 not checked; '
    }
    It 'is a -Verbose line too' {
        $verbose = Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Other | Get-StaleAccessKey @Aws -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        @($verbose | Where-Object { $_ -like 'Scan summary: 1 account(s) scanned, 0 failed; 1 key(s) read; findings: Disable 1; exemptions: 0 unused, 0 not checked; * s.' }).Count | Should -Be 1
    }
    It 'warns when the scan read no account' {
        $none = Invoke-Scan -NoInput
        $none.Findings.Count | Should -Be 0
        $none.Warnings | Should -Contain 'The scan read no account: none was given, or every one failed. Nothing was judged; this is not a clean result.'
        $none.Summary[0].MessageData.AccountsScanned | Should -Be 0
    }
    It 'warns when the accounts it read held no key' {
        $empty = Invoke-Scan -AccountId $Empty
        $empty.Warnings | Should -Contain 'The scan read 1 account(s) and found no access key in them: nothing was judged. If keys were expected, check the accounts given and the role''s permissions; a credential report is as of its generation time (ReportGeneratedAt), so keys created since show with -IncludeHealthy or -Source Live.'
        $empty.Summary[0].MessageData.KeysRead | Should -Be 0
    }
    It 'does not warn about reading nothing when it read keys' {
        $FullScan.Warnings | Should -Not -Match 'read no account|found no access key'
    }
}
