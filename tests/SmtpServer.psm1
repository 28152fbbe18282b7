#Requires -Version 7.0
# A real SMTP server for Pester tests: Debian's python3-aiosmtpd running tests/Smtp/smtp_server.py on 127.0.0.1,
# with STARTTLS (required before AUTH), implicit TLS and plain listeners and a test CA and server certificate made for
# this run. build.ps1 -Task Test installs python3-aiosmtpd and openssl.

Set-StrictMode -Version Latest

# Debian's interpreter, where python3-aiosmtpd is installed (a pyenv or venv python3 on PATH lacks it).
$script:Python = '/usr/bin/python3'

function Start-SmtpTestServer {
    <#
    .SYNOPSIS
    Starts the SMTP test server and waits until it listens.
    .OUTPUTS
    An object with Port (STARTTLS), TlsPort (implicit TLS), PlainPort (no TLS, no AUTH), CertificatePath (the server's),
    CaCertificatePath (the test CA that issued it), MailDirectory, User, and the methods GetMessages() (each received
    message: Path, Raw bytes, MailFrom, RcptTos, Authenticated, Tls, Connection, and Parsed: From, To, Subject, Body,
    charset... as Python's email package reads them), GetAuthAttempts() and Stop().
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [string] $User = 'AKIAIOSFODNN7EXAMPLE',
        [Parameter(Mandatory)] [securestring] $Password,
        # Without AUTH no MAIL FROM is accepted on the TLS listeners.
        [switch] $AuthRequired,
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 60
    )

    if (-not (Test-Path -LiteralPath $script:Python)) {
        throw "$script:Python is missing: the e-mail tests need Debian's python3-aiosmtpd (sudo apt-get install -y python3-aiosmtpd openssl; build.ps1 -Task Test does it as root)."
    }
    $folder = Join-Path ([IO.Path]::GetTempPath()) "ikh-smtp-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Path $folder

    $start = [System.Diagnostics.ProcessStartInfo]::new($script:Python)
    $arguments = @((Join-Path $PSScriptRoot 'Smtp/smtp_server.py'), '--directory', $folder, '--user', $User)
    if ($AuthRequired) { $arguments += '--auth-required' }
    foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
    $start.Environment['SMTP_TEST_PASSWORD'] = [System.Net.NetworkCredential]::new('', $Password).Password
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    # Drained all along, so aiosmtpd's warnings never fill the pipe.
    $errorText = $process.StandardError.ReadToEndAsync()
    $firstLine = $process.StandardOutput.ReadLineAsync()
    if (-not $firstLine.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or [string]::IsNullOrEmpty($firstLine.Result)) {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.WaitForExit(5000) | Out-Null
        Remove-Item -LiteralPath $folder -Recurse -Force
        throw "The SMTP test server did not start within $TimeoutSeconds s: $(if ($errorText.IsCompleted) { $errorText.Result })"
    }
    $info = $firstLine.Result | ConvertFrom-Json

    $server = [pscustomobject]@{
        Port              = [int]$info.port
        TlsPort           = [int]$info.tlsPort
        PlainPort         = [int]$info.plainPort
        CertificatePath   = $info.certificate
        CaCertificatePath = $info.caCertificate
        MailDirectory     = $info.mailDirectory
        User              = $User
        Process           = $process
        Folder            = $folder
    }
    $server | Add-Member -MemberType ScriptMethod -Name GetMessages -Value {
        $files = @(Get-ChildItem -LiteralPath $this.MailDirectory -Filter '*.eml' | Sort-Object Name)
        if (-not $files) { return }
        # Parsed by Python's email package (tests/Smtp/read_mail.py): headers decoded, body decoded per its charset.
        $parsed = @(& $script:Python (Join-Path $PSScriptRoot 'Smtp/read_mail.py') @($files.FullName) | ConvertFrom-Json)
        if ($LASTEXITCODE -ne 0) { throw "read_mail.py failed on $($files.FullName -join ', ')" }
        for ($i = 0; $i -lt $files.Count; $i++) {
            $meta = Get-Content -Raw -LiteralPath ([IO.Path]::ChangeExtension($files[$i].FullName, '.json')) | ConvertFrom-Json
            [pscustomobject]@{
                Path          = $files[$i].FullName
                Raw           = [IO.File]::ReadAllBytes($files[$i].FullName)
                MailFrom      = $meta.mailFrom
                RcptTos       = @($meta.rcptTos)
                Authenticated = [bool]$meta.authenticated
                Tls           = [bool]$meta.tls
                Connection    = [int]$meta.connection
                Parsed        = $parsed[$i]
            }
        }
    }
    $server | Add-Member -MemberType ScriptMethod -Name GetAuthAttempts -Value {
        $path = Join-Path $this.MailDirectory 'auth.jsonl'
        if (Test-Path -LiteralPath $path) { Get-Content -LiteralPath $path | ForEach-Object { $_ | ConvertFrom-Json } }
    }
    $server | Add-Member -MemberType ScriptMethod -Name Stop -Value {
        if (-not $this.Process.HasExited) {
            # Closing stdin stops the server; a kill is the fallback.
            $this.Process.StandardInput.Close()
            if (-not $this.Process.WaitForExit(10000)) { $this.Process.Kill($true) }
        }
        $this.Process.Dispose()
        if (Test-Path -LiteralPath $this.Folder) { Remove-Item -LiteralPath $this.Folder -Recurse -Force }
    }
    $server
}

Export-ModuleMember -Function Start-SmtpTestServer
