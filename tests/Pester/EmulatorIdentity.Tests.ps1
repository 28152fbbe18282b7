# Get-KeyHygieneIdentity against the emulator, which verifies SigV4 as AWS does: the module's requests are
# signed correctly, and a refused signature is a terminating CredentialsRejected (about_IamKeyHygiene_Errors).
# In a fresh pwsh with AWSSDK.Core 4.1.0 loaded first, as in an AWS.Tools session.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # tests/Emulator.psm1 comes with the emulator (issue 4); before it is merged there is nothing to run against.
    $script:emulatorMissing = -not (Test-Path (Join-Path $PSScriptRoot '../Emulator.psm1'))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:adminKey = 'AKIAIDENTITYTEST0001'
    $script:adminSecret = 'identity/test/secret/key/00000000000000001'
    $script:scenario = Join-Path ([IO.Path]::GetTempPath()) "ikh-identity-$([guid]::NewGuid().ToString('n')).json"
    @{
        managementAccountId = '444455556666'
        admin               = @{ accessKeyId = $adminKey; secretAccessKey = $adminSecret }
        accounts            = @(@{ id = '444455556666'; name = 'management'; email = 'management@example.com' })
    } | ConvertTo-Json -Depth 5 | Set-Content -Path $scenario -Encoding utf8

    $script:identityScript = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
[void][System.Reflection.Assembly]::LoadFrom($p.OtherCorePath)
Import-Module $p.ModuleManifest
$terminating = $null
try {
    $identity = Get-KeyHygieneIdentity -AccessKey $p.AccessKey -SecretKey $p.SecretKey -Region us-east-1 -EndpointUrl $p.Endpoint -ErrorVariable failures -ErrorAction SilentlyContinue
}
catch {
    $terminating = [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Reason = $_.CategoryInfo.Reason; Target = "$($_.TargetObject)" }
}
[ordered]@{
    Account = $identity.Account; Arn = $identity.Arn; EndpointUrl = $identity.EndpointUrl
    # -ErrorVariable keeps a terminating error as the exception that carries its record.
    Errors  = @($failures | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord } } |
        ForEach-Object { [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Reason = $_.CategoryInfo.Reason } })
    Terminating = $terminating
} | ConvertTo-Json -Compress -Depth 4
'@
}

AfterAll {
    if ($script:emulator) { $script:emulator.Stop() }
    Remove-Item $script:scenario -ErrorAction Ignore
}

Describe 'Get-KeyHygieneIdentity against the emulator' -Skip:$emulatorMissing {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../Emulator.psm1') -Force
        $script:emulator = Start-Emulator -Scenario $scenario

        function Invoke-AgainstEmulator([string] $SecretKey) {
            $run = Invoke-FreshPwsh -Script $identityScript -Parameters @{
                ModuleManifest = Get-BuiltModuleManifest; OtherCorePath = Get-OtherAwsSdkCorePath '4.1.0'
                Endpoint = $emulator.Url; AccessKey = $adminKey; SecretKey = $SecretKey }
            if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
            $run.Result
        }
    }

    It 'returns the identity the emulator verified' {
        $result = Invoke-AgainstEmulator -SecretKey $adminSecret
        $result.Errors.Count | Should -Be 0
        $result.Account | Should -Be '444455556666'
        $result.Arn | Should -BeLike 'arn:aws:iam::444455556666:*'
        $result.EndpointUrl | Should -Be $emulator.Url
    }

    It 'stops at a wrong secret with a terminating CredentialsRejected (AuthenticationError)' {
        $result = Invoke-AgainstEmulator -SecretKey 'not/the/right/secret/key/000000000000001'
        $result.Account | Should -BeNullOrEmpty
        # -ErrorVariable holds the terminating error too; there is no other.
        @($result.Errors | Where-Object { $_.Id -ne $result.Terminating.Id }).Count | Should -Be 0
        $result.Terminating.Id | Should -Be 'CredentialsRejected,IamKeyHygiene.Commands.GetKeyHygieneIdentityCommand'
        $result.Terminating.Category | Should -Be 'AuthenticationError'
        $result.Terminating.Reason | Should -Be 'SignatureDoesNotMatch'
    }
}
