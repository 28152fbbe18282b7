# The demo's eight simulated weeks (issue 12, build.ps1 -Task Demo): samples/emulator/Invoke-DemoWeeks.ps1 run whole, as
# the demo runs it, on the built module and the emulator. Warnings, disables, deletions and owners' rotations all
# happen; day 1 shows the circuit breaker stopping the run and the explicit -MaxDisable override; Security Hub IAM.3
# detections (Active keys 90 days old or older, read from the emulator) fall to zero by the last day; the run history
# holds one line a run (day 1's stopped run too) and the HTML report its trend chart; every day's line fits 120 columns.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-demo-weeks-$([guid]::NewGuid().ToString('n'))"
    $script:SavedOffset = $env:IAMKEYHYGIENE_CLOCK_OFFSET

    $demo = Join-Path $PSScriptRoot '../../samples/emulator/Invoke-DemoWeeks.ps1'
    # Host lines (the day lines) come on the information stream; the -PassThru object last.
    $all = & $demo -OutputFolder $Folder -Module (Get-BuiltModuleManifest) -PassThru 6>&1
    $script:Lines = @($all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
    $script:Result = $all | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] } | Select-Object -Last 1
    $script:Days = @($Result.Days)
}

AfterAll {
    Remove-Item $script:Folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Eight simulated weeks of daily runs (Invoke-DemoWeeks.ps1)' {
    It 'plays 56 days, one run each, and leaves the module clock as it was' {
        $Days.Count | Should -Be 56
        $Days.Day | Should -Be (1..56)
        # One run-history line a run: day 1's stopped run too.
        @(Get-Content $Result.HistoryPath).Count | Should -Be 57
        $env:IAMKEYHYGIENE_CLOCK_OFFSET | Should -Be $SavedOffset
        # One simulated day between runs, on the module's clock.
        ($Days[-1].Date - $Days[0].Date).TotalDays | Should -BeGreaterOrEqual 55
        ($Days[-1].Date - $Days[0].Date).TotalDays | Should -BeLessThan 56
    }

    It 'stops day 1 at the circuit breaker, then disables every key past 90 days with the explicit override' {
        $Days[0].BreakerTripped | Should -BeTrue
        $Days[0].Iam3 | Should -BeGreaterThan 25
        $Days[0].Disabled | Should -Be $Days[0].Iam3
        $Lines | Should -Contain "> Invoke-KeyHygiene … -Mode Enforce -MaxDisable $($Days[0].Iam3)"
        @($Days | Select-Object -Skip 1 | Where-Object BreakerTripped).Count | Should -Be 0
    }

    It 'warns, disables, deletes, notifies, and owners rotate, within the eight weeks' {
        @($Days | Where-Object { $_.Stages['Warn'] -gt 0 }).Count | Should -BeGreaterThan 0
        # Disables after day 1: keys whose owners ignored their notices, on the day each turned 90.
        ($Days | Select-Object -Skip 1 | Measure-Object Disabled -Sum).Sum | Should -BeGreaterThan 0
        ($Days | Measure-Object Deleted -Sum).Sum | Should -BeGreaterThan 0
        ($Days | Measure-Object Rotated -Sum).Sum | Should -BeGreaterThan 0
        @($Days | Where-Object Notices -EQ 0).Count | Should -Be 0
        # Deletions come after the recovery window for keys the demo disabled on day 1.
        @($Days | Where-Object { $_.Day -gt 10 -and $_.Deleted -gt 0 }).Count | Should -BeGreaterThan 0
        $audit = @(Get-Content $Result.AuditLogPath | ConvertFrom-Json)
        @($audit | Where-Object { $_.action -eq 'Disable' -and $_.phase -eq 'outcome' }).Count | Should -Be ($Days | Measure-Object Disabled -Sum).Sum
        @($audit | Where-Object { $_.action -eq 'Delete' -and $_.phase -eq 'outcome' }).Count | Should -Be ($Days | Measure-Object Deleted -Sum).Sum
    }

    It 'brings Security Hub IAM.3 detections to zero by the last day' {
        $Days[-1].Iam3 | Should -Be 0
        $Result.FinalIam3 | Should -Be 0
        $Days[-1].Stages['Disable'] | Should -BeNullOrEmpty
    }

    It 'writes the HTML report with the trend of the 57 runs and prints where it is' {
        Test-Path $Result.ReportPath | Should -BeTrue
        $html = Get-Content -Raw $Result.ReportPath
        $html | Should -Match 'id="trend-chart"'
        $html | Should -Match '57 run\(s\)'
        $Lines | Should -Contain "HTML report: $($Result.ReportPath)"
    }

    It 'prints one line per day that fits 120 columns, and no run has an error' {
        $dayLines = @($Lines | Where-Object { $_ -match '^\s*\d+  \d{4}-\d\d-\d\d ' })
        $dayLines.Count | Should -Be 56
        @($dayLines + @($Lines | Where-Object { $_ -like 'day  date*' }) | Where-Object { $_.Length -gt 120 }) | Should -BeNullOrEmpty
        @($Days | Where-Object Errors -GT 0) | Should -BeNullOrEmpty
        foreach ($run in Get-Content $Result.HistoryPath | ConvertFrom-Json) { @($run.errors) | Should -BeNullOrEmpty }
    }
}
