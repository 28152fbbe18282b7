using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Debian's awscli against the in-process emulator: Secrets Manager.</summary>
public sealed class AwsCliSecretsManagerTests
{
    private const string CustomerKey = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static string[] Strings(System.Text.Json.JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task SecretLifecycleThroughEveryOperation()
    {
        await using var host = await StartAsync();
        var admin = host.Admin();

        var created = (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "create-secret", "--name", "ikh/dave", "--secret-string", "first",
            "--kms-key-id", CustomerKey, "--description", "dave's key", "--tags", "Key=owner,Value=dave")).AssertSuccess().Json;
        var arn = created.GetProperty("ARN").GetString()!;
        var put = (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "put-secret-value", "--secret-id", arn, "--secret-string", "second")).AssertSuccess().Json;
        var current = (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "get-secret-value", "--secret-id", "ikh/dave")).AssertSuccess().Json;
        var previous = (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "get-secret-value", "--secret-id", arn, "--version-stage", "AWSPREVIOUS")).AssertSuccess().Json;
        (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "tag-resource", "--secret-id", "ikh/dave", "--tags", "Key=rotated-by,Value=ikh")).AssertSuccess();
        var policy = (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "put-resource-policy", "--secret-id", "ikh/dave", "--block-public-policy",
            "--resource-policy", $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Management}}:user/dave"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""")).AssertSuccess().Json;
        var described = (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "describe-secret", "--secret-id", "ikh/dave")).AssertSuccess().Json;
        var versions = (await AwsCli.RunAsync(host.Url, admin, "secretsmanager", "list-secret-version-ids", "--secret-id", "ikh/dave")).AssertSuccess().Json;
        var asDave = (await AwsCli.RunAsync(host.Url, Dave, "secretsmanager", "get-secret-value", "--secret-id", arn)).AssertSuccess().Json;
        var asErin = await AwsCli.RunAsync(host.Url, Erin, "secretsmanager", "get-secret-value", "--secret-id", arn);

        Assert.Matches($"^arn:aws:secretsmanager:us-east-1:{Management}:secret:ikh/dave-[A-Za-z0-9]{{6}}$", arn);
        Assert.Equal(new[] { "AWSCURRENT" }, Strings(put.GetProperty("VersionStages")));
        Assert.Equal("second", current.GetProperty("SecretString").GetString());
        Assert.Equal(put.GetProperty("VersionId").GetString(), current.GetProperty("VersionId").GetString());
        Assert.Equal("first", previous.GetProperty("SecretString").GetString());
        Assert.Equal(created.GetProperty("VersionId").GetString(), previous.GetProperty("VersionId").GetString());
        Assert.Equal(arn, policy.GetProperty("ARN").GetString());
        Assert.Equal(CustomerKey, described.GetProperty("KmsKeyId").GetString());
        Assert.Equal("dave's key", described.GetProperty("Description").GetString());
        Assert.Equal(2, described.GetProperty("Tags").GetArrayLength());
        Assert.Equal(new[] { "AWSPREVIOUS" }, Strings(described.GetProperty("VersionIdsToStages").GetProperty(created.GetProperty("VersionId").GetString()!)));
        Assert.Equal(2, versions.GetProperty("Versions").GetArrayLength());
        Assert.Equal("second", asDave.GetProperty("SecretString").GetString());
        Assert.NotEqual(0, asErin.ExitCode);
        Assert.Contains("(AccessDeniedException)", asErin.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingAndTakenNamesAnswerAsAws()
    {
        await using var host = await StartAsync();
        (await AwsCli.RunAsync(host.Url, host.Admin(), "secretsmanager", "create-secret", "--name", "ikh/taken", "--secret-string", "x")).AssertSuccess();

        var taken = await AwsCli.RunAsync(host.Url, host.Admin(), "secretsmanager", "create-secret", "--name", "ikh/taken", "--secret-string", "y");
        var missing = await AwsCli.RunAsync(host.Url, host.Admin(), "secretsmanager", "describe-secret", "--secret-id", "ikh/missing");

        Assert.Contains("(ResourceExistsException)", taken.StdErr, StringComparison.Ordinal);
        Assert.Contains("(ResourceNotFoundException)", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrossAccountReadOfASecretUnderTheDefaultKeyIsRefused()
    {
        await using var host = await StartAsync();
        var arn = (await AwsCli.RunAsync(host.Url, host.Admin(), "secretsmanager", "create-secret", "--name", "ikh/member", "--secret-string", "x")).AssertSuccess().Json.GetProperty("ARN").GetString()!;
        (await AwsCli.RunAsync(host.Url, host.Admin(), "secretsmanager", "put-resource-policy", "--secret-id", arn,
            "--resource-policy", $$"""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Member}}:root"},"Action":"secretsmanager:*","Resource":"*"}]}""")).AssertSuccess();

        var described = await AwsCli.RunAsync(host.Url, MemberUser, "secretsmanager", "describe-secret", "--secret-id", arn);
        var refused = await AwsCli.RunAsync(host.Url, MemberUser, "secretsmanager", "get-secret-value", "--secret-id", arn);

        described.AssertSuccess();
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(AccessDeniedException)", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.", refused.StdErr, StringComparison.Ordinal);
    }
}
