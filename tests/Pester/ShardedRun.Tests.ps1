# Invoke-KeyHygiene past one machine (issue 12): a generated organization of 1,000 accounts in the emulator, split into
# the accounts directly under the root and each top-level OU with -Recurse; one pwsh process per shard, all at once, each
# reading and judging its shard and writing its findings under one S3 prefix; then one merge. In Audit mode the merge's
# run history equals a single run's over the whole organization, account by account, and every account was read by
# exactly one shard. Key ages are whole days plus a half, so no key crosses a day boundary while the test runs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "ikh-sharded-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Work | Out-Null

    $parents = @('', 'Workloads', 'Workloads/Prod', 'Workloads/Dev', 'Sandbox', 'Security', 'Workloads/Prod')
    $accounts = [System.Collections.Generic.List[object]]::new()
    $accounts.Add(@{ id = '111111111111'; name = 'management'; roles = @(@{ name = 'KeyHygieneAudit' }); users = @() })
    for ($i = 0; $i -lt 1000; $i++) {
        $old = if ($i % 7 -eq 0) { 95.5 } elseif ($i % 5 -eq 0) { 83.5 } else { 20.5 }
        $unused = if ($i % 11 -eq 0) { 100.5 } else { 1.5 }
        $accounts.Add(@{
                id       = '{0:D12}' -f (300000000000 + $i)
                name     = "shard-test-$i"
                parentOu = $parents[$i % $parents.Count]
                roles    = @(@{ name = 'KeyHygieneAudit' })
                users    = @(
                    @{ name = 'app'; tags = @{ owner = "team-$($i % 40)@example.com" }; keys = @(@{ ageDays = $old; lastUsedDaysAgo = 1.5 }) }
                    @{ name = 'batch'; keys = @(@{ ageDays = ($unused + 10); lastUsedDaysAgo = $unused }) }
                )
            })
    }
    $scenario = @{
        managementAccountId = '111111111111'
        admin               = @{ accessKeyId = 'AKIASHARDEDADMIN0001'; secretAccessKey = 'sharded-admin-secret-for-tests-000000000' }
        organizationalUnits = @(
            @{ name = 'Workloads'; id = 'ou-shrd-workload1'; children = @(@{ name = 'Prod'; id = 'ou-shrd-prodenv01' }, @{ name = 'Dev'; id = 'ou-shrd-devenv001' }) }
            @{ name = 'Sandbox'; id = 'ou-shrd-sandbox01' }
            @{ name = 'Security'; id = 'ou-shrd-security1' }
        )
        accounts            = $accounts
        settings            = @{ credentialReportGenerationSeconds = 0.2 }
    }
    $script:ScenarioPath = Join-Path $Work 'scenario.json'
    $scenario | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $ScenarioPath -Encoding utf8
    $script:PolicyPath = Join-Path $Work 'policy.json'
    '{ "mode": "Audit" }' | Set-Content -LiteralPath $PolicyPath -Encoding utf8

    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $state = Invoke-EmulatorControl -Emulator $Emulator -Path state
    $script:AllAccountIds = @($state.accountIds)

    # The bucket the shards share, made by the AWS CLI as an admin would.
    $cli = @{ AWS_ACCESS_KEY_ID = $Emulator.AccessKeyId; AWS_SECRET_ACCESS_KEY = $Emulator.SecretAccessKey; AWS_DEFAULT_REGION = 'us-east-1' }
    foreach ($entry in $cli.GetEnumerator()) { Set-Item "env:$($entry.Key)" $entry.Value }
    & aws s3api create-bucket --bucket key-hygiene-shards --endpoint-url $Emulator.Url | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'aws s3api create-bucket failed' }
    foreach ($entry in $cli.GetEnumerator()) { Remove-Item "env:$($entry.Key)" }
    $script:Prefix = 's3://key-hygiene-shards/prod'

    # The shards: the accounts directly under the root, then each top-level OU with everything below it.
    $script:Shards = @(
        @{ Ou = $state.rootId; Recurse = $false }
        @{ Ou = 'ou-shrd-workload1'; Recurse = $true }
        @{ Ou = 'ou-shrd-sandbox01'; Recurse = $true }
        @{ Ou = 'ou-shrd-security1'; Recurse = $true }
    )

    # One run over the whole organization, for comparison.
    $singleHistory = Join-Path $Work 'single-history.jsonl'
    $script:Single = Invoke-KeyHygiene @Aws -Policy $PolicyPath -RoleName KeyHygieneAudit -AuditLogPath (Join-Path $Work 'single-audit.jsonl') `
        -RunHistoryPath $singleHistory -ErrorAction Stop
    $script:SingleLine = Get-Content -LiteralPath $singleHistory | Select-Object -Last 1 | ConvertFrom-Json
    Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path calls | Out-Null

    $shardScript = @'
$ErrorActionPreference = 'Stop'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
Import-Module $p.Manifest
$aws = @{ AccessKey = $p.AccessKey; SecretKey = $p.SecretKey; Region = 'us-east-1'; EndpointUrl = $p.Url }
$summary = Invoke-KeyHygiene @aws -Policy $p.Policy -RoleName KeyHygieneAudit -OrganizationalUnitId $p.Ou -Recurse:$p.Recurse `
    -ShardFindingsPath $p.Prefix -AuditLogPath $p.Audit -ErrorAction Continue
$summary | Select-Object RunId, ShardFindingsPath, AccountsEnumerated, AccountsFailed | ConvertTo-Json -Compress
'@
    $started = foreach ($shard in $Shards) {
        Start-FreshPwsh -Script $shardScript -Parameters @{
            Manifest = (Get-BuiltModuleManifest); AccessKey = $Emulator.AccessKeyId; SecretKey = $Emulator.SecretAccessKey; Url = $Emulator.Url
            Policy = $PolicyPath; Ou = $shard.Ou; Recurse = $shard.Recurse; Prefix = $Prefix; Audit = (Join-Path $Work "shard-audit-$($shard.Ou).jsonl")
        }
    }
    $script:ShardResults = foreach ($run in $started) {
        if (-not $run.Process.WaitForExit(600000)) { $run.Process.Kill($true); throw 'A shard did not finish within 10 minutes.' }
        $run.Process.WaitForExit()
        $out = $run.StdOut.GetAwaiter().GetResult()
        Remove-Item $run.ScriptFile -ErrorAction Ignore
        [pscustomobject]@{
            ExitCode = $run.Process.ExitCode
            StdErr   = $run.StdErr.GetAwaiter().GetResult()
            Summary  = ($out -split '\r?\n' | Where-Object { $_ -match '^\s*\{' } | Select-Object -Last 1) | ConvertFrom-Json
        }
    }
    $script:ShardCalls = Invoke-EmulatorControl -Emulator $Emulator -Path calls
    Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path calls | Out-Null

    $mergeHistory = Join-Path $Work 'merge-history.jsonl'
    $script:Merged = Invoke-KeyHygiene @Aws -Policy $PolicyPath -RoleName KeyHygieneAudit -MergeFindingsPath $Prefix `
        -AuditLogPath (Join-Path $Work 'merge-audit.jsonl') -RunHistoryPath $mergeHistory -ErrorAction Stop
    $script:MergeLine = Get-Content -LiteralPath $mergeHistory | Select-Object -Last 1 | ConvertFrom-Json
    $script:MergeCalls = Invoke-EmulatorControl -Emulator $Emulator -Path calls

    # What the shards wrote, read back with the AWS CLI (no code of ours).
    $script:ShardFiles = foreach ($result in $ShardResults) {
        $local = Join-Path $Work "$($result.Summary.RunId).jsonl"
        foreach ($entry in $cli.GetEnumerator()) { Set-Item "env:$($entry.Key)" $entry.Value }
        & aws s3 cp $result.Summary.ShardFindingsPath $local --endpoint-url $Emulator.Url --only-show-errors | Out-Null
        foreach ($entry in $cli.GetEnumerator()) { Remove-Item "env:$($entry.Key)" }
        [pscustomobject]@{ Shard = $result.Summary.RunId; Lines = @(Get-Content -LiteralPath $local | ConvertFrom-Json) }
    }

    function script:Get-AccountShape($HistoryLine) {
        foreach ($account in $HistoryLine.accounts | Sort-Object accountId) {
            $stages = if ($account.stages) { ($account.stages.PSObject.Properties | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ',' }
            $outcomes = if ($account.outcomes) { ($account.outcomes.PSObject.Properties | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ',' }
            "$($account.accountId) [$stages] [$outcomes] [$($account.error.errorId)]"
        }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-KeyHygiene sharded over four processes, then merged' {
    It 'ran every shard to the end with no account failed' {
        foreach ($result in $ShardResults) {
            $result.ExitCode | Should -Be 0 -Because $result.StdErr
            $result.Summary.AccountsFailed | Should -Be 0
            $result.Summary.ShardFindingsPath | Should -BeLike "$Prefix/findings/*/$($result.Summary.RunId).jsonl"
        }
    }

    It 'read every account of the organization in exactly one shard' {
        $read = @($ShardFiles | ForEach-Object { $_.Lines | Where-Object kind -eq 'account' | ForEach-Object { $_.account.accountId } })
        @($read | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        @($read | Sort-Object) | Should -Be @($AllAccountIds | Sort-Object)
        # And the emulator agrees: the credential report of every account was asked for while the shards ran.
        @($ShardCalls.byAccount.PSObject.Properties | Where-Object { $_.Value.'iam:GetCredentialReport' -gt 0 }).Count | Should -Be $AllAccountIds.Count
    }

    It 'merged into the same result as the single run, account by account' {
        $Merged.AccountsFailed | Should -Be 0
        @(Get-AccountShape $MergeLine) | Should -Be @(Get-AccountShape $SingleLine)
        $MergeLine.accounts.Count | Should -Be $AllAccountIds.Count
        ($MergeLine.stages | ConvertTo-Json -Compress) | Should -Be ($SingleLine.stages | ConvertTo-Json -Compress)
        $Merged.ActiveKeys | Should -Be $Single.ActiveKeys
    }

    It 'has findings to compare: warnings, disables, and the re-judge''s WhatIf outcomes' {
        $SingleLine.stages.Warn | Should -BeGreaterThan 0
        $SingleLine.stages.Disable | Should -BeGreaterThan 0
        $SingleLine.outcomes.WhatIf | Should -BeGreaterThan 0
    }

    It 'made the merge read no account again: no credential report, no user listing' {
        $MergeCalls.byOperation.'iam:GenerateCredentialReport' | Should -BeNullOrEmpty
        $MergeCalls.byOperation.'iam:GetCredentialReport' | Should -BeNullOrEmpty
        $MergeCalls.byOperation.'iam:ListAccessKeys' | Should -BeGreaterThan 0
    }
}
