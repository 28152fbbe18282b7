<#
.SYNOPSIS
IamKeyHygiene's sharded run on Azure Automation: one child job of Invoke-KeyHygieneRunbook per shard, then one merge job.

.DESCRIPTION
Az.Automation's Start-AzAutomationRunbook starts a child job per shard (KeyHygiene-Shards: the root id and every
top-level OU id, comma-separated), at most KeyHygiene-MaxConcurrency at a time; when every shard job has completed,
one more job merges the day's findings and acts. A failed shard stops the run before the merge, so nothing is changed
on partial data. The parent signs in to Azure with the Automation account's managed identity (it needs the
"Automation Job Operator" role on the Automation account); AWS sees only the child jobs.

Automation variables: KeyHygiene-AutomationAccount, KeyHygiene-ResourceGroup, KeyHygiene-Shards,
KeyHygiene-MaxConcurrency (default 4), and the child runbook's own (Invoke-KeyHygieneRunbook.ps1).
#>
#Requires -Version 7.0
param(
    [string] $ChildRunbookName = 'Invoke-KeyHygieneRunbook',
    [ValidateRange(5, 3600)] [int] $PollSeconds = 30
)
$ErrorActionPreference = 'Stop'
Connect-AzAccount -Identity | Out-Null

$automation = @{
    AutomationAccountName = Get-AutomationVariable -Name 'KeyHygiene-AutomationAccount'
    ResourceGroupName     = Get-AutomationVariable -Name 'KeyHygiene-ResourceGroup'
}
$shards = @((Get-AutomationVariable -Name 'KeyHygiene-Shards') -split ',' | ForEach-Object Trim | Where-Object { $_ })
$maxConcurrency = [int](Get-AutomationVariable -Name 'KeyHygiene-MaxConcurrency')
if ($maxConcurrency -lt 1) { $maxConcurrency = 4 }
$runDate = [DateTime]::UtcNow.ToString('yyyy-MM-dd')
$terminal = 'Completed', 'Failed', 'Stopped', 'Suspended'

function Wait-ChildJob([object[]] $Jobs) {
    while ($true) {
        $states = @($Jobs | ForEach-Object { Get-AzAutomationJob @automation -Id $_.JobId })
        if (@($states | Where-Object { $_.Status -notin $terminal }).Count -eq 0) { return $states }
        Start-Sleep -Seconds $PollSeconds
    }
}

$done = [System.Collections.Generic.List[object]]::new()
for ($i = 0; $i -lt $shards.Count; $i += $maxConcurrency) {
    $batch = @($shards[$i..([Math]::Min($i + $maxConcurrency, $shards.Count) - 1)] | ForEach-Object {
            Start-AzAutomationRunbook @automation -Name $ChildRunbookName -Parameters @{ Shard = $_ }
        })
    foreach ($job in Wait-ChildJob $batch) { $done.Add($job) }
}

$failed = @($done | Where-Object Status -ne 'Completed')
if ($failed.Count) {
    throw "$($failed.Count) of $($shards.Count) shard jobs did not complete ($(@($failed | ForEach-Object { "$($_.JobId) $($_.Status)" }) -join ', ')); no merge, nothing changed."
}
$merge = Wait-ChildJob @(Start-AzAutomationRunbook @automation -Name $ChildRunbookName -Parameters @{ MergeDate = $runDate })
if ($merge[0].Status -ne 'Completed') { throw "The merge job $($merge[0].JobId) ended $($merge[0].Status)." }
[pscustomobject]@{ RunDate = $runDate; Shards = $shards.Count; ShardJobs = @($done.JobId); MergeJob = $merge[0].JobId }
