#Requires -Version 7.0
# What an Azure Automation sandbox provides and this machine lacks, for running the sample runbooks in tests:
# Get-AutomationVariable (Automation's own asset cmdlet) and the three Az cmdlets the fan-out parent calls. Variables
# come from the JSON file named by IKH_AUTOMATION_VARIABLES; started jobs are appended as JSON lines to the file named
# by IKH_AUTOMATION_JOBS and end Completed, or Failed when their Shard parameter is in IKH_AUTOMATION_FAILING_SHARDS.

Set-StrictMode -Version Latest
$script:Jobs = @{}

function Get-AutomationVariable {
    param([Parameter(Mandatory)] [string] $Name)
    $variables = Get-Content -Raw $env:IKH_AUTOMATION_VARIABLES | ConvertFrom-Json -AsHashtable
    if (-not $variables.ContainsKey($Name)) { throw "Variable asset '$Name' not found." }
    $variables[$Name]
}

function Connect-AzAccount {
    param([switch] $Identity)
    if (-not $Identity) { throw 'The shim signs in with -Identity only, as a runbook with a managed identity does.' }
    [pscustomobject]@{ Context = [pscustomobject]@{ Account = 'managed-identity' } }
}

function Start-AzAutomationRunbook {
    param([string] $AutomationAccountName, [string] $ResourceGroupName, [string] $Name, [hashtable] $Parameters = @{})
    $failing = @("$env:IKH_AUTOMATION_FAILING_SHARDS" -split ',' | Where-Object { $_ })
    $job = [pscustomobject]@{ JobId = [guid]::NewGuid(); RunbookName = $Name; Parameters = $Parameters; Status = 'New'
        EndStatus = if ($Parameters.ContainsKey('Shard') -and $Parameters.Shard -in $failing) { 'Failed' } else { 'Completed' }
        Running = @($script:Jobs.Values | Where-Object Status -eq 'Running').Count + 1 }
    $script:Jobs[$job.JobId] = $job
    Add-Content -LiteralPath $env:IKH_AUTOMATION_JOBS -Value ([ordered]@{ runbook = $Name; account = $AutomationAccountName; resourceGroup = $ResourceGroupName
            parameters = $Parameters; runningAtStart = $job.Running } | ConvertTo-Json -Compress)
    $job.Status = 'Running'
    [pscustomobject]@{ JobId = $job.JobId; Status = 'New' }
}

function Get-AzAutomationJob {
    param([string] $AutomationAccountName, [string] $ResourceGroupName, [guid] $Id)
    $job = $script:Jobs[$Id]
    $job.Status = $job.EndStatus
    [pscustomobject]@{ JobId = $job.JobId; Status = $job.Status }
}

Export-ModuleMember -Function Get-AutomationVariable, Connect-AzAccount, Start-AzAutomationRunbook, Get-AzAutomationJob
