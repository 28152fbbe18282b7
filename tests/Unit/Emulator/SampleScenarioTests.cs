using System.Text;
using System.Text.RegularExpressions;
using IamKeyHygiene.Emulator.Hosting;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>The shipped sample scenario loads and its pre-existing credential report reads as AWS writes one.</summary>
public sealed class SampleScenarioTests
{
    [Fact]
    public async Task SmallOrgHasAnOldReportWithRootKeysInactiveKeysAndSpecialValues()
    {
        var sample = Repository.Path("samples", "emulator", "small-org.json");
        await using var host = await EmulatorHost.StartAsync(sample);
        var admin = new AwsCredentials(host.AccessKeyId, host.SecretAccessKey);

        var assumed = await host.QueryAsync(admin, "sts", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A333333333333%3Arole%2FKeyHygieneAudit&RoleSessionName=sample&ExternalId=hygiene-ext-1&DurationSeconds=7200");
        Assert.Equal(200, assumed.Status);
        var session = new AwsCredentials(
            Regex.Match(assumed.Body, "<AccessKeyId>(.*)</AccessKeyId>").Groups[1].Value,
            Regex.Match(assumed.Body, "<SecretAccessKey>(.*)</SecretAccessKey>").Groups[1].Value,
            Regex.Match(assumed.Body, "<SessionToken>(.*)</SessionToken>").Groups[1].Value);
        var report = await host.QueryAsync(session, "iam", "Action=GetCredentialReport&Version=2010-05-08");

        Assert.Equal(200, report.Status);
        var generated = DateTimeOffset.Parse(Regex.Match(report.Body, "<GeneratedTime>(.*)</GeneratedTime>").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - generated, TimeSpan.FromHours(29), TimeSpan.FromHours(31));
        var rows = Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Match(report.Body, "<Content>(.*)</Content>").Groups[1].Value))
            .Split('\n').Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0]);
        Assert.Equal("true", rows["<root_account>"][8]);
        Assert.Equal("N/A", rows["<root_account>"][10]);
        Assert.Equal("arn:aws:iam::333333333333:user/engineering/bob", rows["bob"][1]);
        Assert.Equal(("false", "ec2", "eu-west-1"), (rows["bob"][8], rows["bob"][12], rows["bob"][11]));
        Assert.Equal("true", rows["bob"][13]);
        Assert.Equal(("true", "no_information", "N/A"), (rows["carol"][3], rows["carol"][4], rows["carol"][6]));
        Assert.Equal(("true", "N/A", "N/A"), (rows["svc-deploy"][8], rows["svc-deploy"][10], rows["svc-deploy"][12]));
    }
}
