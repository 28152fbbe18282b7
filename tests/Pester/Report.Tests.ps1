# Export-KeyHygieneReport (issue 12) on the built module against the emulator: Get-StaleAccessKey piped into HTML, CSV and
# ASFF files; a CSV read back into a report; a later ASFF export resolving a key that is gone; the errors.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScanTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    $script:Role = 'KeyHygieneAudit'
    $script:Member = '222222222201'
    $script:OddName = 'svc+build=ci,x.y@z_w-v'
    $users = @(
        New-ScanUser 'stale' @(New-ScanKey 95.5 1 'Active' 'AKIAREPORTSTALE00001')
        New-ScanUser 'warned' @(New-ScanKey 85.5 1 'Active' 'AKIAREPORTWARNED0001')
        New-ScanUser $OddName @(New-ScanKey 120.5 100 'Active' 'AKIAREPORTODDNAME001')
        New-ScanUser 'fresh' @(New-ScanKey 10.5 1 'Active' 'AKIAREPORTFRESH00001')
    )
    $script:ScenarioPath = Save-ScanScenario (New-ScanScenario -Accounts @(New-ScanAccount $Member 'member' $users))
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-report-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $Folder
    $script:Emulator = Start-Emulator -Scenario $ScenarioPath
    $script:Aws = Get-EmulatorAws $Emulator

    # Three daily runs in the run history's format (docs/records.md), oldest last in the file: the reader sorts them.
    $script:HistoryPath = Join-Path $Folder 'runs.jsonl'
    @(
        '{"runId":"run-3","start":"2026-11-03T09:00:00Z","end":"2026-11-03T09:05:00Z","stages":{"Healthy":1,"Disable":2},"outcomes":{},"errors":[],"accounts":[]}'
        '{"runId":"run-1","start":"2026-11-01T09:00:00Z","end":"2026-11-01T09:05:00Z","stages":{"Healthy":1,"Disable":9},"outcomes":{},"errors":[],"accounts":[]}'
        '{"runId":"run-2","start":"2026-11-02T09:00:00Z","end":"2026-11-02T09:05:00Z","stages":{"Healthy":1,"Disable":5},"outcomes":{},"errors":[],"accounts":[]}'
    ) | Set-Content -Path $HistoryPath

    $script:Findings = @(Get-OrganizationAccount @Aws -RoleName $Role -AccountId $Member | Get-StaleAccessKey @Aws -IncludeHealthy)
}

AfterAll {
    if ($script:Emulator) { Stop-Emulator $script:Emulator }
    Remove-Item $script:ScenarioPath -ErrorAction SilentlyContinue
    Remove-Item $script:Folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-StaleAccessKey | Export-KeyHygieneReport' {
    It 'starts from four findings of one account' {
        $Findings.Count | Should -Be 4
        ($Findings | Where-Object UserName -eq 'stale').Stage | Should -Be 'Disable'
    }

    It 'writes one self-contained HTML file with the stage counts, the trend of the history and the tables, and -PassThru gives its FileInfo' {
        $path = Join-Path $Folder 'report.html'
        $file = $Findings | Export-KeyHygieneReport -Path $path -HistoryPath $HistoryPath -PassThru

        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be $path
        $html = Get-Content -Raw $path
        $html | Should -Match '<svg id="trend-chart"'
        $html | Should -Match '<title>Disable: 9 on 2026-11-01 \(run run-1\)</title>'
        $html | Should -Match '<table id="stage-counts">'
        $html | Should -Match '<table id="account-table">'
        $html | Should -Match '<table id="key-table">'
        $html | Should -Match ([regex]::Escape("<td>$OddName</td>"))
        $html | Should -Match "default-src 'none'"
        $html | Should -Not -Match 'https?:'
    }

    It 'writes nothing to the pipeline without -PassThru' {
        $output = @($Findings | Export-KeyHygieneReport -Path (Join-Path $Folder 'quiet.html'))
        $output.Count | Should -Be 0
        Join-Path $Folder 'quiet.html' | Should -Exist
    }

    It 'writes a CSV with the documented columns, nearest the next stage first, that reads back into a report' {
        $path = Join-Path $Folder 'findings.csv'
        $Findings | Export-KeyHygieneReport -Format Csv -Path $path

        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be 4
        ($rows[0].PSObject.Properties.Name -join ',') | Should -Be 'AccountId,AccountName,UserName,UserPath,AccessKeyId,Status,Stage,ExemptFromStage,Reasons,AgeDays,DaysSinceLastUse,CreateDate,LastUsedDate,NextStage,NextStageDate,Owner,Urgency,FailedControls,EvaluatedAt'
        $rows[0].UserName | Should -Be 'warned'
        ($rows | Where-Object UserName -eq $OddName).FailedControls | Should -Be 'IAM.3;IAM.8'

        $again = $rows | Export-KeyHygieneReport -Path (Join-Path $Folder 'from-csv.html') -PassThru
        Get-Content -Raw $again.FullName | Should -Match ([regex]::Escape("<td>$OddName</td>"))
    }

    It 'writes ASFF findings with stable ids, and a later export archives the key that is gone' {
        $path = Join-Path $Folder 'asff/findings.json'
        $Findings | Export-KeyHygieneReport -Format Asff -Path $path @Aws
        $first = Get-Content -Raw $path | ConvertFrom-Json
        @($first.Id) | Should -Be @("$Member/AKIAREPORTODDNAME001/IAM.3", "$Member/AKIAREPORTODDNAME001/IAM.8", "$Member/AKIAREPORTSTALE00001/IAM.3")
        @($first.ProductArn | Select-Object -Unique) | Should -Be "arn:aws:securityhub:us-east-1:${Member}:product/$Member/default"

        # The stale key's owner rotated it and deleted it: the next scan of the account no longer lists it.
        $later = @($Findings | Where-Object AccessKeyId -ne 'AKIAREPORTSTALE00001')
        $later | Export-KeyHygieneReport -Format Asff -Path $path @Aws
        $second = Get-Content -Raw $path | ConvertFrom-Json
        $resolved = $second | Where-Object Id -eq "$Member/AKIAREPORTSTALE00001/IAM.3"
        $resolved.RecordState | Should -Be 'ARCHIVED'
        $resolved.Compliance.Status | Should -Be 'PASSED'
        ($second | Where-Object Id -eq "$Member/AKIAREPORTODDNAME001/IAM.3").RecordState | Should -Be 'ACTIVE'
    }
}

Describe 'Export-KeyHygieneReport errors' {
    It 'stops with ReportUnwritable when the file cannot be written' {
        $blocker = Join-Path $Folder 'a-file'
        Set-Content -Path $blocker -Value ''
        { $Findings | Export-KeyHygieneReport -Path (Join-Path $blocker 'report.html') } |
            Should -Throw -ErrorId 'ReportUnwritable,IamKeyHygiene.Commands.ExportKeyHygieneReportCommand'
    }

    It 'stops with NotAFinding for input that is not a finding' {
        { [pscustomobject]@{ Name = 'x' } | Export-KeyHygieneReport -Path (Join-Path $Folder 'x.html') } |
            Should -Throw -ErrorId 'NotAFinding,IamKeyHygiene.Commands.ExportKeyHygieneReportCommand'
    }

    It 'stops with RunHistoryUnavailable when the history does not exist' {
        { $Findings | Export-KeyHygieneReport -Path (Join-Path $Folder 'y.html') -HistoryPath (Join-Path $Folder 'none.jsonl') } |
            Should -Throw -ErrorId 'RunHistoryUnavailable,IamKeyHygiene.Commands.ExportKeyHygieneReportCommand'
    }
}
