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
        var result = await RunAsync("""
            $state = Invoke-EmulatorControl -Emulator $e -Path state
            $clock = Move-EmulatorClock -Emulator $e -Days 2.5
            $health = Invoke-RestMethod "$($e.Url)/_emulator/health"
            """, """
            [pscustomobject]@{ url = $e.Url; key = $e.AccessKeyId; accounts = $state.accounts; offset = $clock.offsetDays; ready = $health.ready; exited = $e.Process.HasExited } | ConvertTo-Json -Compress
            """);

        Assert.StartsWith("http://127.0.0.1:", result.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("AKIAEMULATORADMIN001", result.GetProperty("key").GetString());
        Assert.Equal(25, result.GetProperty("accounts").GetInt32());
        Assert.Equal(2.5, result.GetProperty("offset").GetDouble(), 6);
        Assert.True(result.GetProperty("ready").GetBoolean());
        Assert.True(result.GetProperty("exited").GetBoolean());
    }

    [Fact]
    public async Task TheSlackHelpersSetTheWorkspaceThrottleAndReadWhatWasReceived()
    {
        var result = await RunAsync("""
            $null = Set-EmulatorSlack -Emulator $e -BotToken 'xoxb-1-2-modulehelper' -Member @{ id = 'U0ALICE01'; email = 'alice@example.com' } -Channel @{ id = 'C0KEYS001'; name = 'key-hygiene' }
            $null = Set-EmulatorSlackThrottle -Emulator $e -Method chat.postMessage -Count 1 -RetryAfterSeconds 9
            $post = @{ Uri = "$($e.Url)/slack/api/chat.postMessage"; Method = 'POST'; ContentType = 'application/json'; Headers = @{ Authorization = 'Bearer xoxb-1-2-modulehelper' }; Body = '{"channel":"#key-hygiene","text":"hi"}'; SkipHttpErrorCheck = $true }
            $throttled = Invoke-WebRequest @post
            $sent = Invoke-WebRequest @post
            $null = Invoke-RestMethod -Uri "$($e.Url)/webhooks/generic/abc" -Method POST -ContentType 'application/json' -Body '{"subject":"hi"}'
            $messages = @(Get-EmulatorSlackMessage -Emulator $e)
            $webhooks = @(Get-EmulatorWebhook -Emulator $e -Kind generic)
            $teams = @(Get-EmulatorWebhook -Emulator $e -Kind teams)
            """, """
            [pscustomobject]@{ throttled = [int]$throttled.StatusCode; retryAfter = "$($throttled.Headers['Retry-After'])"; sent = [int]$sent.StatusCode; channel = $messages[0].channel; count = $messages.Count; webhook = $webhooks[0].body.subject; teams = $teams.Count } | ConvertTo-Json -Compress
            """);

        Assert.Equal(429, result.GetProperty("throttled").GetInt32());
        Assert.Equal("9", result.GetProperty("retryAfter").GetString());
        Assert.Equal(200, result.GetProperty("sent").GetInt32());
        Assert.Equal("C0KEYS001", result.GetProperty("channel").GetString());
        Assert.Equal(1, result.GetProperty("count").GetInt32());
        Assert.Equal("hi", result.GetProperty("webhook").GetString());
        Assert.Equal(0, result.GetProperty("teams").GetInt32());
    }

    /// <summary>Runs <paramref name="body"/> with $e a started emulator (small-org), stops it, then runs <paramref name="output"/>,
    /// whose last line of stdout (JSON) is returned.</summary>
    private static async Task<JsonElement> RunAsync(string body, string output)
    {
        var repo = Repository.Root;
        var emulatorDll = Path.Combine(AppContext.BaseDirectory, "IamKeyHygiene.Emulator.dll");
        var script = Path.Combine(Path.GetTempPath(), $"ikh-emulator-module-{Guid.NewGuid():N}.ps1");
        await File.WriteAllTextAsync(script, $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{Path.Combine(repo, "tests", "Emulator.psm1")}}' -Force
            $e = Start-Emulator -Scenario '{{Path.Combine(repo, "samples", "emulator", "small-org.json")}}' -EmulatorPath '{{emulatorDll}}' -LatencyMs 1
            try {
            {{body}}
            }
            finally { $e.Stop() }
            {{output}}
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

            return JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]).RootElement.Clone();
        }
        finally
        {
            File.Delete(script);
        }
    }
}
