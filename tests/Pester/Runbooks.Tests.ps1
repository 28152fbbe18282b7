# Issue 12's runbook samples (samples/runbooks): the SSM Automation documents checked against a schema written from
# the Automation action reference, and the script bodies of the documents and the Azure Automation runbooks run
# against the emulator in a fresh pwsh, as the runtime would run them: SSM's InputPayload in $env:InputPayload and the
# automation role's credentials in AWS_* variables; Azure's managed identity token from IDENTITY_ENDPOINT exchanged with
# AssumeRoleWithWebIdentity; Automation-only cmdlets from AutomationShim.
BeforeDiscovery {
    $script:Documents = @(Get-ChildItem (Join-Path $PSScriptRoot '../../samples/runbooks/ssm') -Filter *.json |
            Where-Object Name -notlike '*.schema.json' | ForEach-Object Name)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PermissionsSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force

    $script:Samples = Join-Path $PSScriptRoot '../../samples/runbooks'
    $script:Schema = Join-Path $Samples 'ssm/automation-document-0.3.schema.json'
    $script:Shim = Join-Path $PSScriptRoot 'AutomationShim/AutomationShim.psm1'
    $script:ModuleRoot = Split-Path -Parent (Split-Path -Parent (Get-BuiltModuleManifest))
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "ikh-runbooks-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Work | Out-Null

    $script:Member = '222222222201'
    $script:Audience = 'api://key-hygiene-aws'
    $management = New-ScanAccount '111111111111' 'management' @(New-ScanUser 'admin-tools' @(New-ScanKey 10 1))
    $management.roles = @(@{ name = 'KeyHygieneRunbook'; webIdentity = @{ issuer = 'https://sts.windows.net/00000000-0000-0000-0000-0000000e1a70/'; audience = $Audience } })
    $scenario = New-ScanScenario -Accounts @(
        New-ScanAccount $Member 'prod' @(New-ScanUser 'old' @(New-ScanKey 95 1)) -ParentOu 'Workloads/Prod'
        New-ScanAccount '222222222202' 'sandbox' @(New-ScanUser 'idle' @(New-ScanKey 70 60)) -ParentOu 'Sandbox'
        New-ScanAccount '222222222203' 'at-root' @(New-ScanUser 'fresh' @(New-ScanKey 5 1)))
    $scenario.accounts = @($management) + @($scenario.accounts | Select-Object -Skip 1)
    $script:ScenarioPath = Save-ScanScenario $scenario
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    New-EmulatorBucket -Emulator $Emulator -Bucket 'key-hygiene-records'
    $script:Records = 's3://key-hygiene-records/prod'
    $script:PolicyJson = '{ "mode": "Audit" }'

    # The script of a document's step, its {{ parameters }} replaced as Automation would (values as given here).
    function script:Expand([string] $Text, [hashtable] $Values) {
        [regex]::Replace($Text, '\{\{\s*([A-Za-z0-9_:]+)\s*\}\}', { param($m) $n = $m.Groups[1].Value; if ($Values.ContainsKey($n)) { $Values[$n] } else { throw "no value for {{ $n }}" } })
    }
    function script:Get-Step([string] $Document, [string] $Step) {
        (Get-Content -Raw (Join-Path $Samples "ssm/$Document") | ConvertFrom-Json -AsHashtable).mainSteps | Where-Object name -eq $Step
    }
    # Runs a script as aws:executeScript would (InputPayload in the environment) or as AWS-RunPowerShellScript would
    # (the commands joined), in a fresh pwsh signed in as the automation role (here: the emulator's admin).
    function script:Invoke-SsmBody([string] $Body, [hashtable] $Payload) {
        $environment = @{ AWS_ACCESS_KEY_ID = $Emulator.AccessKeyId; AWS_SECRET_ACCESS_KEY = $Emulator.SecretAccessKey; AWS_REGION = 'us-east-1'
            AWS_ENDPOINT_URL = $Emulator.Url; PSModulePath = "$ModuleRoot$([IO.Path]::PathSeparator)$env:PSModulePath" }
        if ($Payload) { $environment.InputPayload = $Payload | ConvertTo-Json -Compress }
        $wrapper = "`$result = & { $Body }`n`$result | ConvertTo-Json -Compress -Depth 5"
        Invoke-FreshPwsh -Script $wrapper -Environment $environment -TimeoutSeconds 300
    }
    $script:SsmValues = @{ PolicyJson = $PolicyJson; RoleName = 'KeyHygieneAudit'; RecordsUri = $Records; ModuleVersion = ''
        AutomationAssumeRole = 'arn:aws:iam::111111111111:role/KeyHygieneRunbook'; ExecutionMode = 'Script'; InstanceId = 'none'
        OrganizationalUnitId = 'ou-test-workload1'; RunDate = [DateTime]::UtcNow.ToString('yyyy-MM-dd') }
    function script:Get-RecordObject([string] $Prefix) {
        $env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY = $Emulator.AccessKeyId, $Emulator.SecretAccessKey
        try { @((& aws --endpoint-url $Emulator.Url --region us-east-1 s3api list-objects-v2 --bucket key-hygiene-records --prefix $Prefix | ConvertFrom-Json).Contents | Where-Object { $_ } | ForEach-Object Key) }
        finally { Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath -ErrorAction SilentlyContinue
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The SSM Automation documents' {
    It '<_> is valid against the schema written from the Automation action reference' -ForEach $Documents {
        $text = Get-Content -Raw (Join-Path $Samples "ssm/$_")
        Test-Json -Json $text -SchemaFile $Schema -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeTrue -Because "$problems"
        # Every {{ reference }} names a parameter, an earlier step's output or an Automation variable.
        $document = $text | ConvertFrom-Json -AsHashtable
        $known = @($document.parameters.Keys) + @($document.mainSteps | ForEach-Object { $s = $_; @($s['outputs']) | Where-Object { $_ } | ForEach-Object { "$($s.name).$($_.Name)" } })
        $references = @([regex]::Matches($text, '\{\{\s*([A-Za-z0-9_.:]+)\s*\}\}') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        @($references | Where-Object { $_ -notin $known -and $_ -notmatch '^(global|automation):' }) | Should -BeNullOrEmpty
    }

    It 'the schema refuses what the reference refuses: an executeScript step over 600 s, without Runtime, or an unknown action' {
        $daily = Get-Content -Raw (Join-Path $Samples 'ssm/KeyHygiene-Daily.json') | ConvertFrom-Json -AsHashtable
        $cases = @(
            { param($d) $d.mainSteps[0].timeoutSeconds = 900 }
            { param($d) $d.mainSteps[0].inputs.Remove('Runtime') }
            { param($d) $d.mainSteps[0].action = 'aws:runScript' }
            { param($d) $d.schemaVersion = '2.2' }
            { param($d) $d.mainSteps[0].inputs.Remove('Script') }
        )
        foreach ($case in $cases) {
            $copy = $daily | ConvertTo-Json -Depth 20 | ConvertFrom-Json -AsHashtable
            & $case $copy
            Test-Json -Json ($copy | ConvertTo-Json -Depth 20) -SchemaFile $Schema -ErrorAction SilentlyContinue | Should -BeFalse -Because "$case"
        }
    }

    It 'KeyHygiene-Daily''s script runs Invoke-KeyHygiene with the role''s credentials and writes the run history to S3' {
        $step = Get-Step 'KeyHygiene-Daily.json' 'RunKeyHygiene'
        $payload = @{}
        foreach ($key in $step.inputs.InputPayload.Keys) { $payload[$key] = Expand $step.inputs.InputPayload[$key] $SsmValues }
        $run = Invoke-SsmBody $step.inputs.Script $payload
        $run.Result | Should -Not -BeNullOrEmpty -Because "$($run.StdErr)`n$($run.StdOut)"
        $run.Result.RunId | Should -Not -BeNullOrEmpty
        ($run.Result.Mode, $run.Result.AccountsScanned, $run.Result.AccountsFailed) | Should -Be @('Audit', 4, 0)
        @(Get-RecordObject 'prod/').Count | Should -BeGreaterThan 0 -Because 'the run history goes to the S3 prefix'
    }

    It 'the shard''s executeScript and runCommand bodies read and judge one shard and write its findings under the prefix' {
        foreach ($stepName in 'ShardInScript', 'ShardOnInstance') {
            $step = Get-Step 'KeyHygiene-Shard.json' $stepName
            $run = if ($step.action -eq 'aws:executeScript') {
                $payload = @{}; foreach ($key in $step.inputs.InputPayload.Keys) { $payload[$key] = Expand $step.inputs.InputPayload[$key] $SsmValues }
                Invoke-SsmBody $step.inputs.Script $payload
            }
            else { Invoke-SsmBody (Expand ($step.inputs.Parameters.commands -join "`n") $SsmValues) $null }
            $run.Result.AccountsFailed | Should -Be 0 -Because "$($run.StdErr)"
        }
        @(Get-RecordObject "prod/findings/$($SsmValues.RunDate)/").Count | Should -Be 2
    }

    It 'the fan-out''s merge body reads the day''s findings of every shard and acts on them once' {
        # The other shards of the organization (the accounts under the root, the sandbox OU), so every account is covered.
        $shardStep = Get-Step 'KeyHygiene-Shard.json' 'ShardInScript'
        foreach ($ou in (Invoke-EmulatorControl -Emulator $Emulator -Path state).rootId, 'ou-test-sandbox01') {
            $values = $SsmValues.Clone(); $values.OrganizationalUnitId = $ou
            $payload = @{}; foreach ($key in $shardStep.inputs.InputPayload.Keys) { $payload[$key] = Expand $shardStep.inputs.InputPayload[$key] $values }
            (Invoke-SsmBody $shardStep.inputs.Script $payload).Result.AccountsFailed | Should -Be 0
        }
        $step = Get-Step 'KeyHygiene-FanOut.json' 'MergeInScript'
        $payload = @{}; foreach ($key in $step.inputs.InputPayload.Keys) { $payload[$key] = Expand $step.inputs.InputPayload[$key] $SsmValues }
        $run = Invoke-SsmBody $step.inputs.Script $payload
        $run.Result.AccountsFailed | Should -Be 0 -Because "$($run.StdErr)"
        $run.Result.AccountsScanned | Should -Be 4
    }
}

Describe 'The Azure Automation runbooks' {
    BeforeAll {
        $script:Variables = Join-Path $Work 'variables.json'
        @{
            'KeyHygiene-CallerRoleArn' = 'arn:aws:iam::111111111111:role/KeyHygieneRunbook'; 'KeyHygiene-TokenAudience' = $Audience
            'KeyHygiene-Region' = 'us-east-1'; 'KeyHygiene-MemberRoleName' = 'KeyHygieneAudit'; 'KeyHygiene-RecordsUri' = 's3://key-hygiene-records/azure'
            'KeyHygiene-Policy' = $PolicyJson; 'KeyHygiene-AutomationAccount' = 'key-hygiene'; 'KeyHygiene-ResourceGroup' = 'security-automation'
            'KeyHygiene-Shards' = 'r-test, ou-test-workload1, ou-test-sandbox01'; 'KeyHygiene-MaxConcurrency' = '2'
        } | ConvertTo-Json | Set-Content -LiteralPath $Variables
        function script:Invoke-Runbook([string] $Runbook, [hashtable] $Parameters = @{}, [hashtable] $Environment = @{}) {
            $jobs = Join-Path $Work "jobs-$([guid]::NewGuid().ToString('n')).jsonl"
            $environment = @{ IDENTITY_ENDPOINT = "$($Emulator.Url)/_emulator/managed-identity/token"; IDENTITY_HEADER = 'automation-sandbox'
                AWS_ENDPOINT_URL = $Emulator.Url; IKH_AUTOMATION_VARIABLES = $Variables; IKH_AUTOMATION_JOBS = $jobs
                PSModulePath = "$ModuleRoot$([IO.Path]::PathSeparator)$env:PSModulePath" } + $Environment
            $script = "Import-Module '$Shim'`n`$p = `$env:IKH_TEST_PARAMS | ConvertFrom-Json -AsHashtable`n" +
                "`$result = & '$(Join-Path $Samples "azure-automation/$Runbook")' @p`n`$result | ConvertTo-Json -Compress -Depth 5"
            $run = Invoke-FreshPwsh -Script $script -Parameters $Parameters -Environment $environment -TimeoutSeconds 300
            $run | Add-Member -NotePropertyName Jobs -NotePropertyValue @(if (Test-Path $jobs) { Get-Content $jobs | ConvertFrom-Json })
            $run
        }
    }

    It 'Invoke-KeyHygieneRunbook signs in with the managed identity token through AssumeRoleWithWebIdentity and runs the organization' {
        Invoke-EmulatorControl -Emulator $Emulator -Method DELETE -Path calls | Out-Null
        $run = Invoke-Runbook 'Invoke-KeyHygieneRunbook.ps1'
        $run.Result | Should -Not -BeNullOrEmpty -Because "$($run.StdErr)`n$($run.StdOut)"
        ($run.Result.Mode, $run.Result.AccountsScanned, $run.Result.AccountsFailed) | Should -Be @('Audit', 4, 0)
        $calls = (Invoke-EmulatorControl -Emulator $Emulator -Path calls).byPrincipal
        $calls.anonymous.'sts:AssumeRoleWithWebIdentity' | Should -BeGreaterThan 0
        $calls.KeyHygieneRunbook.'organizations:ListRoots' | Should -BeGreaterThan 0 -Because 'the exchanged role, not a key, reads the organization'
        $calls.KeyHygieneRunbook.'sts:AssumeRole' | Should -BeGreaterThan 0
        @($calls.PSObject.Properties.Name -like 'user/*') | Should -BeNullOrEmpty -Because 'no access key signed anything'
        @(Get-RecordObject 'azure/').Count | Should -BeGreaterThan 0
    }

    It 'Invoke-KeyHygieneRunbook -Shard and -MergeDate run the sharded run''s child jobs' {
        foreach ($shard in (Invoke-EmulatorControl -Emulator $Emulator -Path state).rootId, 'ou-test-workload1', 'ou-test-sandbox01') {
            (Invoke-Runbook 'Invoke-KeyHygieneRunbook.ps1' @{ Shard = $shard }).Result.AccountsFailed | Should -Be 0
        }
        $merge = Invoke-Runbook 'Invoke-KeyHygieneRunbook.ps1' @{ MergeDate = [DateTime]::UtcNow.ToString('yyyy-MM-dd') }
        $merge.Result.AccountsScanned | Should -Be 4
    }

    It 'Start-KeyHygieneShards starts one child job per shard, at most MaxConcurrency at once, then one merge job' {
        $run = Invoke-Runbook 'Start-KeyHygieneShards.ps1' @{ PollSeconds = 5 }
        $run.Result | Should -Not -BeNullOrEmpty -Because "$($run.StdErr)"
        $shards = @($run.Jobs | Where-Object { $_.parameters.PSObject.Properties.Name -contains 'Shard' })
        @($shards.parameters.Shard) | Should -Be @('r-test', 'ou-test-workload1', 'ou-test-sandbox01')
        ($shards.runningAtStart | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 2
        $run.Jobs[-1].parameters.MergeDate | Should -Be $run.Result.RunDate
        @($run.Jobs.runbook | Sort-Object -Unique) | Should -Be 'Invoke-KeyHygieneRunbook'
    }

    It 'Start-KeyHygieneShards stops before the merge when a shard job failed' {
        $run = Invoke-Runbook 'Start-KeyHygieneShards.ps1' @{ PollSeconds = 5 } @{ IKH_AUTOMATION_FAILING_SHARDS = 'ou-test-sandbox01' }
        $run.ExitCode | Should -Not -Be 0
        $run.StdErr + $run.StdOut | Should -Match 'no merge, nothing changed'
        @($run.Jobs | Where-Object { $_.parameters.PSObject.Properties.Name -contains 'MergeDate' }) | Should -BeNullOrEmpty
    }
}
