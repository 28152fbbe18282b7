# Profiles the AWS CLI cannot check offline, proven by the module alone against the emulator: an IAM Identity
# Center (SSO) profile with the token `aws sso login` caches, and a role_arn profile whose AssumeRole must go to
# -EndpointUrl. Each run is a fresh pwsh whose HOME holds the profile files and the SSO token cache.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
    $script:adminKey = 'AKIAPROFILESTEST0001'
    $script:adminSecret = 'profiles/test/secret/key/00000000000000001'
    $script:member = '333333333333'
    $script:temp = Join-Path ([IO.Path]::GetTempPath()) "ikh-profiles-$([guid]::NewGuid().ToString('n'))"
    $script:awsFolder = Join-Path $temp '.aws'
    $null = New-Item -ItemType Directory -Path $awsFolder -Force
    $script:scenario = Join-Path $temp 'scenario.json'
    @{
        managementAccountId = '444455556666'
        admin               = @{ accessKeyId = $adminKey; secretAccessKey = $adminSecret }
        accounts            = @(
            @{ id = '444455556666'; name = 'management'; email = 'management@example.com' },
            @{ id = $member; name = 'member'; email = 'member@example.com'; roles = @(@{ name = 'Audit' }) })
    } | ConvertTo-Json -Depth 6 | Set-Content -Path $scenario -Encoding utf8
    $script:emulator = Start-Emulator -Scenario $scenario

    Set-Content -Path (Join-Path $awsFolder 'credentials') -Encoding utf8 -Value @"
[base]
aws_access_key_id = $adminKey
aws_secret_access_key = $adminSecret
"@
    Set-Content -Path (Join-Path $awsFolder 'config') -Encoding utf8 -Value @"
[profile sso]
sso_session = corp
sso_account_id = $member
sso_role_name = Audit
region = eu-west-1

[sso-session corp]
sso_start_url = https://emulator.awsapps.com/start
sso_region = us-east-1

[profile audit]
role_arn = arn:aws:iam::${member}:role/Audit
source_profile = base
region = eu-central-1
endpoint_url = http://127.0.0.1:9
"@

    $script:identityScript = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json -AsHashtable
Import-Module $p.ModuleManifest
$parameters = $p.CmdletParameters
$identity = Get-KeyHygieneIdentity @parameters -ErrorVariable failures -ErrorAction SilentlyContinue -Verbose 4>&1 |
    Where-Object { $_ -is [IamKeyHygiene.KeyHygieneIdentity] }
[ordered]@{
    Identity = $identity | Select-Object Account, Arn, CredentialSource, Region, EndpointUrl
    Errors   = @($failures | ForEach-Object { [ordered]@{ Id = $_.FullyQualifiedErrorId; Message = $_.Exception.Message } })
} | ConvertTo-Json -Compress -Depth 4
'@

    function Invoke-Identity([hashtable] $CmdletParameters) {
        $run = Invoke-FreshPwsh -Script $identityScript -Environment @{
            HOME = $temp; AWS_CONFIG_FILE = (Join-Path $awsFolder 'config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $awsFolder 'credentials')
        } -Parameters @{ ModuleManifest = Get-BuiltModuleManifest; CmdletParameters = $CmdletParameters }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result
    }
}

AfterAll {
    if ($script:emulator) { $script:emulator.Stop() }
    if ($script:temp) { Remove-Item $script:temp -Recurse -Force -ErrorAction Ignore }
}

Describe 'Get-KeyHygieneIdentity with profiles only the emulator can check' {
    It 'resolves an SSO (sso-session) profile from the cached token and signs as the role session' {
        $null = New-EmulatorSsoToken -Emulator $emulator -AccountId $member -RoleName Audit -UserName 'alice' `
            -CacheDirectory (Join-Path $awsFolder 'sso/cache') -CacheKey 'corp' -StartUrl 'https://emulator.awsapps.com/start'
        $null = Get-EmulatorCall -Emulator $emulator -Reset

        $result = Invoke-Identity @{ ProfileName = 'sso'; EndpointUrl = $emulator.Url }

        $result.Errors.Count | Should -Be 0
        $result.Identity.Arn | Should -Be "arn:aws:sts::${member}:assumed-role/Audit/alice"
        $result.Identity.CredentialSource | Should -Be 'profile sso'
        $result.Identity.Region | Should -Be 'eu-west-1'
        (Get-EmulatorCall -Emulator $emulator).byAccount.$member.'sso:GetRoleCredentials' | Should -Be 1
    }

    It 'sends a role_arn profile''s AssumeRole to -EndpointUrl (over the profile''s endpoint_url)' {
        $null = Get-EmulatorCall -Emulator $emulator -Reset

        $result = Invoke-Identity @{ ProfileName = 'audit'; EndpointUrl = $emulator.Url }

        $result.Errors.Count | Should -Be 0
        $result.Identity.Arn | Should -BeLike "arn:aws:sts::${member}:assumed-role/Audit/IamKeyHygiene-*"
        $result.Identity.EndpointUrl | Should -Be $emulator.Url
        (Get-EmulatorCall -Emulator $emulator).byAccount.'444455556666'.'sts:AssumeRole' | Should -Be 1
    }
}
