using System.Diagnostics;
using System.Text.Json;
using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>
/// The same profile files read by Debian's real AWS CLI (/usr/bin/aws configure export-credentials and
/// configure get region) and by the engine: both must find the same keys and region. A client no one here
/// wrote checks our INI reading and profile merging.
/// </summary>
public sealed class AwsCliParityTests
{
    private const string Cli = "/usr/bin/aws";
    private static readonly TestKeys A = TestKeys.Make("clia");
    private static readonly TestKeys B = TestKeys.Make("clib");
    private static readonly TestKeys S = TestKeys.Make("clis", session: true);

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        {
            "static keys in the credentials file",
            $"[plain]\naws_access_key_id = {A.AccessKeyId}\naws_secret_access_key = {A.SecretKey}\n",
            "[profile plain]\nregion = eu-west-1\n",
            "plain"
        },
        {
            "config-only profile with comments, sub-settings and upper-case keys",
            "",
            $"# team\n[profile cfg]\n; keys\nAWS_ACCESS_KEY_ID = {A.AccessKeyId}\naws_secret_access_key={A.SecretKey}\ns3 =\n  max_concurrent_requests = 4\nregion = ap-south-1\n",
            "cfg"
        },
        {
            "the credentials file wins over the config file",
            $"[both]\naws_access_key_id = {B.AccessKeyId}\naws_secret_access_key = {B.SecretKey}\n",
            $"[profile both]\naws_access_key_id = {A.AccessKeyId}\naws_secret_access_key = {A.SecretKey}\nregion = us-west-2\n",
            "both"
        },
        {
            "session token",
            $"[sess]\naws_access_key_id = {S.AccessKeyId}\naws_secret_access_key = {S.SecretKey}\naws_session_token = {S.SessionToken}\n",
            "",
            "sess"
        },
        {
            "the default profile written [default] in the config file",
            "",
            $"[default]\naws_access_key_id = {A.AccessKeyId}\naws_secret_access_key = {A.SecretKey}\nregion = ca-central-1\n",
            "default"
        },
        {
            "credential_process",
            "",
            "[profile proc]\ncredential_process = {SCRIPT}\nregion = eu-north-1\n",
            "proc"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_engine_and_the_AWS_CLI_agree(string description, string credentialsFile, string configFile, string profile)
    {
        using var home = new TestHome();
        var script = home.Script("proc.sh", $"echo '{S.Json(DateTime.UtcNow.AddHours(1), version1: true)}'");
        if (credentialsFile.Length > 0) home.Credentials(credentialsFile);
        if (configFile.Length > 0) home.Config(configFile.Replace("{SCRIPT}", script));

        var cliKeys = JsonDocument.Parse(await RunCli(home, 0, "configure", "export-credentials", "--profile", profile, "--format", "process")).RootElement;
        var cliRegion = (await RunCli(home, 1, "configure", "get", "region", "--profile", profile)).Trim();

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = profile), new MemoryLog());
        var ours = connection.Credentials.GetCredentials();

        Assert.True(cliKeys.GetProperty("AccessKeyId").GetString() == ours.AccessKey, description);
        Assert.True(cliKeys.GetProperty("SecretAccessKey").GetString() == ours.SecretKey, description);
        var cliToken = cliKeys.TryGetProperty("SessionToken", out var token) ? token.GetString() : null;
        Assert.True(cliToken == (string.IsNullOrEmpty(ours.Token) ? null : ours.Token), description);
        Assert.Equal(cliRegion.Length == 0 ? "us-east-1" : cliRegion, connection.Region);
    }

    [Fact]
    public async Task Both_refuse_a_missing_named_profile()
    {
        using var home = new TestHome();
        home.Credentials($"[default]\naws_access_key_id = {A.AccessKeyId}\naws_secret_access_key = {A.SecretKey}");

        var cliError = await RunCli(home, 253, "configure", "export-credentials", "--profile", "missing", "--format", "process");
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(o => o.ProfileName = "missing"), new MemoryLog()));

        Assert.Contains("missing", cliError);
        Assert.Contains("'missing'", error.Message);
    }

    /// <summary>Runs the CLI with only the test home's files and no AWS_* variable of the machine.</summary>
    [Theory]
    [InlineData("[dup]\naws_access_key_id = AKIAFIRSTXXXXXXXXXXX\naws_secret_access_key = s1\n[other]\nx = 1\n[dup]\naws_access_key_id = AKIASECONDXXXXXXXXXX\naws_secret_access_key = s2\n")]
    [InlineData("[dup]\naws_access_key_id = AKIAFIRSTXXXXXXXXXXX\naws_secret_access_key = s1\naws_access_key_id = AKIASECONDXXXXXXXXXX\n")]
    public async Task Both_refuse_a_file_that_says_two_things_about_one_profile(string credentialsFile)
    {
        using var home = new TestHome();
        home.Credentials(credentialsFile);

        var cliError = await RunCli(home, 255, "configure", "export-credentials", "--profile", "dup", "--format", "process");
        var error = Assert.Throws<AwsConfigurationException>(() => AwsConnection.Resolve(home.Options(o => o.ProfileName = "dup"), new MemoryLog()));

        Assert.Contains("Unable to parse config file", cliError);
        Assert.Contains(home.CredentialsPath + " line", error.Message);
        Assert.DoesNotContain("AKIASECOND", error.Message);
    }

    private static async Task<string> RunCli(TestHome home, int allowExitCode, params string[] args)
    {
        if (!File.Exists(Cli))
            throw new InvalidOperationException("Debian's awscli is required: apt-get install -y awscli");
        var start = new ProcessStartInfo(Cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["HOME"] = home.Root;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && process.ExitCode != allowExitCode)
            throw new Xunit.Sdk.XunitException($"aws {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return process.ExitCode == 0 ? await stdout : await stdout + await stderr;
    }
}
