#Requires -Version 7.0
# The permissions table (samples/iam/operation-actions.json) read, checked against a sample policy, and rendered as the
# generated part of docs/permissions.md. One source: the doc's table is made from the JSON, never edited by hand.

Set-StrictMode -Version Latest

$script:Root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:BeginMarker = '<!-- BEGIN generated from samples/iam/operation-actions.json by tests/Pester/PermissionsSupport.psm1; do not edit -->'
$script:EndMarker = '<!-- END generated -->'

function Get-PermissionsMap {
    Get-Content -Raw (Join-Path $Root 'samples/iam/operation-actions.json') | ConvertFrom-Json -AsHashtable
}

# Every Allow action of a policy document (wildcards are not used by the samples and would count as written).
function Get-PolicyAction([Parameter(Mandatory)] [string] $PolicyPath) {
    $policy = Get-Content -Raw $PolicyPath | ConvertFrom-Json
    @($policy.Statement | Where-Object Effect -eq 'Allow' | ForEach-Object { $_.Action }) | Sort-Object -Unique
}

# The KMS (conditional) actions of the given operations.
function Get-ConditionalAction($Map, [string[]] $Operations) {
    @($Operations | Where-Object { $Map.operations.ContainsKey($_) } | ForEach-Object {
            $row = $Map.operations[$_]
            if ($row.ContainsKey('kms')) { $row.kms.actions }
        }) | Sort-Object -Unique
}

<#
.SYNOPSIS
Compares a role's sample policy with the actions its observed operations need.
.OUTPUTS
{Needed, Granted, Missing, Extra, Unmapped}: Missing = needed and not granted; Extra = granted and neither needed, nor a KMS
action of a needed or optional operation (allowed only where the role says a customer managed key is possible), nor an
action of the role's documented optional operations.
#>
function Compare-PolicyToCalls {
    param($Map, [string] $Role, [string[]] $Operations, [string] $PolicyPath)
    $spec = $Map.roles[$Role]
    $unmapped = @($Operations | Where-Object { -not $Map.operations.ContainsKey($_) })
    $needed = @($Operations | Where-Object { $Map.operations.ContainsKey($_) } | ForEach-Object { $Map.operations[$_].actions }) | Sort-Object -Unique
    $optionalOperations = @(if ($spec.ContainsKey('optional')) { $spec.optional.Keys })
    $optional = @($optionalOperations | ForEach-Object { $Map.operations[$_].actions })
    $kms = @(Get-ConditionalAction $Map (@($Operations) + $optionalOperations))
    if ($spec.customerManagedKey -eq 'always') { $needed = @($needed) + $kms | Sort-Object -Unique }
    $allowedExtra = @($optional) + @(if ($spec.customerManagedKey -eq 'optional') { $kms })
    $granted = @(Get-PolicyAction $PolicyPath)
    [pscustomobject]@{
        Needed   = $needed
        Granted  = $granted
        Missing  = @($needed | Where-Object { $_ -and $_ -notin $granted })
        Extra    = @($granted | Where-Object { $_ -notin $needed -and $_ -notin $allowedExtra })
        Unmapped = $unmapped
    }
}

# The operations the module's own clients name (service:Operation), read from the engine's AWS sources.
function Get-ModuleOperation {
    $clients = Join-Path $Root 'src/IamKeyHygiene.Engine/Aws'
    $byFile = @{ 'IamClient.cs' = 'iam'; 'OrganizationsClient.cs' = 'organizations'; 'SecretsManagerClient.cs' = 'secretsmanager'; 'SnsClient.cs' = 'sns' }
    foreach ($file in $byFile.Keys) {
        $text = Get-Content -Raw (Join-Path $clients "Clients/$file")
        [regex]::Matches($text, '(?:CallAsync|PaginateAsync|WrittenAsync)(?:<\w+>)?\("(\w+)"') | ForEach-Object { "$($byFile[$file]):$($_.Groups[1].Value)" }
    }
    $sdk = @{ 's3' = 'PutObject|GetObject|ListObjectsV2'; 'ssm' = 'GetParameter'; 'sts' = 'AssumeRole|GetCallerIdentity|GetSessionToken' }
    $text = (Get-ChildItem $clients -Recurse -Filter *.cs | Get-Content -Raw) -join "`n"
    foreach ($service in $sdk.Keys) {
        [regex]::Matches($text, "\.($($sdk[$service]))Async\(") | ForEach-Object { "$($service):$($_.Groups[1].Value)" }
    }
    if ($text -match 'AssumeRoleAWSCredentialsOptions') { 'sts:AssumeRole' }
    if ($text -match 'AssumeRoleWithWebIdentityCredentials') { 'sts:AssumeRoleWithWebIdentity' }
    if ($text -match 'GetRoleCredentials') { 'sso:GetRoleCredentials' }
    if ($text -match 'CreateToken') { 'sso-oidc:CreateToken' }
}

function ConvertTo-PermissionsMarkdown($Map = (Get-PermissionsMap)) {
    $roles = @($Map.roles.Keys | Sort-Object)
    $grants = @{}
    foreach ($role in $roles) { $grants[$role] = @(Get-PolicyAction (Join-Path $Root "samples/iam/$($Map.roles[$role].policy)")) }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add($BeginMarker)
    $lines.Add('')
    $lines.Add('| operation | IAM actions | with a customer managed KMS key | called by | granted in |')
    $lines.Add('|---|---|---|---|---|')
    foreach ($operation in @($Map.operations.Keys | Sort-Object)) {
        $row = $Map.operations[$operation]
        $actions = if (@($row.actions).Count) { (@($row.actions) | ForEach-Object { "``$_``" }) -join ', ' } else { 'none' }
        $kms = if ($row.ContainsKey('kms')) { ((@($row.kms.actions) | ForEach-Object { "``$_``" }) -join ', ') + " ($($row.kms.when))" } else { '' }
        $by = @($roles | Where-Object { $r = $_; @($row.actions).Count -and @($row.actions | Where-Object { $_ -notin $grants[$r] }).Count -eq 0 } |
                ForEach-Object { $Map.roles[$_].policy })
        $grantedIn = if ($by) { $by -join ', ' } else { '—' }
        $lines.Add("| ``$operation`` | $actions | $kms | $($row.calledBy) | $grantedIn |")
    }
    $lines.Add('')
    $lines.Add('| policy | principal | trust policy | optional operations |')
    $lines.Add('|---|---|---|---|')
    foreach ($role in $roles) {
        $spec = $Map.roles[$role]
        $optional = if ($spec.ContainsKey('optional')) { (@($spec.optional.Keys | Sort-Object) | ForEach-Object { "``$_`` ($($spec.optional[$_]))" }) -join '; ' } else { '' }
        $trust = if ($spec.ContainsKey('trust')) { '`samples/iam/' + $spec.trust + '`' } else { '—' }
        $lines.Add("| ``samples/iam/$($spec.policy)`` | $($spec.description) | $trust | $optional |")
    }
    $lines.Add('')
    $lines.Add($EndMarker)
    $generated = $lines -join "`n"
    $doc = (Get-Content -Raw (Join-Path $Root 'docs/permissions.md')).Replace("`r`n", "`n")
    $start = $doc.IndexOf($BeginMarker)
    $end = $doc.IndexOf($EndMarker)
    if ($start -lt 0 -or $end -lt $start) { throw "docs/permissions.md lacks the markers '$BeginMarker' and '$EndMarker'." }
    $doc.Substring(0, $start) + $generated + $doc.Substring($end + $EndMarker.Length)
}

function Update-PermissionsDoc {
    $text = ConvertTo-PermissionsMarkdown
    [IO.File]::WriteAllText((Join-Path $Root 'docs/permissions.md'), $text)
}

# Creates an S3 bucket in the emulator as its admin, through Debian's AWS CLI (the module makes no bucket).
function New-EmulatorBucket([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Bucket) {
    $env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY = $Emulator.AccessKeyId, $Emulator.SecretAccessKey
    try {
        $out = & aws --endpoint-url $Emulator.Url --region us-east-1 s3api create-bucket --bucket $Bucket 2>&1
        if ($LASTEXITCODE -ne 0) { throw "create-bucket failed: $out" }
    }
    finally { Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Get-PermissionsMap, Get-PolicyAction, Compare-PolicyToCalls, Get-ModuleOperation, ConvertTo-PermissionsMarkdown, Update-PermissionsDoc, New-EmulatorBucket
