using System.Text.Json;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the in-process emulator: SNS (topics, Publish recorded with its attributes) and
/// SSM Parameter Store (String and SecureString parameters, with and without decryption).</summary>
public sealed class AwsCliSnsSsmTests
{
    [Fact]
    public async Task TopicsArePublishedToAndEveryMessageIsRecordedWithItsAttributes()
    {
        await using var host = await StartAsync();
        var admin = host.Admin();

        var arn = (await AwsCli.RunAsync(host.Url, admin, "sns", "create-topic", "--name", "key-hygiene")).AssertSuccess().Json.GetProperty("TopicArn").GetString()!;
        var listed = (await AwsCli.RunAsync(host.Url, admin, "sns", "list-topics")).AssertSuccess().Json;
        var published = (await AwsCli.RunAsync(host.Url, admin, "sns", "publish", "--topic-arn", arn, "--subject", "Key notice",
            "--message", "Your key is 85 days old & will be disabled.",
            "--message-attributes", """{"owner":{"DataType":"String","StringValue":"alice@example.com"},"kind":{"DataType":"String","StringValue":"Owner"}}""")).AssertSuccess().Json;
        var missing = await AwsCli.RunAsync(host.Url, admin, "sns", "publish", "--topic-arn", $"arn:aws:sns:us-east-1:{Management}:nope", "--message", "m");
        var longSubject = await AwsCli.RunAsync(host.Url, admin, "sns", "publish", "--topic-arn", arn, "--subject", new string('s', 100), "--message", "m");
        var emptyAttribute = await AwsCli.RunAsync(host.Url, admin, "sns", "publish", "--topic-arn", arn, "--message", "m",
            "--message-attributes", """{"owner":{"DataType":"String","StringValue":""}}""");

        Assert.Equal($"arn:aws:sns:us-east-1:{Management}:key-hygiene", arn);
        Assert.Equal(arn, listed.GetProperty("Topics")[0].GetProperty("TopicArn").GetString());
        var recorded = Assert.Single((await host.ControlAsync(HttpMethod.Get, "sns/messages")).GetProperty("messages").EnumerateArray());
        Assert.Equal(published.GetProperty("MessageId").GetString(), recorded.GetProperty("messageId").GetString());
        Assert.Equal(("Key notice", "Your key is 85 days old & will be disabled."), (recorded.GetProperty("subject").GetString(), recorded.GetProperty("message").GetString()));
        var attributes = recorded.GetProperty("messageAttributes");
        Assert.Equal(("alice@example.com", "Owner", "String"), (attributes.GetProperty("owner").GetProperty("stringValue").GetString(),
            attributes.GetProperty("kind").GetProperty("stringValue").GetString(), attributes.GetProperty("owner").GetProperty("dataType").GetString()));
        Assert.Contains("(NotFound)", missing.StdErr, StringComparison.Ordinal);
        Assert.Contains("(InvalidParameter)", longSubject.StdErr, StringComparison.Ordinal);
        Assert.Contains("(ParameterValueInvalid)", emptyAttribute.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecureStringIsEncryptedUnlessDecryptionIsAsked()
    {
        await using var host = await StartAsync();
        var admin = host.Admin();
        const string password = "smtp-password/EXAMPLE+1=";

        var put = (await AwsCli.RunAsync(host.Url, admin, "ssm", "put-parameter", "--name", "/key-hygiene/smtp-password", "--type", "SecureString",
            "--value", password, "--key-id", "alias/key-hygiene")).AssertSuccess().Json;
        (await AwsCli.RunAsync(host.Url, admin, "ssm", "put-parameter", "--name", "/key-hygiene/smtp-user", "--type", "String", "--value", "AKIASMTPUSER")).AssertSuccess();
        var encrypted = (await AwsCli.RunAsync(host.Url, admin, "ssm", "get-parameter", "--name", "/key-hygiene/smtp-password")).AssertSuccess().Json.GetProperty("Parameter");
        var decrypted = (await AwsCli.RunAsync(host.Url, admin, "ssm", "get-parameter", "--name", "/key-hygiene/smtp-password", "--with-decryption")).AssertSuccess().Json.GetProperty("Parameter");
        var plain = (await AwsCli.RunAsync(host.Url, admin, "ssm", "get-parameter", "--name", "/key-hygiene/smtp-user")).AssertSuccess().Json.GetProperty("Parameter");
        var again = await AwsCli.RunAsync(host.Url, admin, "ssm", "put-parameter", "--name", "/key-hygiene/smtp-user", "--type", "String", "--value", "x");
        var overwritten = (await AwsCli.RunAsync(host.Url, admin, "ssm", "put-parameter", "--name", "/key-hygiene/smtp-user", "--value", "AKIASMTPUSER2", "--overwrite")).AssertSuccess().Json;
        (await AwsCli.RunAsync(host.Url, admin, "ssm", "delete-parameter", "--name", "/key-hygiene/smtp-user")).AssertSuccess();
        var deleted = await AwsCli.RunAsync(host.Url, admin, "ssm", "get-parameter", "--name", "/key-hygiene/smtp-user");
        var otherAccount = await AwsCli.RunAsync(host.Url, MemberUser, "ssm", "get-parameter", "--name", "/key-hygiene/smtp-password", "--with-decryption");

        Assert.Equal(1, put.GetProperty("Version").GetInt32());
        Assert.Equal("SecureString", encrypted.GetProperty("Type").GetString());
        Assert.DoesNotContain(password, encrypted.GetProperty("Value").GetString()!, StringComparison.Ordinal);
        Assert.NotEmpty(Convert.FromBase64String(encrypted.GetProperty("Value").GetString()!));
        Assert.Equal(password, decrypted.GetProperty("Value").GetString());
        Assert.Equal($"arn:aws:ssm:us-east-1:{Management}:parameter/key-hygiene/smtp-password", decrypted.GetProperty("ARN").GetString());
        Assert.Equal(("AKIASMTPUSER", "String"), (plain.GetProperty("Value").GetString(), plain.GetProperty("Type").GetString()));
        Assert.Contains("(ParameterAlreadyExists)", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, overwritten.GetProperty("Version").GetInt32());
        Assert.Contains("(ParameterNotFound)", deleted.StdErr, StringComparison.Ordinal);
        Assert.Contains("(ParameterNotFound)", otherAccount.StdErr, StringComparison.Ordinal);
        var secrets = (await host.ControlAsync(HttpMethod.Get, "secrets")).GetProperty("secrets").EnumerateArray().Select(s => s.GetString());
        Assert.Contains(password, secrets);
    }

    [Fact]
    public async Task ScenarioParametersAndTopicsAreThereFromTheStartAndThrottlingIsRetriedByTheCli()
    {
        await using var host = await StartAsync(Clients.SsmParameterReaderTests.Scenario);
        await host.ControlAsync(HttpMethod.Post, "faults", new { seed = 2, rules = new[] { new { service = "ssm", throttleProbability = 0.5 }, new { service = "sns", throttleProbability = 0.5 } } });

        var parameter = (await AwsCli.RunAsync(host.Url, host.Admin(), "ssm", "get-parameter", "--name", "/key-hygiene/smtp-password", "--with-decryption")).AssertSuccess().Json;
        var topics = (await AwsCli.RunAsync(host.Url, host.Admin(), "sns", "list-topics")).AssertSuccess().Json;
        var state = await host.ControlAsync(HttpMethod.Get, "state");

        Assert.Equal(Clients.SsmParameterReaderTests.SmtpPassword, parameter.GetProperty("Parameter").GetProperty("Value").GetString());
        Assert.Equal($"arn:aws:sns:us-east-1:{Management}:key-hygiene", topics.GetProperty("Topics")[0].GetProperty("TopicArn").GetString());
        Assert.Equal((2, 1), (state.GetProperty("ssmParameters").GetInt32(), state.GetProperty("snsTopics").GetInt32()));
        var counts = await host.ControlAsync(HttpMethod.Get, "faults/counts");
        Assert.True(FaultCount(counts, "throttle", "ssm:GetParameter") + FaultCount(counts, "throttle", "sns:ListTopics") > 0, "nothing was throttled");
    }
}
