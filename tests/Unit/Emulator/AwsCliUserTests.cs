using System.Text;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the in-process emulator: IAM users made and removed, and how the report writes their names.</summary>
public sealed class AwsCliUserTests
{
    private const string Name = "a=b,c_d-e";

    [Fact]
    public async Task CreateUserTakesAnyLegalNameAndPathAndDeleteUserRefusesWhileKeysRemain()
    {
        await using var host = await StartAsync();

        var user = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-user", "--user-name", Name, "--path", "/team,x/",
            "--tags", "Key=owner,Value=ops@example.com")).AssertSuccess().Json.GetProperty("User");
        var again = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-user", "--user-name", "A=B,C_D-E");
        var badName = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-user", "--user-name", "no:colon");
        var key = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-access-key", "--user-name", Name)).AssertSuccess().Json.GetProperty("AccessKey");
        var conflict = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-user", "--user-name", Name);

        Assert.Equal(Name, user.GetProperty("UserName").GetString());
        Assert.Equal("/team,x/", user.GetProperty("Path").GetString());
        Assert.Equal($"arn:aws:iam::{Management}:user/team,x/{Name}", user.GetProperty("Arn").GetString());
        Assert.StartsWith("AIDA", user.GetProperty("UserId").GetString(), StringComparison.Ordinal);
        Assert.Contains("(EntityAlreadyExists)", again.StdErr, StringComparison.Ordinal);
        Assert.Contains("(ValidationError)", badName.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("(DeleteConflict)", conflict.StdErr, StringComparison.Ordinal);
        Assert.Contains("must delete access keys first", conflict.StdErr, StringComparison.Ordinal);

        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-access-key", "--user-name", Name, "--access-key-id", key.GetProperty("AccessKeyId").GetString()!)).AssertSuccess();
        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-user", "--user-name", Name)).AssertSuccess();
        var gone = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "get-user", "--user-name", Name);
        var deletedTwice = await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "delete-user", "--user-name", Name);

        Assert.Contains("(NoSuchEntity)", gone.StdErr, StringComparison.Ordinal);
        Assert.Contains("(NoSuchEntity)", deletedTwice.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, Name + ",arn:aws:iam::111111111111:user/team,x/" + Name + ",")]
    [InlineData(true, "\"" + Name + "\",\"arn:aws:iam::111111111111:user/team,x/" + Name + "\",")]
    public async Task TheReportQuotesANameWithACommaOnlyWhenSetTo(bool quotes, string rowStart)
    {
        await using var host = await StartAsync(StandardScenario(reportGenerationSeconds: 0));
        await host.ControlAsync(HttpMethod.Post, "settings", new { credentialReportQuotesCommas = quotes });
        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "create-user", "--user-name", Name, "--path", "/team,x/")).AssertSuccess();

        (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "generate-credential-report")).AssertSuccess();
        var report = (await AwsCli.RunAsync(host.Url, host.Admin(), "iam", "get-credential-report")).AssertSuccess().Json;
        var settings = await host.ControlAsync(HttpMethod.Get, "settings");

        var csv = Encoding.UTF8.GetString(Convert.FromBase64String(report.GetProperty("Content").GetString()!));
        Assert.Contains(csv.Split('\n'), line => line.StartsWith(rowStart, StringComparison.Ordinal));
        Assert.Contains(csv.Split('\n'), line => line.StartsWith("alice,arn:aws:iam::111111111111:user/alice,", StringComparison.Ordinal));
        Assert.Equal(quotes, settings.GetProperty("credentialReportQuotesCommas").GetBoolean());
    }
}
