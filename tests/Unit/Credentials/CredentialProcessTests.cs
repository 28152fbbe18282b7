using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Credentials;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>credential_process running real bash scripts that print Version 1 JSON.</summary>
public sealed class CredentialProcessTests
{
    private static (TestHome Home, string CallsFile) HomeWithProcess(string scriptBody, string arguments = "")
    {
        var home = new TestHome();
        var callsFile = Path.Combine(home.Root, "calls");
        var script = home.Script("creds.sh", $"echo call >> '{callsFile}'\n" + scriptBody);
        home.Config($"[profile proc]\ncredential_process = {script}{arguments}\nregion = eu-west-1");
        return (home, callsFile);
    }

    private static int Calls(string callsFile) => File.Exists(callsFile) ? File.ReadAllLines(callsFile).Length : 0;

    [Fact]
    public void The_process_output_becomes_the_credentials_and_runs_once_while_valid()
    {
        var keys = TestKeys.Make("proc", session: true);
        var json = keys.Json(DateTime.UtcNow.AddHours(1), version1: true);
        var (home, calls) = HomeWithProcess($"cat <<'JSON'\n{json}\nJSON");
        using var _ = home;

        var log = new MemoryLog();
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "proc"), log);
        Assert.Equal(0, Calls(calls)); // nothing runs until the credentials are used
        var first = connection.Credentials.GetCredentials();
        var second = connection.Credentials.GetCredentials();

        Assert.Equal("profile proc", connection.CredentialSource);
        Assert.Equal((keys.AccessKeyId, keys.SecretKey, keys.SessionToken), (first.AccessKey, first.SecretKey, first.Token));
        Assert.Equal(first.AccessKey, second.AccessKey);
        Assert.Equal(1, Calls(calls));
        Assert.Contains("credential_process of profile 'proc'", Assert.Single(log.DebugLines));
        ProfileTests.AssertNoSecret(log.Text, keys);
    }

    [Fact]
    public void Arguments_with_spaces_and_quotes_reach_the_process()
    {
        var keys = TestKeys.Make("args");
        var (home, _) = HomeWithProcess(
            "[ \"$1\" = 'two words' ] && [ \"$2\" = 'say \"hi\"' ] || { echo \"bad args: $*\" >&2; exit 3; }\n" +
            $"echo '{keys.Json(null, version1: true)}'",
            " 'two words' 'say \"hi\"'");
        using var _home = home;

        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "proc"), new MemoryLog());

        Assert.Equal(keys.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Credentials_near_their_Expiration_make_the_process_run_again()
    {
        var counter = "n=$(wc -l < \"$0.calls\" 2>/dev/null || echo 0); echo x >> \"$0.calls\"\n";
        var first = TestKeys.Make("early", session: true);
        var second = TestKeys.Make("later", session: true);
        var soon = DateTime.UtcNow.AddMinutes(1);
        var later = DateTime.UtcNow.AddHours(1);
        var (home, calls) = HomeWithProcess(counter +
            $"if [ \"$n\" -eq 0 ]; then echo '{first.Json(soon, version1: true)}'; else echo '{second.Json(later, version1: true)}'; fi");
        using var _ = home;
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "proc"), new MemoryLog());

        Assert.Equal(first.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal(second.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal(second.AccessKeyId, connection.Credentials.GetCredentials().AccessKey);
        Assert.Equal(2, Calls(calls));
    }

    [Fact]
    public void A_failing_process_is_an_error_with_its_exit_code_and_last_stderr_line_but_no_stdout()
    {
        var keys = TestKeys.Make("leak", session: true);
        var (home, _) = HomeWithProcess($"echo '{keys.Json(null, version1: true)}'\necho 'first line' >&2\necho 'token expired, run login' >&2\nexit 7");
        using var _home = home;
        var log = new MemoryLog();
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "proc"), log);

        var error = Assert.Throws<AwsConfigurationException>(() => connection.Credentials.GetCredentials());

        Assert.Contains("credential_process of profile 'proc' exited with code 7: token expired, run login", error.Message);
        ProfileTests.AssertNoSecret(error.ToString(), keys);
        ProfileTests.AssertNoSecret(log.Text, keys);
    }

    [Theory]
    [InlineData("echo 'not json at all secret/x/wJalr'", "did not return a JSON credentials document")]
    [InlineData("echo '{\"AccessKeyId\":\"AKIAX\",\"SecretAccessKey\":\"secret/x/wJalr\"}'", "without \"Version\": 1")]
    [InlineData("echo '{\"Version\":2,\"AccessKeyId\":\"AKIAX\",\"SecretAccessKey\":\"secret/x/wJalr\"}'", "without \"Version\": 1")]
    [InlineData("echo '{\"Version\":1,\"AccessKeyId\":\"AKIAX\"}'", "without SecretAccessKey")]
    [InlineData("echo '{\"Version\":1,\"AccessKeyId\":\"AKIAX\",\"SecretAccessKey\":\"secret/x/wJalr\",\"Expiration\":\"soon\"}'", "Expiration that is not an ISO 8601 time")]
    public void Bad_output_is_an_error_naming_the_profile_and_never_quoting_the_output(string script, string expected)
    {
        var (home, _) = HomeWithProcess(script);
        using var _home = home;
        var connection = AwsConnection.Resolve(home.Options(o => o.ProfileName = "proc"), new MemoryLog());

        var error = Assert.Throws<AwsConfigurationException>(() => connection.Credentials.GetCredentials());

        Assert.Contains("credential_process of profile 'proc'", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("secret/x/wJalr", error.Message);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("say \"hi\"")]
    [InlineData("back\\slash\\")]
    [InlineData("back\\\"quote")]
    [InlineData("")]
    public void Quoting_gives_the_argument_back_unchanged(string argument)
    {
        var quoted = ProcessCredentials.QuoteArgument(argument);
        var start = new System.Diagnostics.ProcessStartInfo("/bin/echo", quoted) { RedirectStandardOutput = true, UseShellExecute = false };
        using var echo = System.Diagnostics.Process.Start(start)!;
        var output = echo.StandardOutput.ReadToEnd();
        echo.WaitForExit();
        Assert.Equal(argument + "\n", output);
    }
}
