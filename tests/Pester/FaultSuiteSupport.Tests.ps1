# The fault suite's harness (FaultSuiteSupport.psm1) proves itself before any fault scenario relies on it: the key
# table comparison on hand-made tables, the secret scan on planted secrets, a real kill at a held call, the summary.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'FaultSuiteSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force

    $script:Member = '222222222201'
    $script:Planted = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYPLANTED01'
}

Describe 'Assert-KeyTable' {
    BeforeAll {
        $script:Table = @(
            New-KeyRow -AccountId $Member -UserName 'alice' -AccessKeyId 'AKIAALICE00000000001' -Status Inactive -ModuleTag 'disabled=2026-11-30T10:00:00Z run=r1'
            New-KeyRow -AccountId $Member -UserName 'bob' -AccessKeyId 'AKIABOB0000000000001'
            New-KeyRow -AccountId $Member -UserName 'carol' -AccessKeyId 'AKIACAROL00000000001'
        )
    }

    It 'finds nothing when the tables agree, a tag matched by a pattern included' {
        $expected = @($Table[0] | Select-Object * | ForEach-Object { $_.ModuleTag = 'disabled=* run=r1'; $_ }) + $Table[1..2]
        $result = Assert-KeyTable -Expected $expected -Actual $Table
        $result.Matches | Should -BeTrue
        $result.WrongActions | Should -Be 0
        $result.LostKeys | Should -Be 0
        "$result" | Should -Be 'key table matches'
    }

    It 'counts a deleted key as lost and a disabled one as a wrong action, each named in the diff' {
        $actual = @(
            $Table[0]
            New-KeyRow -AccountId $Member -UserName 'bob' -AccessKeyId 'AKIABOB0000000000001' -Status Inactive -ModuleTag 'disabled=2026-11-30T10:00:00Z'
        )
        $result = Assert-KeyTable -Expected $Table -Actual $actual
        $result.Matches | Should -BeFalse
        $result.WrongActions | Should -Be 1
        $result.LostKeys | Should -Be 1
        $result.Differences | Should -Be @(
            "wrong  $Member bob AKIABOB0000000000001: expected Active no tag, found Inactive tag 'disabled=2026-11-30T10:00:00Z' (status, tag)"
            "lost   $Member carol AKIACAROL00000000001: expected Active no tag, gone"
        )
        "$result" | Should -BeLike 'key table differs: wrong actions 1, keys lost 1, missed 0*carol*'
    }

    It 'counts a key nobody expected (an orphan) as a wrong action, and matches a new key to its * row' {
        $rotated = New-KeyRow -AccountId $Member -UserName 'carol' -AccessKeyId 'AKIACAROLNEW00000001'
        $orphan = New-KeyRow -AccountId $Member -UserName 'bob' -AccessKeyId 'AKIABOBORPHAN0000001'
        $expected = $Table + (New-KeyRow -AccountId $Member -UserName 'carol' -AccessKeyId '*')
        $result = Assert-KeyTable -Expected $expected -Actual ($Table + $rotated + $orphan)
        $result.WrongActions | Should -Be 1
        $result.Differences | Should -Be @("extra  $Member bob AKIABOBORPHAN0000001: not expected, found Active no tag")
        (Assert-KeyTable -Expected $expected -Actual $Table).MissedActions | Should -Be 1
    }

    It 'with the table before the run, tells a change left undone (missed) from a wrong one' {
        $expected = @(New-KeyRow -AccountId $Member -UserName 'bob' -AccessKeyId 'AKIABOB0000000000001' -Status Inactive -ModuleTag 'disabled=*')
        $result = Assert-KeyTable -Expected $expected -Actual $Table[1] -Before $Table[1]
        $result.MissedActions | Should -Be 1
        $result.WrongActions | Should -Be 0
        $result.Differences | Should -Be @("missed $Member bob AKIABOB0000000000001: expected Inactive tag 'disabled=*', left at Active no tag")
    }
}

Describe 'Find-LeakedSecret' {
    It 'finds a secret raw, in Base64 at any alignment, URL-encoded and JSON-escaped, and names it only by its start' {
        $utf8 = [Text.Encoding]::UTF8
        $texts = @(
            "verbose: signing with $Planted"
            [Convert]::ToBase64String($utf8.GetBytes("x$Planted"))
            [Convert]::ToBase64String($utf8.GetBytes("{`"k`":`"$Planted`"}")).Replace('+', '-').Replace('/', '_')
            "body=Secret=$([Uri]::EscapeDataString($Planted).ToLowerInvariant())&x=1"
            ('{"secret":"' + $Planted.Replace('+', '\u002B') + '"}')
            'nothing to see here'
        )
        $found = @(Find-LeakedSecret -Secrets @($Planted, 'never-written-anywhere-0000000000') -Text $texts)
        $found | ForEach-Object { "$($_.Form) $($_.Source)" } | Sort-Object -Unique | Should -Be @(
            'Base64 text[1]', 'Base64 text[2]', 'JsonEscaped text[4]', 'Raw text[0]', 'UrlEncoded text[3]')
        $found.Secret | Sort-Object -Unique | Should -Be 'wJal…'
        ($found | Out-String) | Should -Not -Match ([regex]::Escape($Planted.Substring(4)))
    }

    It 'reads files and folders, and finds nothing in clean ones' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-leak-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory -Path (Join-Path $folder 'audit') -Force | Out-Null
        Set-Content (Join-Path $folder 'audit/run.jsonl') "{`"intent`":`"disable`",`"key`":`"AKIAALICE00000000001`"}"
        Set-Content (Join-Path $folder 'clean.log') 'all good'
        try {
            @(Find-LeakedSecret -Secrets $Planted -Path $folder).Count | Should -Be 0
            Add-Content (Join-Path $folder 'audit/run.jsonl') "{`"oops`":`"$Planted`"}"
            (Find-LeakedSecret -Secrets $Planted -Path $folder).Source | Should -Be (Join-Path $folder 'audit/run.jsonl')
        }
        finally { Remove-Item $folder -Recurse -Force }
    }
}

Describe 'Invoke-WithAllStream' {
    It 'collects every stream and the transcript, so a secret planted in any of them is found there' {
        $run = Invoke-WithAllStream -Module @() -ArgumentList $Planted -ScriptBlock {
            param($Planted)
            Write-Verbose "v $Planted"
            Write-Debug "d $([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Planted)))"
            Write-Warning "w $([Uri]::EscapeDataString($Planted))"
            Write-Information "i $Planted"
            Write-Progress -Activity "p $Planted" -Status 'working'
            Write-Error "e $Planted" -ErrorAction Continue
            $Host.UI.WriteLine("host $Planted")
            [pscustomobject]@{ Hidden = $Planted }
        }
        foreach ($stream in 'Output', 'Error', 'Warning', 'Verbose', 'Debug', 'Information', 'Progress') {
            @(Find-LeakedSecret -Secrets $Planted -Text $run.Streams.$stream).Count | Should -BeGreaterThan 0 -Because "the secret was written to $stream"
        }
        @(Find-LeakedSecret -Secrets $Planted -Path $run.TranscriptPath).Count | Should -BeGreaterThan 0 -Because 'the host shows what the streams carry, and the host-only line'
        @(Find-LeakedSecret -Secrets $Planted -Text $run.AllText).Count | Should -BeGreaterOrEqual 8
        Remove-Item $run.TranscriptPath
    }

    It 'keeps a terminating error as text, and finds nothing after a clean run' {
        $run = Invoke-WithAllStream -Module @() -ScriptBlock { Write-Verbose 'fine'; New-Item -Path (Join-Path ([IO.Path]::GetTempPath()) 'ikh-never-made') -WhatIf; throw 'stopped here' }
        $run.TerminatingError | Should -Not -BeNullOrEmpty
        $run.Transcript | Should -Match 'What if: Performing the operation "Create File"'
        $run.Streams.Error -join "`n" | Should -Match 'stopped here'
        $run.Streams.Verbose | Should -Be 'fine'
        @(Find-LeakedSecret -Secrets $Planted -Text $run.AllText).Count | Should -Be 0
        Remove-Item $run.TranscriptPath
    }
}

Describe 'The harness on the emulator' {
    BeforeAll {
        Import-Module (Get-BuiltModuleManifest) -Force
        $accounts = @(New-ScanAccount $Member 'member' @(
                New-ScanUser 'alice' @(New-ScanKey 120 -AccessKeyId 'AKIAALICE00000000001') -Tags @{ 'keyhygiene:AKIAALICE00000000001' = 'seen-inactive=2026-01-01T00:00:00Z' }
                New-ScanUser 'bob' @(New-ScanKey 10 -AccessKeyId 'AKIABOB0000000000001' -Status Inactive)
            ) -RootAccessKeys @(New-ScanKey 400 -AccessKeyId 'AKIAROOT000000000001'))
        $script:Emulator = Start-Emulator -Scenario (Save-ScanScenario (New-ScanScenario -Accounts $accounts))
        $script:Aws = Get-EmulatorAws $Emulator
        $script:ScanScript = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
Import-Module $p.ModuleManifest
$aws = @{ AccessKey = $p.AccessKey; SecretKey = $p.SecretKey; Region = 'us-east-1'; EndpointUrl = $p.Url }
$findings = @(Get-OrganizationAccount @aws -RoleName KeyHygieneAudit | Get-StaleAccessKey @aws)
[pscustomobject]@{ Findings = $findings.Count } | ConvertTo-Json -Compress
'@
        $script:ScanParameters = @{ ModuleManifest = Get-BuiltModuleManifest; AccessKey = $Emulator.AccessKeyId; SecretKey = $Emulator.SecretAccessKey; Url = $Emulator.Url }
    }
    AfterAll { if ($script:Emulator) { $script:Emulator.Stop() } }

    It 'reads the key table with root keys and the module tag' {
        $table = @(Get-EmulatorKeyTable -Emulator $Emulator -AccountId $Member)
        $table | ForEach-Object { "$($_.AccountId) $($_.UserName) $($_.AccessKeyId) $($_.Status) $($_.ModuleTag)" } | Should -Be @(
            "$Member <root> AKIAROOT000000000001 Active "
            "$Member alice AKIAALICE00000000001 Active seen-inactive=2026-01-01T00:00:00Z"
            "$Member bob AKIABOB0000000000001 Inactive ")
        @(Get-EmulatorKeyTable -Emulator $Emulator).AccountId | Should -Contain '111111111111'
    }

    It 'lists the emulator''s secrets, and a scan with -Verbose -Debug and a transcript leaks none of them' {
        $run = Invoke-WithAllStream -ArgumentList $Aws -ScriptBlock { param($aws) Get-OrganizationAccount @aws -RoleName KeyHygieneAudit | Get-StaleAccessKey @aws }
        $run.Output.Count | Should -BeGreaterThan 0
        $run.Streams.Verbose.Count | Should -BeGreaterThan 0
        $secrets = Get-EmulatorSecret -Emulator $Emulator
        $secrets | Should -Contain $Emulator.SecretAccessKey
        $secrets.Count | Should -BeGreaterOrEqual 6 -Because 'admin, three scenario keys, management user''s key and the role sessions'
        @(Find-LeakedSecret -Secrets $secrets -Text $run.AllText) | Should -BeNullOrEmpty
        Remove-Item $run.TranscriptPath
    }

    It 'kills a pwsh held at a call, releases the hold, and a re-run completes with the keys untouched; the summary counts the hold' {
        Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path reset | Out-Null
        $tally = New-FaultSuiteTally
        $before = @(Get-EmulatorKeyTable -Emulator $Emulator)

        $killed = Invoke-KilledRun -Emulator $Emulator -Script $ScanScript -Parameters $ScanParameters -Operation 'sts:AssumeRole'
        $killed.ExitCode | Should -Not -Be 0
        $killed.StdOut | Should -Not -Match 'Findings'
        $killed.Released | Should -Be 0 -Because 'the killed client''s request was dropped before the release'
        (Invoke-EmulatorControl -Emulator $Emulator -Path faults/counts).counts.hold.'sts:AssumeRole' | Should -Be 1

        $rerun = Invoke-FreshPwsh -Script $ScanScript -Parameters $ScanParameters
        if (-not $rerun.Result) { throw "The re-run failed (exit $($rerun.ExitCode)):`n$($rerun.StdErr)" }
        $rerun.Result.Findings | Should -BeGreaterThan 0

        $comparison = Assert-KeyTable -Expected $before -Actual @(Get-EmulatorKeyTable -Emulator $Emulator)
        $comparison.Matches | Should -BeTrue -Because "$comparison"
        Add-FaultSuiteScenario -Tally $tally -Emulator $Emulator -Comparison $comparison
        Add-FaultSuiteScenario -Tally $tally -Emulator $Emulator -Comparison ([pscustomobject]@{ WrongActions = 2; LostKeys = 1; MissedActions = 0 }) -FaultsInjected 3
        Format-FaultSuiteSummary -Tally $tally | Should -Be 'fault suite: 2 scenarios, 5 faults injected, wrong actions: 2, keys lost: 1'
    }

    It 'refuses a script that never reaches the held call' {
        { Invoke-KilledRun -Emulator $Emulator -Script 'exit 3' -Operation 'iam:DeleteAccessKey' } | Should -Throw '*ended (exit 3) without reaching the held iam:DeleteAccessKey*'
        Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path faults | Out-Null
    }
}
