<#
.SYNOPSIS
IamKeyHygiene's daily run as an Azure Automation runbook (PowerShell 7.4 runtime), signed in to AWS without a stored key.

.DESCRIPTION
The Automation account's managed identity gets a Microsoft Entra ID token; AWS STS exchanges it for the temporary
credentials of the caller role with AssumeRoleWithWebIdentity (samples/runbooks/README.md, step by step). The module
reads the token from a file through a web_identity_token_file profile, so it never meets an access key of its own.

Settings are Automation variables (Get-AutomationVariable):
  KeyHygiene-CallerRoleArn    the caller role (trust: samples/iam/caller-trust-azure-web-identity.json)
  KeyHygiene-TokenAudience    the token's audience, as the trust policy's ":aud" condition names it
  KeyHygiene-Region           the AWS region of the STS, S3, SNS and SSM calls
  KeyHygiene-MemberRoleName   the role assumed in each member account
  KeyHygiene-RecordsUri       one S3 prefix for the audit log, the run history and the sharded run's findings
  KeyHygiene-Policy           the policy file's JSON (docs/policy.md); its mode says how far the run goes

.PARAMETER Shard
Run one shard of the sharded run (Start-KeyHygieneShards.ps1 starts one child job per shard): a root id (the accounts
directly under the root) or a top-level OU id (that OU with everything below it). The shard reads and judges only and
writes its findings under KeyHygiene-RecordsUri.

.PARAMETER MergeDate
Merge the shards' findings of that day (yyyy-MM-dd, UTC) and act on them: the sharded run's final job.
#>
#Requires -Version 7.0
param(
    [ValidatePattern('^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$')]
    [string] $Shard,
    [ValidatePattern('^\d{4}-\d{2}-\d{2}$')]
    [string] $MergeDate
)
$ErrorActionPreference = 'Stop'
Import-Module IamKeyHygiene

$callerRoleArn = Get-AutomationVariable -Name 'KeyHygiene-CallerRoleArn'
$audience = Get-AutomationVariable -Name 'KeyHygiene-TokenAudience'
$region = Get-AutomationVariable -Name 'KeyHygiene-Region'
$memberRole = Get-AutomationVariable -Name 'KeyHygiene-MemberRoleName'
$records = Get-AutomationVariable -Name 'KeyHygiene-RecordsUri'
$policyJson = Get-AutomationVariable -Name 'KeyHygiene-Policy'

# 1. A token for the managed identity from the sandbox's identity endpoint (Azure Automation sets IDENTITY_ENDPOINT
#    and IDENTITY_HEADER), with the audience the AWS role trusts.
$tokenUri = '{0}?resource={1}&api-version=2019-08-01' -f $env:IDENTITY_ENDPOINT, [uri]::EscapeDataString($audience)
$token = (Invoke-RestMethod -Uri $tokenUri -Headers @{ 'X-IDENTITY-HEADER' = $env:IDENTITY_HEADER; Metadata = 'True' }).access_token

# 2. A private folder in the job's sandbox: the token file and a profile that exchanges it (AssumeRoleWithWebIdentity,
#    repeated by the module whenever the role session nears its end).
$work = Join-Path ([IO.Path]::GetTempPath()) "key-hygiene-$([guid]::NewGuid().ToString('n'))"
New-Item -ItemType Directory -Path $work | Out-Null
try {
    $tokenFile = Join-Path $work 'token'
    $credentials = Join-Path $work 'credentials'
    $policy = Join-Path $work 'policy.json'
    Set-Content -LiteralPath $tokenFile -Value $token -NoNewline
    Set-Content -LiteralPath $credentials -Value @(
        '[key-hygiene]'
        "role_arn = $callerRoleArn"
        "web_identity_token_file = $tokenFile"
        'role_session_name = azure-automation-key-hygiene'
    )
    Set-Content -LiteralPath $policy -Value $policyJson -Encoding utf8
    $aws = @{ ProfileName = 'key-hygiene'; ProfileLocation = $credentials; Region = $region }

    # 3. The run: one summary object as the job's output; -FailOnError fails the job when an account failed.
    if ($Shard) {
        $scope = @{ OrganizationalUnitId = $Shard; Recurse = $Shard -like 'ou-*' }
        Invoke-KeyHygiene @aws -Policy $policy -Mode Audit @scope -RoleName $memberRole -ShardFindingsPath $records -FailOnError
    }
    elseif ($MergeDate) {
        Invoke-KeyHygiene @aws -Policy $policy -RoleName $memberRole -MergeFindingsPath $records -ShardDate $MergeDate `
            -AuditLogPath $records -RunHistoryPath $records -FailOnError -Force
    }
    else {
        Invoke-KeyHygiene @aws -Policy $policy -RoleName $memberRole -AuditLogPath $records -RunHistoryPath $records -FailOnError -Force
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
