# The engine, the protocol layer and their AWSSDK load privately: an AWS.Tools session (another AWSSDK.Core already loaded, or
# loaded later) and this module each keep their own copy. Every case runs in a fresh pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:stub = Start-StsStub

    # Runs in the fresh pwsh: loads the other AWSSDK.Core before or after the module, calls the module, uses
    # the other copy, and reports every AWSSDK.Core / engine / protocol layer load with its context.
    $script:isolationScript = @'
$ErrorActionPreference = 'Stop'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
# As a module manifest's RequiredAssemblies would (Add-Type -PassThru would enumerate types needing AWSSDK.Extensions.*).
function Add-OtherCore { [System.Reflection.Assembly]::LoadFrom($p.OtherCorePath) }

$other = $null
if ($p.OtherFirst) { $other = Add-OtherCore }
Import-Module $p.ModuleManifest
$oursLoadedByImport = [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'IamKeyHygiene.Engine', 'IamKeyHygiene.AwsProtocol' })
$identity = Get-KeyHygieneIdentity -AccessKey AKIDEXAMPLE -SecretKey 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' -Region us-east-1 -EndpointUrl $p.Endpoint
if (-not $p.OtherFirst) { $other = Add-OtherCore }

# The other copy still works: build credentials with it, as AWS.Tools would.
$credentialsType = $other.GetType('Amazon.Runtime.BasicAWSCredentials', $true)
$credentials = [Activator]::CreateInstance($credentialsType, @('AKIDOTHEREXAMPLE', 'other-secret'))
$otherUsable = $credentials.GetCredentials().AccessKey -eq 'AKIDOTHEREXAMPLE'

$loads = foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
    $name = $assembly.GetName().Name
    if ($name -notin 'AWSSDK.Core', 'IamKeyHygiene.Engine', 'IamKeyHygiene.AwsProtocol') { continue }
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly)
    [ordered]@{
        Name        = $name
        Location    = $assembly.Location
        FileVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($assembly.Location).FileVersion
        Identity    = $assembly.GetName().Version.ToString()
        IsDefault   = [object]::ReferenceEquals($context, [System.Runtime.Loader.AssemblyLoadContext]::Default)
        ContextType = $context.GetType().FullName
        ContextId   = [System.Runtime.CompilerServices.RuntimeHelpers]::GetHashCode($context)
    }
}
[ordered]@{
    Identity             = [ordered]@{ Account = $identity.Account; Arn = $identity.Arn; UserId = $identity.UserId; Region = $identity.Region; EndpointUrl = $identity.EndpointUrl; TypeName = $identity.GetType().FullName }
    OursLoadedByImport   = $oursLoadedByImport
    OtherUsable          = $otherUsable
    Loads                = @($loads)
} | ConvertTo-Json -Compress -Depth 5
'@

    function Invoke-IsolationCase([string] $OtherVersion, [bool] $OtherFirst) {
        $null = $script:stub.TakeRequests()
        $run = Invoke-FreshPwsh -Script $script:isolationScript -Parameters @{
            OtherCorePath  = Get-OtherAwsSdkCorePath $OtherVersion
            OtherFirst     = $OtherFirst
            ModuleManifest = Get-BuiltModuleManifest
            Endpoint       = $script:stub.Url
        }
        if ($run.ExitCode -ne 0 -or -not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result | Add-Member -NotePropertyName Requests -NotePropertyValue $script:stub.TakeRequests() -PassThru
    }
}

AfterAll {
    if ($script:stub) { $script:stub.Dispose() }
}

Describe 'Dependency isolation: <Name>' -ForEach @(
    @{ Name = 'AWSSDK.Core 4.1.0 loaded first (same identity 4.0.0.0)'; OtherVersion = '4.1.0'; OtherFirst = $true; OtherFileVersion = '4.1.0*' }
    @{ Name = 'AWSSDK.Core 3.7.402 loaded first'; OtherVersion = '3.7.402'; OtherFirst = $true; OtherFileVersion = '3.7.402*' }
    @{ Name = 'module first, then AWSSDK.Core 4.1.0'; OtherVersion = '4.1.0'; OtherFirst = $false; OtherFileVersion = '4.1.0*' }
    @{ Name = 'module first, then AWSSDK.Core 3.7.402'; OtherVersion = '3.7.402'; OtherFirst = $false; OtherFileVersion = '3.7.402*' }
) {
    BeforeAll {
        $script:case = Invoke-IsolationCase -OtherVersion $OtherVersion -OtherFirst $OtherFirst
        $script:engineCore = @($case.Loads | Where-Object { $_.Name -eq 'AWSSDK.Core' -and -not $_.IsDefault })
        $script:otherCore = @($case.Loads | Where-Object { $_.Name -eq 'AWSSDK.Core' -and $_.IsDefault })
        $script:engine = @($case.Loads | Where-Object { $_.Name -eq 'IamKeyHygiene.Engine' })
        $script:protocol = @($case.Loads | Where-Object { $_.Name -eq 'IamKeyHygiene.AwsProtocol' })
    }

    It 'returns the identity parsed from the STS reply' {
        $case.Identity.Account | Should -Be '123456789012'
        $case.Identity.Arn | Should -Be 'arn:aws:iam::123456789012:user/Alice'
        $case.Identity.UserId | Should -Be 'AKIAI44QH8DHBEXAMPLE'
        $case.Identity.Region | Should -Be 'us-east-1'
        $case.Identity.TypeName | Should -Be 'IamKeyHygiene.KeyHygieneIdentity'
    }

    It 'sent one signed GetCallerIdentity to the endpoint' {
        $case.Requests.Count | Should -Be 1
        $case.Requests[0].BodyText | Should -Match 'Action=GetCallerIdentity'
        $scope = Get-SigningScope $case.Requests[0]
        $scope.AccessKeyId | Should -Be 'AKIDEXAMPLE'
        $scope.Service | Should -Be 'sts'
    }

    It 'does not load the engine or the protocol layer at import (only at first use)' {
        $case.OursLoadedByImport | Should -BeFalse
    }

    It 'loads the engine once, from deps/, in a private load context' {
        $engine.Count | Should -Be 1
        $engine[0].IsDefault | Should -BeFalse
        $engine[0].Location | Should -BeLike '*deps*IamKeyHygiene.Engine.dll'
        $engine[0].ContextType | Should -Be 'IamKeyHygiene.Loading.EngineLoadContext'
    }

    It 'loads the protocol layer once, from deps/, in the same private context' {
        $protocol.Count | Should -Be 1
        $protocol[0].IsDefault | Should -BeFalse
        $protocol[0].Location | Should -BeLike '*deps*IamKeyHygiene.AwsProtocol.dll'
        $protocol[0].ContextId | Should -Be $engine[0].ContextId
    }

    It 'gives the engine its own AWSSDK.Core 4.0.102.19 in the same private context' {
        $engineCore.Count | Should -Be 1
        $engineCore[0].FileVersion | Should -Be '4.0.102.19'
        $engineCore[0].Location | Should -BeLike '*deps*AWSSDK.Core.dll'
        $engineCore[0].ContextId | Should -Be $engine[0].ContextId
    }

    It 'leaves the other AWSSDK.Core in the default context, usable' {
        $otherCore.Count | Should -Be 1
        $otherCore[0].FileVersion | Should -BeLike $OtherFileVersion
        $otherCore[0].Location | Should -Not -BeLike '*deps*'
        $case.OtherUsable | Should -BeTrue
    }
}

Describe 'Dependency isolation: import, remove, import again' {
    It 'keeps working and keeps one engine and one protocol layer in one private context' {
        $script = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
$call = { Get-KeyHygieneIdentity -AccessKey AKIDEXAMPLE -SecretKey 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' -Region us-east-1 -EndpointUrl $p.Endpoint }
Import-Module $p.ModuleManifest
$first = & $call
Remove-Module IamKeyHygiene
Import-Module $p.ModuleManifest -Force
$second = & $call
$engines = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'IamKeyHygiene.Engine' })
$protocols = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'IamKeyHygiene.AwsProtocol' })
[ordered]@{
    First = $first.Arn; Second = $second.Arn; EngineCount = $engines.Count; ProtocolCount = $protocols.Count
    EngineContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engines[0]).GetType().FullName
    ProtocolContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($protocols[0]).GetType().FullName
} | ConvertTo-Json -Compress
'@
        $run = Invoke-FreshPwsh -Script $script -Parameters @{ ModuleManifest = Get-BuiltModuleManifest; Endpoint = $stub.Url }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result.First | Should -Be 'arn:aws:iam::123456789012:user/Alice'
        $run.Result.Second | Should -Be 'arn:aws:iam::123456789012:user/Alice'
        $run.Result.EngineCount | Should -Be 1
        $run.Result.EngineContext | Should -Be 'IamKeyHygiene.Loading.EngineLoadContext'
        $run.Result.ProtocolCount | Should -Be 1
        $run.Result.ProtocolContext | Should -Be 'IamKeyHygiene.Loading.EngineLoadContext'
        @($stub.TakeRequests()).Count | Should -Be 2
    }
}

Describe 'Windows PowerShell 5.1 resolver (its logic, run on this runtime)' {
    # Windows PowerShell cannot run here. Its AssemblyResolve handler is plain .NET, so a fresh pwsh can
    # attach it without the module's initializer and ask the runtime for assemblies only deps/ has.
    It 'serves the engine, the protocol layer and AWSSDK from deps/ and nothing that deps/ lacks' {
        $script = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
$cmdletAssembly = [System.Reflection.Assembly]::LoadFrom($p.CmdletAssembly)
$flags = [System.Reflection.BindingFlags]'Static,Instance,Public,NonPublic'
$folder = $cmdletAssembly.GetType('IamKeyHygiene.Loading.DependencyFolder', $true).GetMethod('NextTo', $flags).Invoke($null, @($cmdletAssembly))
$resolverType = $cmdletAssembly.GetType('IamKeyHygiene.Loading.DesktopDependencyResolver', $true)
$resolver = $resolverType.GetConstructors($flags)[0].Invoke(@($folder))
$resolverType.GetMethod('Attach', $flags).Invoke($resolver, @())

$core = [System.Reflection.Assembly]::Load('AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604')
$engine = [System.Reflection.Assembly]::Load('IamKeyHygiene.Engine')
$protocol = [System.Reflection.Assembly]::Load('IamKeyHygiene.AwsProtocol')
$unknownFailed = $false
try { [void][System.Reflection.Assembly]::Load('IamKeyHygiene.NoSuchAssembly') } catch { $unknownFailed = $true }
$resolverType.GetMethod('Detach', $flags).Invoke($resolver, @())
[ordered]@{
    CoreLocation = $core.Location; CoreFileVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($core.Location).FileVersion
    EngineLocation = $engine.Location; ProtocolLocation = $protocol.Location; UnknownFailed = $unknownFailed
} | ConvertTo-Json -Compress
'@
        $run = Invoke-FreshPwsh -Script $script -Parameters @{ CmdletAssembly = Join-Path (Get-BuiltModuleFolder) 'IamKeyHygiene.dll' }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result.CoreLocation | Should -BeLike '*deps*AWSSDK.Core.dll'
        $run.Result.CoreFileVersion | Should -Be '4.0.102.19'
        $run.Result.EngineLocation | Should -BeLike '*deps*IamKeyHygiene.Engine.dll'
        $run.Result.ProtocolLocation | Should -BeLike '*deps*IamKeyHygiene.AwsProtocol.dll'
        $run.Result.UnknownFailed | Should -BeTrue
    }
}

Describe 'Dependency isolation: MailKit, MimeKit and BouncyCastle for e-mail notices' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../SmtpServer.psm1') -Force
        $script:smtpPassword = 'BKz3tW9vQxY2mN8pLr5sT1uV7wX0yZ4aB6cD8eF0gH2i'
        $script:smtp = Start-SmtpTestServer -Password (ConvertTo-SecureString $smtpPassword -AsPlainText -Force) -AuthRequired
        # Another copy of the mail libraries, loaded first in the default context as another module (one that sends
        # mail with its own MailKit) would: the engine must still use the copies in deps/.
        $script:otherCopies = Join-Path ([IO.Path]::GetTempPath()) "ikh-othermail-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $otherCopies
        foreach ($name in 'MailKit', 'MimeKit') { Copy-Item (Join-Path (Get-BuiltModuleFolder) "deps/$name.dll") $otherCopies }

        # In the fresh pwsh: the engine's EmailChannel, reached by reflection (its types live in the private context,
        # which PowerShell cannot name), sends one message through the built module's deps/.
        $script:mailScript = @'
$ErrorActionPreference = 'Stop'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
$others = foreach ($name in 'MailKit', 'MimeKit') { [System.Reflection.Assembly]::LoadFrom((Join-Path $p.OtherCopies "$name.dll")) }
Import-Module $p.ModuleManifest
$null = Get-KeyHygieneIdentity -AccessKey AKIDEXAMPLE -SecretKey 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' -Region us-east-1 -EndpointUrl $p.Endpoint
$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'IamKeyHygiene.Engine' }
$type = { param($name) $engine.GetType("IamKeyHygiene.Engine.$name", $true) }

$settings = [Activator]::CreateInstance((& $type 'Notices.NoticeChannelSettings'))
$settings.SmtpServer = '127.0.0.1'
$settings.SmtpPort = $p.Port
$settings.SmtpFrom = 'Key Hygiene <key-hygiene@example.com>'
$settings.SmtpCredential = [System.Net.NetworkCredential]::new($p.User, $p.Password)
$settings.SmtpTrustedCertificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($p.CaCertificatePath)
$log = (& $type 'NullEngineLog').GetField('Instance').GetValue($null)
$channel = (& $type 'Notices.Channels.EmailChannel').GetMethod('Create').Invoke($null, @($settings, $log))

$owner = [Enum]::ToObject((& $type 'Notices.NoticeRecipientKind'), 0)
$recipient = [Activator]::CreateInstance((& $type 'Notices.NoticeRecipient'), @($owner, $p.To, $null, '山田 太郎', $null, 'ja', $null))
$noKeys = [Array]::CreateInstance((& $type 'Notices.NoticeKey'), 0)
$message = [Activator]::CreateInstance((& $type 'Notices.NoticeMessage'), @($recipient, $p.Subject, $p.Body, $noKeys, 'ja'))
$delivery = $channel.SendAsync($message, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
$channel.Dispose()

$engineContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)
$loads = foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
    $name = $assembly.GetName().Name
    if ($name -notin 'MailKit', 'MimeKit', 'BouncyCastle.Cryptography') { continue }
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly)
    [ordered]@{
        Name = $name; Location = $assembly.Location
        IsDefault = [object]::ReferenceEquals($context, [System.Runtime.Loader.AssemblyLoadContext]::Default)
        IsEngineContext = [object]::ReferenceEquals($context, $engineContext)
    }
}
[ordered]@{ Sent = $delivery.IsSent; Reason = $delivery.Reason; Message = $delivery.Message; Loads = @($loads) } | ConvertTo-Json -Compress -Depth 4
'@
    }

    AfterAll {
        if ($script:smtp) { $script:smtp.Stop() }
        if ($script:otherCopies -and (Test-Path $script:otherCopies)) { Remove-Item $script:otherCopies -Recurse -Force }
    }

    It 'sends through the engine''s own MailKit from deps/, in the private context, with another copy already loaded' {
        $to = "yamada-$([guid]::NewGuid().ToString('N'))@example.com"
        $subject = 'アクセスキーのローテーションをお願いします'
        $body = "山田さん`n`nアクセスキー ****************WXYZ は 80 日が経過しました。`n"
        $run = Invoke-FreshPwsh -Script $mailScript -Parameters @{
            ModuleManifest = Get-BuiltModuleManifest; Endpoint = $stub.Url; OtherCopies = $otherCopies
            Port = $smtp.Port; User = $smtp.User; Password = $smtpPassword; CaCertificatePath = $smtp.CaCertificatePath
            To = $to; Subject = $subject; Body = $body
        }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result.Sent | Should -BeTrue -Because "$($run.Result.Reason) $($run.Result.Message)"

        foreach ($name in 'MailKit', 'MimeKit') {
            $private = @($run.Result.Loads | Where-Object { $_.Name -eq $name -and $_.IsEngineContext })
            $private.Count | Should -Be 1 -Because "the engine's $name"
            $private[0].Location | Should -BeLike "*deps*$name.dll"
            @($run.Result.Loads | Where-Object { $_.Name -eq $name -and $_.IsDefault }).Location | Should -BeLike "*ikh-othermail*"
        }
        # BouncyCastle loads only when MimeKit needs it; wherever it loads, it is the engine's.
        $run.Result.Loads | Where-Object { $_.Name -eq 'BouncyCastle.Cryptography' } | ForEach-Object {
            $_.IsEngineContext | Should -BeTrue
            $_.Location | Should -BeLike '*deps*'
        }

        $mail = @($smtp.GetMessages() | Where-Object { $_.RcptTos -contains $to })
        $mail.Count | Should -Be 1
        $mail[0].Tls | Should -BeTrue
        $mail[0].Authenticated | Should -BeTrue
        $mail[0].Parsed.subject | Should -BeExactly $subject
        $mail[0].Parsed.to | Should -BeExactly "山田 太郎 <$to>"
        $mail[0].Parsed.from | Should -BeExactly 'Key Hygiene <key-hygiene@example.com>'
        $mail[0].Parsed.charset | Should -Be 'utf-8'
        # The body's bytes as decoded from the wire (line ends aside: CRLF on the wire, LF once Python parsed it).
        $decoded = [Text.Encoding]::UTF8.GetString([Convert]::FromHexString($mail[0].Parsed.bodyUtf8Hex)).Replace("`r`n", "`n")
        [Convert]::ToHexString([Text.Encoding]::UTF8.GetBytes($decoded)) | Should -Be ([Convert]::ToHexString([Text.Encoding]::UTF8.GetBytes($body)))
        $mail[0].Parsed.transferEncoding | Should -BeIn 'base64', 'quoted-printable', '8bit'
        $mail[0].Parsed.autoSubmitted | Should -Be 'auto-generated'
        $mail[0].Parsed.messageId | Should -Match '^<.+@example\.com>$'
        $mail[0].Parsed.date | Should -Not -BeNullOrEmpty
        $mail[0].RcptTos | Should -Be @($to)
    }
}
