# The local audit log shared by processes: two runbooks (two real processes, not threads) appending to one file at
# once. Each process loads the built engine from out/ and appends through AuditLogs.Open, as the cmdlets do; both wait
# on one start signal so their appends overlap. Every line must come out whole, none lost, none interleaved.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # One writer process: -Parameters { Engine, Path, RunId, Count, Ready, Go }. Lines are longer than FileStream's
    # 4 KB buffer, so a line torn or overwritten by the other process would show.
    $script:Writer = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
$null = [Reflection.Assembly]::LoadFrom($p.Engine)
$log = [IamKeyHygiene.Engine.Records.AuditLogs]::Open($p.Path, [IamKeyHygiene.Engine.Records.AuditLogConnection]::None, $p.RunId)
try {
    Set-Content -LiteralPath $p.Ready -Value 'ready'
    while (-not (Test-Path -LiteralPath $p.Go)) { Start-Sleep -Milliseconds 10 }
    $padding = "$($p.RunId) " * 700
    for ($i = 0; $i -lt $p.Count; $i++) {
        $record = [IamKeyHygiene.Engine.Records.AuditRecord]::new()
        $record.Time = [DateTimeOffset]::UtcNow
        $record.RunId = $p.RunId
        $record.AccountId = '111122223333'
        $record.UserName = 'writer'
        $record.AccessKeyId = 'AKIA{0}{1:D6}' -f $p.RunId.ToUpperInvariant(), $i
        $record.Action = 'Disable'
        $record.Phase = 'intent'
        $record.Reason = $padding
        $log.Append($record)
    }
}
finally { $log.Dispose() }
'@
}

Describe 'The local audit log with two processes appending at once' {
    BeforeAll {
        $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-audit-processes-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory -Path $Folder | Out-Null
        $script:Path = Join-Path $Folder 'audit.jsonl'
        $script:Count = 400
        $engine = Join-Path (Get-BuiltModuleFolder) 'deps/IamKeyHygiene.Engine.dll'
        $go = Join-Path $Folder 'go'
        $started = foreach ($runId in 'runa', 'runb') {
            Start-FreshPwsh -Script $Writer -Parameters @{ Engine = $engine; Path = $Path; RunId = $runId; Count = $Count; Ready = (Join-Path $Folder "$runId.ready"); Go = $go }
        }
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while (@(Get-ChildItem $Folder -Filter '*.ready').Count -lt 2) {
                if (@($started.Process | Where-Object HasExited).Count -gt 0 -or [DateTime]::UtcNow -gt $deadline) { break }
                Start-Sleep -Milliseconds 20
            }
            Set-Content -LiteralPath $go -Value 'go'
            foreach ($run in $started) { if (-not $run.Process.WaitForExit(300000)) { throw 'A writer did not finish.' } }
            $script:Exits = @($started | ForEach-Object { [pscustomobject]@{ Code = $_.Process.ExitCode; StdErr = $_.StdErr.GetAwaiter().GetResult() } })
        }
        finally {
            foreach ($run in $started) { if (-not $run.Process.HasExited) { $run.Process.Kill($true) }; Remove-Item $run.ScriptFile -ErrorAction Ignore }
        }
        $script:Text = [IO.File]::ReadAllText($Path, [Text.UTF8Encoding]::new($false))
        $script:Lines = @($Text.TrimEnd("`n") -split "`n")
        $script:Records = @(foreach ($line in $Lines) { try { $line | ConvertFrom-Json -ErrorAction Stop } catch { $null } })
    }

    AfterAll { Remove-Item $script:Folder -Recurse -Force -ErrorAction Ignore }

    It 'both writers ran to the end' {
        foreach ($exit in $Exits) { $exit.Code | Should -Be 0 -Because $exit.StdErr }
    }

    It 'keeps every line whole: each one record, ending in a newline' {
        $Text | Should -Match "`n\z"
        @($Records | Where-Object { $null -eq $_ }).Count | Should -Be 0 -Because 'a line that is not one JSON record was torn or interleaved'
        $Lines.Count | Should -Be (2 * $Count)
    }

    It 'loses no line: each writer''s lines all there, in the order it wrote them' {
        foreach ($runId in 'runa', 'runb') {
            $ids = @($Records | Where-Object RunId -EQ $runId | ForEach-Object AccessKeyId)
            $expected = @(0..($Count - 1) | ForEach-Object { 'AKIA{0}{1:D6}' -f $runId.ToUpperInvariant(), $_ })
            ($ids -join ',') | Should -Be ($expected -join ',')
        }
    }

    It 'had the two processes really append at the same time (their lines alternate in the file)' {
        $switches = 0
        for ($i = 1; $i -lt $Records.Count; $i++) { if ($Records[$i].RunId -ne $Records[$i - 1].RunId) { $switches++ } }
        $switches | Should -BeGreaterThan 2 -Because 'a file written by one process after the other proves nothing about two at once'
    }
}
