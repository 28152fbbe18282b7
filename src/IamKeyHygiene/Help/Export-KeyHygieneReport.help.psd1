@{
    Synopsis    = 'Writes findings as a self-contained HTML report, a CSV file, or AWS Security Finding Format (ASFF) JSON for Security Hub.'
    Links       = @(
        'Get-StaleAccessKey'
        'about_IamKeyHygiene'
        'about_IamKeyHygiene_Errors'
        @{ Text = 'AWS Security Hub: AWS Security Finding Format (ASFF)'; Uri = 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html' }
        @{ Text = 'AWS Security Hub: BatchImportFindings'; Uri = 'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html' }
        @{ Text = 'AWS Security Hub: IAM controls (IAM.3, IAM.4, IAM.8)'; Uri = 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html' }
    )
    Description = @'
Export-KeyHygieneReport collects the findings piped in (AccessKeyFinding objects from Get-StaleAccessKey, or any objects with their properties, such as Import-Csv rows) and, when the input ends, writes one report to -Path. Nothing is written for a pipeline that fails before its end. The file is written whole (a temporary file, then moved over -Path).

Html: one file that loads nothing: inline CSS and inline SVG, no script and no URL, and a Content-Security-Policy meta tag (default-src 'none') so a browser makes no network request when it opens it. It shows the keys per stage, a trend chart of the keys per stage across the runs of the run history given with -HistoryPath (one line per stage, oldest run left), a table with one row per account and its keys per stage, and every key, nearest its next stage first (by NextStageDate; keys with none, such as root keys and read errors, after them, most urgent first). Every value is HTML-encoded.

Csv: one row per finding in the same order, with a fixed header (docs/reports.md lists the columns; new columns only ever go last). Fields are quoted as RFC 4180 says, times are ISO-8601 UTC, lists are joined with ';'. A field starting with = + - or @ gets a leading apostrophe so a spreadsheet shows it as text.

Asff: a JSON array of findings for Security Hub's BatchImportFindings (aws securityhub batch-import-findings --findings file://PATH), at most 100 per file (the API's limit): with more, NAME-001.json, NAME-002.json… beside -Path. The API also takes at least one: with nothing to import (no control fails and nothing failed in the earlier export) no file is written, the earlier export is removed, and -Verbose says so. One finding per failed control per key, with Id <account>/<accessKeyId>/<control>, the same on every export, so a later import updates it: IAM.3 (an Active key 90 or more days old), IAM.8 (an Active key unused, or never used, for 90 or more days) and IAM.4 (a root user access key, Id <account>/root/IAM.4). The controls are judged at their own 90 days, not at the policy's thresholds; the key's stage, reasons and next stage are in ProductFields. Before writing, the earlier export at -Path (and its numbered files) is read: a finding it held as FAILED whose key now passes, or is gone from an account this export covers, is written again with Compliance PASSED and RecordState ARCHIVED, so Security Hub resolves it. Pipe -IncludeHealthy findings, or every account's findings, so that keys that recovered are seen. ProductArn is arn:aws:securityhub:<region>:<account>:product/<account>/default, with the region resolved as for any AWS call (-Region first): BatchImportFindings takes a finding with this ProductArn only from its own account (AwsAccountId), so import each account's findings with that account's credentials. -AsOf preview findings are left out with a warning.

A file that cannot be written is a terminating ReportUnwritable error; a run history that cannot be read is RunHistoryUnavailable. See about_IamKeyHygiene_Errors.
'@
    Parameters  = @{
        InputObject = 'Findings from Get-StaleAccessKey (with -IncludeHealthy for a full picture), or objects with their properties (Import-Csv rows, ConvertFrom-Json output); AccountId and UserName are required, as for the action cmdlets.'
        Format      = 'Html, Csv or Asff. Default: Html.'
        Path        = 'The file to write, replaced when it exists; folders are made as needed. With -Format Asff and more than 100 findings, NAME-001.json, NAME-002.json… beside it instead, and the earlier export at this path is what findings are resolved against.'
        HistoryPath = 'The run history the HTML trend is drawn from: a local JSON-lines file or an s3://bucket/prefix URI (docs/records.md). Without it the report has no trend. Lines torn by a killed writer are skipped with a warning.'
        PassThru    = 'Writes a FileInfo for each file written (none for an Asff export with nothing to import). Without it the cmdlet writes nothing to the pipeline.'
    }
    Examples    = @(
        @{
            Title   = 'An HTML report of every key, with the trend of the daily runs'
            Code    = 'Get-StaleAccessKey -IncludeHealthy | Export-KeyHygieneReport -Path ./report.html -HistoryPath ./history/runs.jsonl'
            Remarks = 'Open report.html in any browser: it needs no network. The trend has one point per run in the history.'
        }
        @{
            Title   = 'A CSV of the findings for a spreadsheet'
            Code    = 'Get-StaleAccessKey | Export-KeyHygieneReport -Format Csv -Path ./findings.csv -PassThru'
            Remarks = 'Returns the FileInfo of findings.csv. Import-Csv ./findings.csv | Export-KeyHygieneReport -Path ./report.html makes the HTML report from it later.'
        }
        @{
            Title   = 'Security Hub findings that resolve themselves'
            Code    = @'
Get-OrganizationAccount -RoleName KeyHygieneAudit | Get-StaleAccessKey -IncludeHealthy |
    Export-KeyHygieneReport -Format Asff -Path ./asff/findings.json -Region us-east-1 -PassThru |
    ForEach-Object { aws securityhub batch-import-findings --findings "file://$($_.FullName)" --region us-east-1 }
'@
            Remarks = 'Run daily against the same -Path: keys that were failing IAM.3 or IAM.8 and now pass are exported ARCHIVED with Compliance PASSED, so their Security Hub findings close. On a day with nothing to import no file is written and nothing is imported.'
        }
    )
    Outputs     = @{
        'System.IO.FileInfo' = 'With -PassThru, each file written.'
    }
    Notes       = 'Reads no AWS data but the run history when -HistoryPath is an s3:// URI (s3:ListBucket and s3:GetObject on its prefix). ASFF files are imported with securityhub:BatchImportFindings, which this cmdlet does not call.'
}
