# What the benchmarks share: the built emulator on a scenario, and a script in a fresh pwsh.

# The emulator's admin, the caller of every benchmark run.
$BenchAdmin = @{ accessKeyId = 'AKIABENCHMARKADMIN01'; secretAccessKey = 'benchmark-admin-secret-0000000000000000000' }

# The built emulator and module under $Root (build.ps1 -Task Build puts them in out/).
function Get-BenchBuild([string] $Root) {
    $paths = @((Join-Path $Root 'out/emulator/IamKeyHygiene.Emulator.dll'), (Join-Path $Root 'out/IamKeyHygiene/IamKeyHygiene.psd1'))
    foreach ($path in $paths) { if (-not (Test-Path $path)) { throw "Missing ${path}: run ./build.ps1 -Task Build first." } }
    $paths
}

# Starts out/emulator on $Scenario (saved to a temp file) with a fixed latency on every AWS call; returns its URL,
# process and scenario file (the caller kills the process and removes the file).
function Start-BenchEmulator([string] $EmulatorDll, $Scenario, [int] $LatencyMs, [string] $Name) {
    $file = Join-Path ([IO.Path]::GetTempPath()) "ikh-$Name-$([guid]::NewGuid().ToString('n')).json"
    $Scenario | ConvertTo-Json -Depth 10 | Set-Content $file -Encoding utf8
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($EmulatorDll, '--scenario', $file, '--port', '0', '--latency-ms', "$LatencyMs")) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $url = $process.StandardOutput.ReadLine()
    if ($url -notmatch '^http://') { $process.Kill(); throw "The emulator did not start: $url" }
    [pscustomobject]@{ Url = $url; Process = $process; File = $file }
}

# Runs $File with $Arguments in a fresh pwsh (so its working set and CPU are the run's own) and returns the last
# JSON line it printed, parsed.
function Invoke-FreshPwsh([string] $File, [string[]] $Arguments) {
    $pwsh = [Environment]::ProcessPath
    $all = @()
    if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $all += (Join-Path $PSHOME 'pwsh.dll') }
    $all += @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments
    $output = & $pwsh @all
    $result = $output | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json
    if (-not $result) { throw "The run printed no result: $output" }
    $result
}

Export-ModuleMember -Function Get-BenchBuild, Start-BenchEmulator, Invoke-FreshPwsh -Variable BenchAdmin
