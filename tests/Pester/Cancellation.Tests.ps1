# Ctrl+C (StopProcessing) interrupts a call in flight: the cmdlet does not wait for the SDK's 100 s timeout.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:stub = Start-StsStub
    $script:stub.Reply = [IamKeyHygiene.Tests.Unit.StubReply]::Held

    # In a fresh pwsh: start the cmdlet in a second runspace, wait until its request is on the wire (an
    # established connection to the stub's port), then Stop() it as Ctrl+C would.
    $script:stopScript = @'
$p = $env:IKH_TEST_PARAMS | ConvertFrom-Json
$ps = [powershell]::Create()
[void]$ps.AddCommand('Import-Module').AddArgument($p.ModuleManifest).AddStatement()
[void]$ps.AddCommand('Get-KeyHygieneIdentity').AddParameters(@{ AccessKey = 'AKIDEXAMPLE'; SecretKey = 'held-secret'; Region = 'us-east-1'; EndpointUrl = $p.Endpoint })
$async = $ps.BeginInvoke()
$port = ([uri]$p.Endpoint).Port
$inFlight = $false
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while (-not $inFlight -and [DateTime]::UtcNow -lt $deadline -and -not $async.IsCompleted) {
    Start-Sleep -Milliseconds 100
    $inFlight = [bool]([System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpConnections() |
        Where-Object { $_.RemoteEndPoint.Port -eq $port -and $_.State -eq 'Established' })
}
Start-Sleep -Milliseconds 300
$watch = [Diagnostics.Stopwatch]::StartNew()
$ps.Stop()
$watch.Stop()
[ordered]@{ InFlight = $inFlight; State = "$($ps.InvocationStateInfo.State)"; StopSeconds = $watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress
'@
}

AfterAll {
    if ($script:stub) { $script:stub.Dispose() }
}

Describe 'Stopping Get-KeyHygieneIdentity' {
    It 'stops at once while the STS call is in flight' {
        $run = Invoke-FreshPwsh -Script $stopScript -Parameters @{ ModuleManifest = Get-BuiltModuleManifest; Endpoint = $stub.Url }
        if (-not $run.Result) { throw "The fresh pwsh failed (exit $($run.ExitCode)):`n$($run.StdErr)`n$($run.StdOut)" }
        $run.Result.InFlight | Should -BeTrue
        @($stub.TakeRequests()).Count | Should -BeGreaterOrEqual 1
        $run.Result.State | Should -Be 'Stopped'
        # Generous: the SDK alone would wait 100 s for the held reply.
        $run.Result.StopSeconds | Should -BeLessThan 20
    }
}
