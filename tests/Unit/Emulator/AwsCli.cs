using System.Diagnostics;
using System.Text.Json;

namespace IamKeyHygiene.Tests.Unit.Emulator;

internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public JsonElement Json => JsonDocument.Parse(StdOut).RootElement.Clone();

    public CliResult AssertSuccess()
    {
        if (ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"aws failed with {ExitCode}: {StdErr}");
        }

        return this;
    }
}

/// <summary>
/// Runs Debian's real AWS CLI (/usr/bin/aws) against an endpoint, isolated from the machine: empty HOME, no config
/// or credentials files, only the credentials given, AWS_MAX_ATTEMPTS=10.
/// </summary>
internal static class AwsCli
{
    public const string Executable = "/usr/bin/aws";
    private static readonly Lazy<string> Home = new(() =>
    {
        var home = Path.Combine(Path.GetTempPath(), "ikh-awscli-home-" + Environment.ProcessId);
        Directory.CreateDirectory(home);
        return home;
    });

    public static Task<CliResult> RunAsync(string endpoint, AwsCredentials credentials, params string[] args)
        => RunAsync(endpoint, credentials, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(string, AwsCredentials, string[])"/>, with environment variables set over the isolated ones
    /// (e.g. AWS_MAX_ATTEMPTS=1 where a refused connection is the expected answer).</summary>
    public static async Task<CliResult> RunAsync(string endpoint, AwsCredentials credentials, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("Debian's awscli is required: apt-get install -y awscli");
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = Home.Value;
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(Home.Value, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Home.Value, "no-credentials");
        start.Environment["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        if (credentials.SessionToken is not null)
        {
            start.Environment["AWS_SESSION_TOKEN"] = credentials.SessionToken;
        }

        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_MAX_ATTEMPTS"] = "10";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint);
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        return await CompleteAsync(start, "aws " + string.Join(' ', args));
    }

    /// <summary>Runs a started process's command to its end (2 minutes at most, then killed with a TimeoutException
    /// naming <paramref name="command"/>), with its output and error text.</summary>
    public static async Task<CliResult> CompleteAsync(ProcessStartInfo start, string command)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish in 2 minutes");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts aws without waiting (for hold tests).</summary>
    public static Process Start(string endpoint, AwsCredentials credentials, params string[] args)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = Home.Value;
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(Home.Value, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Home.Value, "no-credentials");
        start.Environment["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_MAX_ATTEMPTS"] = "10";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var arg in args.Concat(new[] { "--endpoint-url", endpoint, "--output", "json" }))
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
