# Credentials and region, end to end through Get-KeyHygieneIdentity in a fresh pwsh each: the source the
# module reports must be the one that signed the request the endpoint received.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:stub = Start-StsStub
    $script:temp = Join-Path ([IO.Path]::GetTempPath()) "ikh-credentials-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $temp

    $script:profileSecret = 'PROFILEsecretEXAMPLEkeyEXAMPLEkeyEXAMPLE1'
    $script:credentialsFile = Join-Path $temp 'credentials'
    Set-Content -Path $credentialsFile -Encoding utf8 -Value @"
[default]
aws_access_key_id = AKIADEFAULTEXAMPLE
aws_secret_access_key = DEFAULTsecretEXAMPLEkeyEXAMPLEkeyEXAMPLE1

[ikh-test]
aws_access_key_id = AKIAPROFILEEXAMPLE
aws_secret_access_key = $profileSecret
region = ap-southeast-2
"@

    # Runs Get-KeyHygieneIdentity with the given parameters (and optional session variables) in a fresh
    # pwsh, with -Verbose and -Debug, and reports output, errors (terminating or not) and every stream's text.
    $script:runScript = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json -AsHashtable
Import-Module $p.ModuleManifest
if ($p.StoredRegion) { $global:StoredAWSRegion = $p.StoredRegion }
if ($p.StoredProfile) { $global:StoredAWSCredentials = Write-Output $p.StoredProfile }  # as PowerShell wraps it
if ($p.Location) { Set-Location -LiteralPath $p.Location }
$parameters = $p.CmdletParameters
if ($p.CustomCredential) { $parameters['Credential'] = [pscustomobject]$p.CustomCredential }
if ($p.HashtableCredential) { $parameters['Credential'] = @{} + $p.HashtableCredential }
if ($p.AwsToolsCredential) {
    # What AWS.Tools hands out: an AWSCredentials object of ITS AWSSDK.Core (4.1.0, default load context).
    $core = [System.Reflection.Assembly]::LoadFrom($p.AwsToolsCredential.CorePath)
    $type = $core.GetType('Amazon.Runtime.BasicAWSCredentials', $true)
    $credential = [Activator]::CreateInstance($type, @($p.AwsToolsCredential.AccessKey, $p.AwsToolsCredential.SecretKey))
    if ($p.AwsToolsCredential.AsStored) { $global:StoredAWSCredentials = $credential } else { $parameters['Credential'] = $credential }
}
$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
$result = [ordered]@{ Identity = $null; Errors = @(); Terminating = $null; ReachedNextStatement = $false; Streams = ''; DebugCount = 0; VerboseCount = 0 }
# Collected as they come, so the lines written before a terminating error are kept too.
$records = [Collections.Generic.List[object]]::new()
function Get-StreamText { ($records | ForEach-Object { if ($_ -is [IamKeyHygiene.KeyHygieneIdentity]) { $_ | Format-List | Out-String } else { "$_" } }) -join "`n" }
try {
    Get-KeyHygieneIdentity @parameters -ErrorVariable nonTerminating -ErrorAction SilentlyContinue *>&1 | ForEach-Object { $records.Add($_) }
    $result.ReachedNextStatement = $true
    $result.Streams = Get-StreamText
    $result.DebugCount = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count
    $result.VerboseCount = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count
    $identity = $records | Where-Object { $_ -is [IamKeyHygiene.KeyHygieneIdentity] } | Select-Object -First 1
    if ($identity) { $result.Identity = $identity | Select-Object Account, Arn, UserId, Region, RegionSource, CredentialSource, EndpointUrl }
    $result.Errors = @($nonTerminating | ForEach-Object { [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Message = $_.Exception.Message; Target = "$($_.TargetObject)" } })
}
catch {
    $result.Terminating = [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Message = $_.Exception.Message; Target = "$($_.TargetObject)" }
    $result.Streams = Get-StreamText
}
$result | ConvertTo-Json -Compress -Depth 5
'@

    function Invoke-Identity([hashtable] $CmdletParameters, [hashtable] $Environment = @{}, [string] $StoredRegion, [hashtable] $AwsToolsCredential,
        [hashtable] $CustomCredential, [hashtable] $HashtableCredential, [string] $StoredProfile, [string] $Location, [switch] $NoEndpointParameter) {
        $null = $script:stub.TakeRequests()
        if (-not $NoEndpointParameter) { $CmdletParameters['EndpointUrl'] = $script:stub.Url }
        $run = Invoke-FreshPwsh -Script $script:runScript -Environment $Environment -Parameters @{
            ModuleManifest = Get-BuiltModuleManifest; CmdletParameters = $CmdletParameters; StoredRegion = $StoredRegion
            AwsToolsCredential = $AwsToolsCredential; CustomCredential = $CustomCredential; HashtableCredential = $HashtableCredential
            StoredProfile = $StoredProfile; Location = $Location }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result | Add-Member -NotePropertyName Requests -NotePropertyValue @($script:stub.TakeRequests()) -PassThru
    }
}

AfterAll {
    if ($script:stub) { $script:stub.Dispose() }
    if ($script:temp) { Remove-Item $script:temp -Recurse -Force -ErrorAction Ignore }
}

Describe 'Get-KeyHygieneIdentity credential and region sources' {
    It 'uses a named profile from -ProfileLocation, with the profile''s region' {
        $run = Invoke-Identity @{ ProfileName = 'ikh-test'; ProfileLocation = $credentialsFile }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Identity.CredentialSource | Should -Be 'profile ikh-test'
        $run.Identity.Region | Should -Be 'ap-southeast-2'
        $run.Identity.RegionSource | Should -Be 'profile ikh-test'
        $run.Requests.Count | Should -Be 1
        $scope = Get-SigningScope $run.Requests[0]
        $scope.AccessKeyId | Should -Be 'AKIAPROFILEEXAMPLE'
        $scope.Region | Should -Be 'ap-southeast-2'
        $run.Streams | Should -Not -Match ([regex]::Escape($profileSecret))
    }

    It 'stops with a terminating AwsConfiguration error naming a missing profile, without calling AWS' {
        $run = Invoke-Identity @{ ProfileName = 'no-such-profile'; ProfileLocation = $credentialsFile; Region = 'us-east-1' }
        $run.ReachedNextStatement | Should -BeFalse
        $run.Terminating.Id | Should -Be 'AwsConfiguration,IamKeyHygiene.Commands.GetKeyHygieneIdentityCommand'
        $run.Terminating.Message | Should -Match 'no-such-profile'
        $run.Identity | Should -BeNullOrEmpty
        $run.Requests.Count | Should -Be 0
    }

    It 'uses AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and AWS_REGION from the environment' {
        $run = Invoke-Identity @{} -Environment @{
            AWS_ACCESS_KEY_ID = 'AKIAENVIRONEXAMPLE'; AWS_SECRET_ACCESS_KEY = 'ENVsecretEXAMPLEkeyEXAMPLEkeyEXAMPLEkey1'; AWS_REGION = 'eu-west-1' }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Identity.CredentialSource | Should -Be 'environment'
        $run.Identity.Region | Should -Be 'eu-west-1'
        $run.Identity.RegionSource | Should -Be 'environment'
        $scope = Get-SigningScope $run.Requests[0]
        $scope.AccessKeyId | Should -Be 'AKIAENVIRONEXAMPLE'
        $scope.Region | Should -Be 'eu-west-1'
    }

    It 'prefers literal keys to the environment, and $StoredAWSRegion to AWS_REGION' {
        $run = Invoke-Identity @{ AccessKey = 'AKIALITERALEXAMPLE'; SecretKey = 'LITERALsecretEXAMPLEkeyEXAMPLEkeyEXAMPL1' } -StoredRegion 'ap-northeast-1' -Environment @{
            AWS_ACCESS_KEY_ID = 'AKIAENVIRONEXAMPLE'; AWS_SECRET_ACCESS_KEY = 'ENVsecretEXAMPLEkeyEXAMPLEkeyEXAMPLEkey1'; AWS_REGION = 'eu-west-1' }
        $run.Identity.CredentialSource | Should -Be 'parameter'
        $run.Identity.Region | Should -Be 'ap-northeast-1'
        $run.Identity.RegionSource | Should -Be 'stored session region'
        (Get-SigningScope $run.Requests[0]).AccessKeyId | Should -Be 'AKIALITERALEXAMPLE'
    }

    It 'says where credentials and region came from on -Verbose/-Debug, and never shows the secret' {
        $secret = 'LITERALsecretEXAMPLEkeyEXAMPLEkeyEXAMPL2'
        $run = Invoke-Identity @{ AccessKey = 'AKIALITERALEXAMPLE'; SecretKey = $secret; Region = 'us-west-2' }
        $run.Identity.Account | Should -Be '123456789012'
        $run.Identity.EndpointUrl | Should -Be $stub.Url
        $run.Streams | Should -Match 'parameter'
        $run.Streams | Should -Not -Match ([regex]::Escape($secret))
        # The engine logs where credentials came from off the pipeline thread; the queue brings it to -Debug.
        $run.DebugCount | Should -BeGreaterOrEqual 1
        $run.VerboseCount | Should -BeGreaterOrEqual 1
    }

    It 'reads an AWS.Tools credential object (another AWSSDK.Core''s BasicAWSCredentials) given as -Credential' {
        $secret = 'TOOLSsecretEXAMPLEkeyEXAMPLEkeyEXAMPLE01'
        $run = Invoke-Identity @{ Region = 'us-east-1' } -AwsToolsCredential @{
            CorePath = Get-OtherAwsSdkCorePath '4.1.0'; AccessKey = 'AKIATOOLSOBJECT0001'; SecretKey = $secret; AsStored = $false }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Identity.CredentialSource | Should -Be 'credential object'
        (Get-SigningScope $run.Requests[0]).AccessKeyId | Should -Be 'AKIATOOLSOBJECT0001'
        $run.Streams | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'reads $StoredAWSCredentials holding an AWS.Tools credential object' {
        $run = Invoke-Identity @{ Region = 'us-east-1' } -AwsToolsCredential @{
            CorePath = Get-OtherAwsSdkCorePath '4.1.0'; AccessKey = 'AKIATOOLSSTORED0001'; SecretKey = 'TOOLSsecretEXAMPLEkeyEXAMPLEkeyEXAMPLE02'; AsStored = $true }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Identity.CredentialSource | Should -BeLike 'stored session credentials*'
        (Get-SigningScope $run.Requests[0]).AccessKeyId | Should -Be 'AKIATOOLSSTORED0001'
    }
}

Describe 'Get-KeyHygieneIdentity -ProfileLocation and completion' {
    It 'takes a relative -ProfileLocation from the current location, under AWS Tools'' aliases too' {
        foreach ($name in 'ProfileLocation', 'ProfilesLocation', 'AWSProfilesLocation') {
            $run = Invoke-Identity @{ ProfileName = 'ikh-test'; $name = 'credentials' } -Location $temp
            $run.Terminating | Should -BeNullOrEmpty -Because $name
            $run.Identity.CredentialSource | Should -Be 'profile ikh-test'
            (Get-SigningScope $run.Requests[0]).AccessKeyId | Should -Be 'AKIAPROFILEEXAMPLE'
        }
    }

    It 'completes -Region from the partition table and -ProfileName from the -ProfileLocation file' {
        $script = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
Import-Module $p.ModuleManifest
Set-Location -LiteralPath $p.Location
function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
[ordered]@{
    Regions  = Complete 'Get-KeyHygieneIdentity -Region eu-we'
    GovCloud = Complete 'Get-KeyHygieneIdentity -Region us-gov-'
    Profiles = Complete 'Get-KeyHygieneIdentity -ProfileLocation credentials -ProfileName ikh'
    All      = Complete 'Get-KeyHygieneIdentity -ProfilesLocation credentials -ProfileName '
} | ConvertTo-Json -Compress
'@
        $run = Invoke-FreshPwsh -Script $script -Parameters @{ ModuleManifest = Get-BuiltModuleManifest; Location = $temp }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result.Regions | Should -Be @('eu-west-1', 'eu-west-2', 'eu-west-3')
        $run.Result.GovCloud | Should -Be @('us-gov-east-1', 'us-gov-west-1')
        $run.Result.Profiles | Should -Be @('ikh-test')
        $run.Result.All | Should -Be @('default', 'ikh-test')
    }
}

Describe 'Get-KeyHygieneIdentity credentials PowerShell hands over wrapped' {
    It 'reads -Credential given as a [pscustomobject] with AccessKey, SecretKey and SessionToken' {
        $secret = 'CUSTOMsecretEXAMPLEkeyEXAMPLEkeyEXAMPLE1'
        $run = Invoke-Identity @{ Region = 'us-east-1' } -CustomCredential @{ AccessKey = 'ASIACUSTOMOBJECT001'; SecretKey = $secret; SessionToken = 'CUSTOMtoken' }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Identity.CredentialSource | Should -Be 'credential object'
        (Get-SigningScope $run.Requests[0]).AccessKeyId | Should -Be 'ASIACUSTOMOBJECT001'
        $run.Requests[0].Header('X-Amz-Security-Token') | Should -Be 'CUSTOMtoken'
        $run.Streams | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'reads -Credential given as a hashtable' {
        $run = Invoke-Identity @{ Region = 'us-east-1' } -HashtableCredential @{ accesskey = 'AKIAHASHTABLE00001'; SecretKey = 'HASHsecretEXAMPLEkeyEXAMPLEkeyEXAMPLEk1' }
        $run.Terminating | Should -BeNullOrEmpty
        (Get-SigningScope $run.Requests[0]).AccessKeyId | Should -Be 'AKIAHASHTABLE00001'
    }

    It 'takes $StoredAWSCredentials holding a profile name as that profile' {
        $run = Invoke-Identity @{} -StoredProfile 'ikh-test' -Environment @{ AWS_SHARED_CREDENTIALS_FILE = $credentialsFile }
        $run.Identity.CredentialSource | Should -Be 'stored session credentials (profile ikh-test)'
        $run.Terminating | Should -BeNullOrEmpty
        (Get-SigningScope $run.Requests[0]).AccessKeyId | Should -Be 'AKIAPROFILEEXAMPLE'
    }
}

Describe 'Get-KeyHygieneIdentity endpoints' {
    AfterEach { $stub.Reply = New-StsReply }

    It 'stops with a terminating AwsConfiguration error naming a malformed AWS_ENDPOINT_URL_STS, without calling AWS' {
        $run = Invoke-Identity @{ AccessKey = 'AKIAENDPOINTEXAMPL'; SecretKey = 'ENDPOINTsecretEXAMPLEkeyEXAMPLEkeyEXAMP1'; Region = 'us-east-1' } -NoEndpointParameter -Environment @{
            AWS_ENDPOINT_URL_STS = 'localhost:4566' }
        $run.ReachedNextStatement | Should -BeFalse
        $run.Terminating.Id | Should -Be 'AwsConfiguration,IamKeyHygiene.Commands.GetKeyHygieneIdentityCommand'
        $run.Terminating.Message | Should -Match "AWS_ENDPOINT_URL_STS 'localhost:4566'"
        $run.Requests.Count | Should -Be 0
    }

    It 'uses and reports AWS_ENDPOINT_URL_STS over AWS_ENDPOINT_URL' {
        $run = Invoke-Identity @{ AccessKey = 'AKIAENDPOINTEXAMPL'; SecretKey = 'ENDPOINTsecretEXAMPLEkeyEXAMPLEkeyEXAMP1'; Region = 'us-east-1' } -NoEndpointParameter -Environment @{
            AWS_ENDPOINT_URL_STS = $stub.Url; AWS_ENDPOINT_URL = 'http://127.0.0.1:9' }
        $run.Terminating | Should -BeNullOrEmpty
        $run.Identity.EndpointUrl | Should -Be $stub.Url
        $run.Streams | Should -Match ([regex]::Escape("STS GetCallerIdentity at $($stub.Url) (AWS_ENDPOINT_URL_STS)"))
        $run.Requests.Count | Should -Be 1
    }

    It 'with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS names and calls AWS''s own STS endpoint, not the configured one' {
        # The stub stands in as the HTTPS proxy: the CONNECT it receives shows the real target, and nothing leaves the machine.
        $stub.Reply = New-StsReply -Status 403 -Body 'proxy refused'
        $run = Invoke-Identity @{ AccessKey = 'AKIAENDPOINTEXAMPL'; SecretKey = 'ENDPOINTsecretEXAMPLEkeyEXAMPLEkeyEXAMP1'; Region = 'eu-west-1' } -NoEndpointParameter -Environment @{
            AWS_ENDPOINT_URL = 'http://127.0.0.1:9'; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true'; HTTPS_PROXY = $stub.Url; NO_PROXY = '' }
        # The proxy refuses the tunnel: the caller's first call fails, which stops the cmdlet (about_IamKeyHygiene_Errors).
        $run.Terminating.Id | Should -Be 'AwsConnectionFailed,IamKeyHygiene.Commands.GetKeyHygieneIdentityCommand'
        $run.Streams | Should -Match ([regex]::Escape('STS GetCallerIdentity at https://sts.eu-west-1.amazonaws.com (partition aws)'))
        $run.Streams | Should -Match 'configured endpoints are ignored'
        $run.Requests.Count | Should -BeGreaterOrEqual 1
        $run.Requests | ForEach-Object { "$($_.Method) $($_.Path)" } | Should -Contain 'CONNECT sts.eu-west-1.amazonaws.com:443'
    }
}

Describe 'Get-KeyHygieneIdentity service errors' {
    AfterEach {
        $stub.Reply = New-StsReply
    }

    It 'stops with a terminating CredentialsRejected (AuthenticationError) when STS refuses the key' {
        $stub.Reply = New-StsReply -Status 403 -Body '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>8f7e5c4a-0000-4000-8000-000000000001</RequestId></ErrorResponse>'
        $run = Invoke-Identity @{ AccessKey = 'AKIADISABLEDEXAMPL'; SecretKey = 'DISABLEDsecretEXAMPLEkeyEXAMPLEkeyEXAMP1'; Region = 'us-east-1' }
        $run.ReachedNextStatement | Should -BeFalse
        $run.Identity | Should -BeNullOrEmpty
        $run.Errors.Count | Should -Be 0
        $run.Terminating.Id | Should -Be 'CredentialsRejected,IamKeyHygiene.Commands.GetKeyHygieneIdentityCommand'
        $run.Terminating.Category | Should -Be 'AuthenticationError'
        $run.Terminating.Message | Should -Match 'InvalidClientTokenId|security token included in the request is invalid'
        $run.Terminating.Target | Should -Be 'parameter'
        $run.Terminating.Message | Should -Not -Match 'DISABLEDsecret'
    }
}
