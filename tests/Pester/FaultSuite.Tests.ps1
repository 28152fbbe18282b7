# Issue 10's fault suite: every change cmdlet under injected faults on one emulator. A scenario is one row of the
# tables below (setup + faults + command + expected key table); each resets the emulator, runs, and compares the
# emulator's keys with the expected table (Assert-KeyTable): wrong actions and lost keys come from that comparison.
# Every command runs as a user with -Verbose -Debug and a transcript would (Invoke-WithAllStream); at the end every
# secret the emulator issued is searched for in all of it, the audit logs and the killed runs' output.
# To add a cmdlet: a command block in $Commands, its change in $Expected, rows in $Scenarios and names here.
BeforeDiscovery {
    # Names only, for the It blocks; the rows themselves are built in BeforeAll.
    $script:ScenarioNames = @(
        foreach ($cmdlet in 'Disable', 'Remove', 'Restore', 'Rotate') {
            foreach ($name in 'throttling 30 %', '5xx 30 %', 'connection reset before commit', 'connection reset after commit',
                'AccessDenied in one account', 'role session expires mid-run', 'ListAccessKeys page fails') { "$cmdlet`: $name" }
        }
        'Disable: key used between scan and action, lag 0'
        'Disable: key used between scan and action, lag longer than since the use'
        foreach ($name in 'throttling 30 %', '5xx 30 %', 'connection reset before commit', 'connection reset after commit',
            'AccessDenied on CreateAccessKey', 'ListAccessKeys page fails', 'new key propagates late') { "Self: $name" }
        'Rotate: new key propagates late'
    )
    $script:KillNames = @(
        foreach ($op in 'sts:AssumeRole', 'iam:GetUser', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed', 'iam:ListUserTags') { "Disable: killed at $op" }
        foreach ($op in 'iam:UpdateAccessKey', 'iam:TagUser') { foreach ($phase in 'beforeCommit', 'afterCommit') { "Disable: killed at $op $phase" } }
        foreach ($op in 'iam:GetUser', 'iam:ListAccessKeys', 'iam:ListUserTags', 'sts:GetCallerIdentity') { "Self: killed at $op" }
        foreach ($op in 'iam:TagUser', 'iam:CreateAccessKey', 'iam:UpdateAccessKey') { foreach ($phase in 'beforeCommit', 'afterCommit') { "Self: killed at $op $phase" } }
        foreach ($op in 'iam:UpdateAccessKey', 'iam:TagUser') { foreach ($phase in 'beforeCommit', 'afterCommit') { "Restore: killed at $op $phase" } }
        # Every AWS write of a rotation and its verifying read; #2 = the second request of that operation (rotating-to=).
        foreach ($op in 'iam:TagUser', 'iam:CreateAccessKey', 'iam:TagUser#2', 'secretsmanager:CreateSecret',
            'secretsmanager:PutResourcePolicy', 'secretsmanager:GetSecretValue') { foreach ($phase in 'beforeCommit', 'afterCommit') { "Rotate: killed at $op $phase" } }
        # A user rotated before: the secret exists, so the new key goes in as a new version (CreateSecret refused, then PutSecretValue).
        foreach ($phase in 'beforeCommit', 'afterCommit') { "Rotate: killed at secretsmanager:PutSecretValue $phase" }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'FaultSuiteSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Members = '222222222201', '222222222202', '222222222203'
    $script:Management = '111111111111'
    # Age thresholds far off, so 'unused' is at Disable for not being used (a use between scan and action matters).
    $script:PolicyArgs = @{ WarnAgeDays = 250; DisableAgeDays = 300; DeleteAgeDays = 400 }
    $script:Policy = New-KeyHygienePolicy @PolicyArgs
    # The rotation's policy: rotor's keys are rotated (rotate 90 / deactivate old 100 / delete old 110 days).
    $script:RotatePolicyPath = Join-Path ([IO.Path]::GetTempPath()) "ikh-faultsuite-rotate-$([guid]::NewGuid().ToString('n')).json"
    Set-Content -LiteralPath $RotatePolicyPath -Value '{ "action": "Rotate" }'
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-faultsuite-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Folder | Out-Null

    function script:KeyId([string] $Account, [string] $Name) { ("AKIAFS$($Account.Substring(10))$Name".ToUpperInvariant()).PadRight(20, '0') }
    function script:SecretOf([string] $Account, [string] $Name) { "fault/suite/$Account/$Name/".PadRight(40, 'x') }
    function script:With-Secret($Key, [string] $Secret) { $Key.secretAccessKey = $Secret; $Key }
    $disabledLongAgo = [DateTime]::UtcNow.AddDays(-30).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $disabledRecently = [DateTime]::UtcNow.AddDays(-3).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $accounts = foreach ($id in $Members) {
        New-ScanAccount $id "member-$($id.Substring(10))" @(
            New-ScanUser 'unused' @(With-Secret (New-ScanKey 120 100 'Active' (KeyId $id 'UNUSED')) (SecretOf $id 'unused'))
            New-ScanUser 'fresh' @(New-ScanKey 30 1 'Active' (KeyId $id 'FRESH'))
            New-ScanUser 'retired' @(New-ScanKey 500 450 'Inactive' (KeyId $id 'RETIRED')) -Tags @{ "keyhygiene:$(KeyId $id 'RETIRED')" = "disabled=$disabledLongAgo" }
            # Restore-AccessKey's: a key the module disabled 3 days ago. The rotation's: 95 days old, in use, rule action Rotate.
            New-ScanUser 'undo' @(New-ScanKey 200 10 'Inactive' (KeyId $id 'UNDO')) -Tags @{ "keyhygiene:$(KeyId $id 'UNDO')" = "disabled=$disabledRecently" }
            New-ScanUser 'rotor' @(New-ScanKey 95 1 'Active' (KeyId $id 'ROTOR'))
        )
    }
    $scenario = New-ScanScenario -Accounts @($accounts)
    $scenario.accounts[0].users += New-ScanUser 'sam' @(With-Secret (New-ScanKey 95 1 'Active' (KeyId $Management 'SAM')) (SecretOf $Management 'sam'))
    $script:ScenarioPath = Save-ScanScenario $scenario
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator
    $script:Tally = New-FaultSuiteTally
    $script:Secrets = [System.Collections.Generic.HashSet[string]]::new()
    $script:Texts = [System.Collections.Generic.List[string]]::new()
    $script:Credentials = Join-Path $Folder 'credentials'
    $script:AuditPath = Join-Path $Folder 'audit.jsonl'

    # The expected end state: the table before the run with the given keys changed (UserName => row fields, or
    # $null for a key deleted), in the given accounts; '+' adds a row (rotation's new key).
    function script:Get-Expected([object[]] $Before, [hashtable] $Change, [string[]] $InAccount = $Members + $Management, [object[]] $Add = @()) {
        foreach ($row in $Before) {
            if ($row.AccountId -notin $InAccount -or -not $Change.ContainsKey($row.UserName)) { $row; continue }
            $to = $Change[$row.UserName]
            if ($null -eq $to) { continue }
            New-KeyRow -AccountId $row.AccountId -UserName $row.UserName -AccessKeyId $row.AccessKeyId -Status $to.Status -ModuleTag $to.ModuleTag
        }
        $Add | Where-Object { $null -ne $_ -and $_.AccountId -in $InAccount }
    }
    $script:Disabled = @{ unused = @{ Status = 'Inactive'; ModuleTag = 'disabled=*' } }
    $script:Deleted = @{ retired = $null }
    $script:Rotated = @{ sam = @{ Status = 'Inactive'; ModuleTag = 'rotating-to=AKIA* disabled=*' } }
    $script:NewSamKey = New-KeyRow -AccountId $Management -UserName sam -AccessKeyId '*' -Status Active
    $script:Restored = @{ undo = @{ Status = 'Active'; ModuleTag = 'restored=* hold-until=*' } }
    $script:RotationStarted = @{ rotor = @{ Status = 'Active'; ModuleTag = 'rotating-to=AKIA* since=*' } }
    $script:NewRotorKeys = @(foreach ($id in $Members) { New-KeyRow -AccountId $id -UserName rotor -AccessKeyId '*' -Status Active })

    # Commands, run with every stream on: findings (scanned before the faults are set) and the audit path come in.
    $script:Commands = @{
        Disable = { param($findings, $aws, $policy, $audit) $findings | Disable-StaleAccessKey @aws -RoleName KeyHygieneAudit -Policy $policy -Force -AuditLogPath $audit -ErrorAction Continue }
        Remove  = { param($findings, $aws, $policy, $audit) $findings | Remove-StaleAccessKey @aws -RoleName KeyHygieneAudit -Policy $policy -Force -AuditLogPath $audit -ErrorAction Continue }
        Self    = { param($findings, $aws, $policy, $audit, $credentials)
            Invoke-AccessKeyRotation -Self -ProfileName sam -ProfileLocation $credentials -Region us-east-1 -EndpointUrl $aws.EndpointUrl -Force -PassThru -AuditLogPath $audit -ErrorAction Continue }
        Restore = { param($findings, $aws, $policy, $audit) $findings | Restore-AccessKey @aws -RoleName KeyHygieneAudit -Force -AuditLogPath $audit -ErrorAction Continue }
        Rotate  = { param($findings, $aws, $policy, $audit)
            $findings | Invoke-AccessKeyRotation @aws -RoleName KeyHygieneAudit -Policy $policy -Force -PassThru -AuditLogPath $audit -ErrorAction Continue }
    }
    # What each cmdlet changes when all goes well; a scenario row may narrow it (InAccount) or replace it (Change, Add).
    $script:Expected = @{
        Disable = @{ Change = $Disabled; Add = @() }
        Remove  = @{ Change = $Deleted; Add = @() }
        Self    = @{ Change = $Rotated; Add = @($NewSamKey) }
        Restore = @{ Change = $Restored; Add = @() }
        Rotate  = @{ Change = $RotationStarted; Add = $NewRotorKeys }
    }
    $script:ChangeOperation = @{ Disable = 'iam:UpdateAccessKey'; Remove = 'iam:DeleteAccessKey'; Self = 'iam:CreateAccessKey'; Restore = 'iam:UpdateAccessKey'; Rotate = 'iam:CreateAccessKey' }
    # The findings the rotation gets: rotor's (judged under its own policy).
    $script:FindingsUser = @{ Rotate = 'rotor' }

    # The transient faults every cmdlet must ride out in one run (the module retries them).
    function script:New-TransientScenario([string] $Cmdlet) {
        @{ Name = "$Cmdlet`: throttling 30 %"; Faults = @{ seed = 3; rules = @(@{ throttleProbability = 0.3 }) } }
        @{ Name = "$Cmdlet`: 5xx 30 %"; Faults = @{ seed = 5; rules = @(@{ serverErrorProbability = 0.3 }) } }
        @{ Name = "$Cmdlet`: connection reset before commit"; Faults = @{ seed = 7; rules = @(@{ resetBeforeProbability = 0.3 }) } }
        @{ Name = "$Cmdlet`: connection reset after commit"; Faults = @{ seed = 11; rules = @(@{ operation = $ChangeOperation[$Cmdlet]; resetAfterProbability = 0.5 }, @{ resetAfterProbability = 0.2 }) } }
        @{ Name = "$Cmdlet`: ListAccessKeys page fails"; Faults = @{ failPage = @{ operation = 'iam:ListAccessKeys'; pageNumber = 1; times = 1 } } }
    }

    # The scenario table: Name, Cmdlet, optional Faults (POST /_emulator/faults), Settings (POST settings),
    # AfterScan (a block run between scan and action), Hold (an operation held while the data clock moves), and what
    # to expect where it differs from $Expected: InAccount (only these accounts changed), Change, Add, Elsewhere (the
    # change in the accounts outside InAccount); Rerun: the command runs again without faults (a run the module ends
    # with "run again") before the comparison.
    $script:Scenarios = @(
        foreach ($cmdlet in 'Disable', 'Remove', 'Restore', 'Rotate') {
            # CreateAccessKey is never retried after an ambiguous failure: the rotation fails clean and is run again.
            foreach ($s in New-TransientScenario $cmdlet) { $s.Cmdlet = $cmdlet; $s.Rerun = $cmdlet -eq 'Rotate' -and $s.Name -match '5xx|connection reset'; $s }
            @{ Cmdlet = $cmdlet; Name = "$cmdlet`: AccessDenied in one account"
                Faults = @{ denyActions = @(@{ action = $ChangeOperation[$cmdlet]; accountId = $Members[1] }) }
                InAccount = $Members[0], $Members[2]
                # A refused CreateAccessKey leaves the rotation's marker (the next run reconciles from it), nothing else.
                Elsewhere = $(if ($cmdlet -eq 'Rotate') { @{ rotor = @{ Status = 'Active'; ModuleTag = 'rotating since=*' } } } else { @{} }) }
            @{ Cmdlet = $cmdlet; Name = "$cmdlet`: role session expires mid-run"; Hold = $ChangeOperation[$cmdlet] }
        }
        @{ Cmdlet = 'Disable'; Name = 'Disable: key used between scan and action, lag 0'; AfterScan = { Use-Key $Members[0] 'unused' }
            InAccount = $Members[1], $Members[2] }
        @{ Cmdlet = 'Disable'; Name = 'Disable: key used between scan and action, lag longer than since the use'; Settings = @{ lastUseLagMinutes = 60 }
            AfterScan = { Use-Key $Members[0] 'unused' } }
        # CreateAccessKey is never retried after an ambiguous failure (issue 10): the run fails clean, the user runs again.
        foreach ($s in New-TransientScenario 'Self') { $s.Cmdlet = 'Self'; $s.Rerun = $s.Name -match '5xx|after commit'; $s }
        @{ Cmdlet = 'Self'; Name = 'Self: AccessDenied on CreateAccessKey'; Faults = @{ denyActions = @(@{ action = 'iam:CreateAccessKey' }) }
            Change = @{ sam = @{ Status = 'Active'; ModuleTag = 'rotating since=*' } }; Add = @() }
        @{ Cmdlet = 'Self'; Name = 'Self: new key propagates late'; Settings = @{ newKeyPropagationSeconds = 3 } }
        @{ Cmdlet = 'Rotate'; Name = 'Rotate: new key propagates late'; Settings = @{ newKeyPropagationSeconds = 3 } }
    )

    function script:Use-Key([string] $Account, [string] $User) {
        $null = Get-KeyHygieneIdentity -AccessKey (KeyId $Account $User) -SecretKey (SecretOf $Account $User) -Region us-east-1 -EndpointUrl $Emulator.Url
    }

    function script:Reset-Suite {
        # Secrets of the last scenario before the reset forgets them (rotation's new secrets among them).
        foreach ($secret in Get-EmulatorSecret -Emulator $Emulator) { [void]$Secrets.Add($secret) }
        Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path reset | Out-Null
        Set-Content -Path $Credentials -Encoding utf8NoBOM -Value "[sam]`naws_access_key_id = $(KeyId $Management 'SAM')`naws_secret_access_key = $(SecretOf $Management 'sam')`n"
    }

    function script:Get-Findings([string] $Cmdlet) {
        # Restore-AccessKey takes keys by id (AccountId, UserName, AccessKeyId), as a user names the ones to undo.
        if ($Cmdlet -eq 'Restore') { return @(foreach ($id in $Members) { [pscustomobject]@{ AccountId = $id; UserName = 'undo'; AccessKeyId = KeyId $id 'UNDO' } }) }
        $user = $FindingsUser[$Cmdlet]
        $findings = @(Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Members | Get-StaleAccessKey @Aws -Policy (Get-CmdletPolicy $Cmdlet))
        if ($user) { @($findings | Where-Object UserName -EQ $user) } else { $findings }
    }
    function script:Get-CmdletPolicy([string] $Cmdlet) { if ($Cmdlet -eq 'Rotate') { $RotatePolicyPath } else { $Policy } }
    function script:Get-Arguments([string] $Cmdlet, [object[]] $Findings) { @($Findings, $Aws, (Get-CmdletPolicy $Cmdlet), $AuditPath, $Credentials) }

    # Counts the scenario in the tally and returns the comparison.
    function script:Complete-Scenario([object[]] $Expected, [object[]] $Before, [int] $FaultsInjected = 0, [switch] $NotCounted) {
        $comparison = Assert-KeyTable -Expected $Expected -Actual @(Get-EmulatorKeyTable -Emulator $Emulator) -Before $Before
        if (-not $NotCounted) { Add-FaultSuiteScenario -Tally $Tally -Emulator $Emulator -Comparison $comparison -FaultsInjected $FaultsInjected }
        $comparison
    }

    function script:Get-ScenarioExpected([hashtable] $Row, [object[]] $Before) {
        $default = $Expected[$Row.Cmdlet]
        $change = if ($Row.ContainsKey('Change')) { $Row.Change } else { $default.Change }
        $add = if ($Row.ContainsKey('Add')) { $Row.Add } else { $default.Add }
        $inAccount = if ($Row.InAccount) { $Row.InAccount } else { $Members + $Management }
        $expected = @(Get-Expected $Before $change -InAccount $inAccount -Add $add)
        # Elsewhere: what the accounts outside InAccount do (else they stay as they were).
        if ($Row.Elsewhere) { $expected = @(Get-Expected $expected $Row.Elsewhere -InAccount @($Members + $Management | Where-Object { $_ -notin $inAccount })) }
        $expected
    }

    # One command with every stream on; its text joins what the secret scan reads.
    function script:Invoke-SuiteCommand([string] $Cmdlet, [object[]] $Arguments) {
        $run = Invoke-WithAllStream -ScriptBlock $Commands[$Cmdlet] -ArgumentList $Arguments
        $Texts.AddRange([string[]]$run.AllText)
        Remove-Item $run.TranscriptPath -ErrorAction Ignore
        $run
    }

    function script:Invoke-Scenario([hashtable] $Row) {
        Reset-Suite
        if ($Row.Settings) { Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path settings -Body $Row.Settings | Out-Null }
        $before = @(Get-EmulatorKeyTable -Emulator $Emulator)
        $findings = if ($Row.Cmdlet -ne 'Self') { Get-Findings $Row.Cmdlet }
        if ($Row.AfterScan) { & $Row.AfterScan }
        if ($Row.Faults) { Set-EmulatorFault -Emulator $Emulator -Fault $Row.Faults | Out-Null }
        $arguments = Get-Arguments $Row.Cmdlet $findings
        if ($Row.Hold) {
            $run = Invoke-HeldWhileClockMoves -Row $Row -Findings $findings
        }
        else {
            $run = Invoke-SuiteCommand $Row.Cmdlet $arguments
        }
        $faults = 0
        if ($Row.Rerun) {
            $faults = Get-EmulatorFaultTotal -Emulator $Emulator
            Set-EmulatorFault -Emulator $Emulator -Clear | Out-Null
            $run = Invoke-SuiteCommand $Row.Cmdlet $arguments
        }
        $comparison = Complete-Scenario -Expected @(Get-ScenarioExpected -Row $Row -Before $before) -Before $before -FaultsInjected $faults
        Set-EmulatorFault -Emulator $Emulator -Clear | Out-Null
        [pscustomobject]@{ Comparison = $comparison; Run = $run }
    }

    # The role sessions expire while the change is held: the data clock moves past them (2 h), then the hold ends.
    function script:Invoke-HeldWhileClockMoves([hashtable] $Row, [object[]] $Findings) {
        $csv = Join-Path $Folder 'findings.csv'
        $Findings | Export-Csv -Path $csv
        Set-EmulatorFault -Emulator $Emulator -Fault @{ hold = @{ operation = $Row.Hold; phase = 'beforeCommit' } } | Out-Null
        $started = Start-FreshPwsh -Script $ChildScripts[$Row.Cmdlet] -Parameters (Get-ChildParameter $csv)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ((Invoke-EmulatorControl -Emulator $Emulator -Path faults/counts).waiting -lt 1) {
                if ($started.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The run never reached $($Row.Hold): $($started.StdErr.GetAwaiter().GetResult())" }
                Start-Sleep -Milliseconds 50
            }
            Move-EmulatorClock -Emulator $Emulator -Days (2 / 24) | Out-Null
            Invoke-EmulatorControl -Emulator $Emulator -Method POST -Path release | Out-Null
            if (-not $started.Process.WaitForExit(120000)) { throw 'The run did not end after the release.' }
            $Texts.Add($started.StdOut.GetAwaiter().GetResult()); $Texts.Add($started.StdErr.GetAwaiter().GetResult())
        }
        finally {
            if (-not $started.Process.HasExited) { $started.Process.Kill($true) }
            Remove-Item $started.ScriptFile -ErrorAction Ignore
        }
    }

    # What a killed pwsh runs: the same commands, with -Verbose -Debug (its output is scanned too).
    $preamble = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
Import-Module $p.ModuleManifest
$aws = @{ AccessKey = $p.AccessKey; SecretKey = $p.SecretKey; Region = 'us-east-1'; EndpointUrl = $p.Url }
$policy = New-KeyHygienePolicy -WarnAgeDays $p.Policy.WarnAgeDays -DisableAgeDays $p.Policy.DisableAgeDays -DeleteAgeDays $p.Policy.DeleteAgeDays
'@
    $script:ChildScripts = @{
        Disable = $preamble + "`nImport-Csv `$p.Findings | Disable-StaleAccessKey @aws -RoleName KeyHygieneAudit -Policy `$policy -Force -AuditLogPath `$p.Audit -Verbose -Debug *>&1 | Out-String -Width 200"
        Remove  = $preamble + "`nImport-Csv `$p.Findings | Remove-StaleAccessKey @aws -RoleName KeyHygieneAudit -Policy `$policy -Force -AuditLogPath `$p.Audit -Verbose -Debug *>&1 | Out-String -Width 200"
        Self    = $preamble + "`nInvoke-AccessKeyRotation -Self -ProfileName sam -ProfileLocation `$p.Credentials -Region us-east-1 -EndpointUrl `$p.Url -Force -AuditLogPath `$p.Audit -Verbose -Debug *>&1 | Out-String -Width 200"
        Restore = $preamble + "`nImport-Csv `$p.Findings | Restore-AccessKey @aws -RoleName KeyHygieneAudit -Force -AuditLogPath `$p.Audit -Verbose -Debug *>&1 | Out-String -Width 200"
        Rotate  = $preamble + "`nImport-Csv `$p.Findings | Invoke-AccessKeyRotation @aws -RoleName KeyHygieneAudit -Policy `$p.RotatePolicy -Force -AuditLogPath `$p.Audit -Verbose -Debug *>&1 | Out-String -Width 200"
    }
    function script:Get-ChildParameter([string] $Csv) {
        @{ ModuleManifest = Get-BuiltModuleManifest; AccessKey = $Emulator.AccessKeyId; SecretKey = $Emulator.SecretAccessKey; Url = $Emulator.Url
            Policy = $PolicyArgs; RotatePolicy = $RotatePolicyPath; Findings = $Csv; Audit = $AuditPath; Credentials = $Credentials }
    }

    # Scenarios that expose a bug not fixed yet: they run, are not counted, and are reported pending (skipped, with the reason and what they saw)
    # (and fail once they pass, so the entry is removed with the fix).
    $script:Pending = @{}

    # What a kill scenario needs before its run, by the operation held. PutSecretValue: rotor in the first member account
    # was rotated before, so its secret exists with a version holding the key now being rotated out.
    $script:KillSetup = @{ 'secretsmanager:PutSecretValue' = { Add-EarlierRotationSecret $Members[0] } }
    function script:Add-EarlierRotationSecret([string] $Account) {
        $oldKey = KeyId $Account 'ROTOR'
        $value = @{ AccessKeyId = $oldKey; SecretAccessKey = 'earlier/rotation/placeholder'.PadRight(40, 'x') } | ConvertTo-Json -Compress
        $null = Invoke-MemberSecretsManager -Emulator $Emulator -AccountId $Account -Operation CreateSecret `
            -Body @{ Name = "iam-user/$Account/rotor"; SecretString = $value; ClientRequestToken = "keyhygiene-rotation-$oldKey" }
    }

    # A real kill while the emulator holds -Operation ('iam:TagUser#2': its second request), then a re-run (every
    # stream on) that must converge.
    function script:Invoke-KillScenario([string] $Cmdlet, [string] $Operation, [string] $Phase, [switch] $NotCounted) {
        Reset-Suite
        if ($KillSetup[$Operation]) { & $KillSetup[$Operation] }
        $before = @(Get-EmulatorKeyTable -Emulator $Emulator)
        $findings = if ($Cmdlet -ne 'Self') { Get-Findings $Cmdlet | Where-Object AccountId -EQ $Members[0] }
        $csv = Join-Path $Folder 'findings.csv'
        if ($findings) { $findings | Export-Csv -Path $csv }
        $faults = 0
        $kills = @(@{ Operation = $Operation; Phase = $Phase })
        foreach ($kill in $kills) {
            $name, $nth = $kill.Operation -split '#'
            $skip = if ($nth) { [int]$nth - 1 } else { 0 }
            $killed = Invoke-KilledRun -Emulator $Emulator -Script $ChildScripts[$Cmdlet] -Operation $name -Phase $kill.Phase -Skip $skip -Parameters (Get-ChildParameter $csv)
            $Texts.Add($killed.StdOut); $Texts.Add($killed.StdErr)
            $faults += Get-EmulatorFaultTotal -Emulator $Emulator
            Set-EmulatorFault -Emulator $Emulator -Clear | Out-Null
        }
        $null = Invoke-SuiteCommand $Cmdlet (Get-Arguments $Cmdlet $findings)
        $expected = Get-ScenarioExpected -Row @{ Cmdlet = $Cmdlet; InAccount = $(if ($Cmdlet -eq 'Self') { $Management } else { $Members[0] }) } -Before $before
        $comparison = Complete-Scenario -Expected @($expected) -Before $before -FaultsInjected $faults -NotCounted:$NotCounted
        if ($Cmdlet -eq 'Rotate') { Assert-NoThirdKeyAttempt -Runs ($kills.Count + 1) }
        $comparison
    }

    # Each rotated rotor's secret holds its new Active key, and that key authenticates as rotor (read by the test's own
    # client: a lost secret would be an Active key nobody holds). The secret stays out of every message.
    function script:Assert-RotationStored([string[]] $InAccount) {
        foreach ($id in $InAccount) {
            $newKey = @(Get-EmulatorKeyTable -Emulator $Emulator -AccountId $id | Where-Object { $_.UserName -eq 'rotor' -and $_.AccessKeyId -ne (KeyId $id 'ROTOR') })
            $newKey.Count | Should -Be 1 -Because "rotor in $id has one successor"
            $stored = Get-StoredRotationKey -Emulator $Emulator -AccountId $id -SecretId "iam-user/$id/rotor"
            $stored | Should -Not -BeNullOrEmpty -Because "the successor of rotor in $id is stored"
            $stored.AccessKeyId | Should -Be $newKey[0].AccessKeyId -Because "the secret of rotor in $id holds its new key"
            $identity = Get-KeyHygieneIdentity -AccessKey $stored.AccessKeyId -SecretKey $stored.SecretAccessKey -Region us-east-1 -EndpointUrl $Emulator.Url -ErrorAction Stop
            $identity.Arn | Should -Be "arn:aws:iam::$id`:user/rotor" -Because 'the stored key authenticates as its user'
        }
    }

    # IAM's two-key quota would refuse a third key: at most one CreateAccessKey per run (each run makes one key at most).
    function script:Assert-NoThirdKeyAttempt([int] $Runs) {
        $calls = (Invoke-EmulatorControl -Emulator $Emulator -Path calls).byAccount.($Members[0]).'iam:CreateAccessKey'
        [int]$calls | Should -BeLessOrEqual $Runs -Because 'no run tries a key beyond the successor'
    }

    # The credentials file must hold the one Active key of sam after a rotation (else the user lost access).
    function script:Assert-ProfileHoldsActiveKey {
        $fileKey = ((Get-Content $Credentials | Where-Object { $_ -match '^aws_access_key_id' }) -split '=\s*')[1].Trim()
        $active = @(Get-EmulatorKeyTable -Emulator $Emulator -AccountId $Management | Where-Object { $_.UserName -eq 'sam' -and $_.Status -eq 'Active' })
        $active.AccessKeyId | Should -Be @($fileKey) -Because 'the profile must hold the Active key'
    }
}

AfterAll {
    if ($script:Emulator) { $script:Emulator.Stop() }
    Remove-Item $script:ScenarioPath, $script:RotatePolicyPath -ErrorAction Ignore
    Remove-Item $script:Folder -Recurse -Force -ErrorAction Ignore
}

Describe 'Fault suite' {
    It '<_>' -ForEach $ScenarioNames {
        $name = $_
        $row = @($Scenarios | Where-Object { $_.Name -eq $name })[0]
        $row | Should -Not -BeNullOrEmpty
        $result = Invoke-Scenario $row
        $result.Comparison.WrongActions | Should -Be 0 -Because "$($result.Comparison)"
        $result.Comparison.LostKeys | Should -Be 0 -Because "$($result.Comparison)"
        $result.Comparison.Matches | Should -BeTrue -Because "$($result.Comparison)"
        if ($row.Cmdlet -eq 'Self' -and -not $row.Change) { Assert-ProfileHoldsActiveKey }
        if ($row.Cmdlet -eq 'Rotate') { Assert-RotationStored $(if ($row.InAccount) { $row.InAccount } else { $Members }) }
    }

    It '<_>' -ForEach $KillNames {
        $words = $_ -split ' '
        $pending = $Pending[$_]
        $cmdlet = $words[0].TrimEnd(':')
        $comparison = Invoke-KillScenario -Cmdlet $cmdlet -Operation $words[3] -Phase $(if ($words.Count -gt 4) { $words[4] } else { 'beforeCommit' }) -NotCounted:([bool]$pending)
        if ($pending) {
            $comparison.Matches | Should -BeFalse -Because 'a pending scenario that passes is fixed: remove it from $Pending'
            Set-ItResult -Skipped -Because "pending: $pending ($comparison)"
            return
        }
        $comparison.WrongActions | Should -Be 0 -Because "$comparison"
        $comparison.LostKeys | Should -Be 0 -Because "$comparison"
        $comparison.Matches | Should -BeTrue -Because "$comparison"
        if ($cmdlet -eq 'Self') { Assert-ProfileHoldsActiveKey }
        if ($cmdlet -eq 'Rotate') { Assert-RotationStored $Members[0] }
    }

    It 'leaks no secret the emulator issued into any stream, transcript, output or audit log' {
        Reset-Suite
        $Secrets.Count | Should -BeGreaterThan 10
        $Texts.Count | Should -BeGreaterThan 0
        $leaks = @(Find-LeakedSecret -Secrets @($Secrets) -Text @($Texts) -Path @(Get-ChildItem $Folder -Filter 'audit*' | ForEach-Object FullName))
        $leaks | Should -BeNullOrEmpty -Because ($leaks | Out-String)
    }

    It 'prints its duration and the summary line' {
        $line = Format-FaultSuiteSummary -Tally $Tally
        $seconds = [Math]::Round($Tally.Stopwatch.Elapsed.TotalSeconds)
        Write-Host $line
        Write-Host "fault suite duration: $seconds s; pending (not counted): $($Pending.Count)"
        $Tally.Scenarios | Should -Be ($ScenarioNames.Count + $KillNames.Count - $Pending.Count)
        $Tally.WrongActions | Should -Be 0
        $Tally.LostKeys | Should -Be 0
        $Tally.FaultsInjected | Should -BeGreaterThan $Tally.Scenarios
    }
}
