using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>tests/Emulator.psm1 under the repository's pinned pwsh, starting the real emulator process.</summary>
public sealed class EmulatorModuleTests
{
    [Fact]
    public async Task StartEmulatorServesTheScenarioAndStopEndsTheProcess()
    {
        var repo = Repository.Root;
        var emulatorDll = Path.Combine(AppContext.BaseDirectory, "IamKeyHygiene.Emulator.dll");
        var script = Path.Combine(Path.GetTempPath(), $"ikh-emulator-module-{Guid.NewGuid():N}.ps1");
        await File.WriteAllTextAsync(script, $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{Path.Combine(repo, "tests", "Emulator.psm1")}}' -Force
            $e = Start-Emulator -Scenario '{{Path.Combine(repo, "samples", "emulator", "small-org.json")}}' -EmulatorPath '{{emulatorDll}}' -LatencyMs 1
            try {
                $state = Invoke-EmulatorControl -Emulator $e -Path state
                $clock = Move-EmulatorClock -Emulator $e -Days 2.5
                $health = Invoke-RestMethod "$($e.Url)/_emulator/health"
            }
            finally { $e.Stop() }
            [pscustomobject]@{ url = $e.Url; key = $e.AccessKeyId; accounts = $state.accounts; offset = $clock.offsetDays; ready = $health.ready; exited = $e.Process.HasExited } | ConvertTo-Json -Compress
            """);
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await stderr + await stdout);

            var result = JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]).RootElement;
            Assert.StartsWith("http://127.0.0.1:", result.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.Equal("AKIAEMULATORADMIN001", result.GetProperty("key").GetString());
            Assert.Equal(25, result.GetProperty("accounts").GetInt32());
            Assert.Equal(2.5, result.GetProperty("offset").GetDouble(), 6);
            Assert.True(result.GetProperty("ready").GetBoolean());
            Assert.True(result.GetProperty("exited").GetBoolean());
        }
        finally
        {
            File.Delete(script);
        }
    }
}
