using System.Text.Json;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>The emulator's rule for who may act on a secret (README, "Who may read a secret"), through the client.</summary>
public sealed class SecretsManagerAccessTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string CustomerKey = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string DefaultKeyRefusal = "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.";

    private static SecretsManagerClient Client(EmulatorHost host, AwsCredentials credentials) =>
        AwsClients.CreateSecretsManager(new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey), TestClients.Settings(host.Url));

    private static string AllowRead(params string[] principals) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new object[] { new { Effect = "Allow", Principal = new { AWS = principals }, Action = "secretsmanager:GetSecretValue", Resource = "*" } },
    });

    private static async Task<string> CreateAsync(EmulatorHost host, string name, string? kmsKeyId, string? policy)
    {
        var admin = Client(host, host.Admin());
        var created = await admin.CreateSecretAsync(new NewSecret(name, "the-value", Guid.NewGuid().ToString()) { KmsKeyId = kmsKeyId }, None);
        if (policy is not null)
        {
            await admin.PutResourcePolicyAsync(created.ARN, policy, None);
        }

        return created.ARN;
    }

    private static async Task<string> RefusalAsync(Task read) => (await Assert.ThrowsAsync<AwsServiceException>(() => read)) switch
    {
        { ErrorCode: "AccessDeniedException" } denied => denied.ServiceMessage,
        var other => throw new Xunit.Sdk.XunitException($"expected AccessDeniedException, got {other.ErrorCode}"),
    };

    [Fact]
    public async Task Only_the_IAM_user_the_policy_names_reads_the_value_in_its_own_account()
    {
        await using var host = await StartAsync();
        var arn = await CreateAsync(host, "ikh/dave", null, AllowRead($"arn:aws:iam::{Management}:user/dave"));

        var read = await Client(host, Dave).GetSecretValueAsync(arn, null, null, None);
        var refused = await RefusalAsync(Client(host, Erin).GetSecretValueAsync("ikh/dave", null, null, None));

        Assert.Equal("the-value", read.SecretString);
        Assert.Contains($"User: arn:aws:iam::{Management}:user/erin is not authorized to perform: secretsmanager:GetSecretValue", refused);
        Assert.Equal(arn, (await Client(host, Erin).DescribeSecretAsync("ikh/dave", None)).ARN); // no identity policy evaluated
    }

    [Fact]
    public async Task An_explicit_deny_wins_over_an_allow()
    {
        await using var host = await StartAsync();
        var dave = $"arn:aws:iam::{Management}:user/dave";
        var policy = JsonSerializer.Serialize(new
        {
            Statement = new object[]
            {
                new { Effect = "Allow", Principal = new { AWS = dave }, Action = "secretsmanager:*" },
                new { Effect = "Deny", Principal = new { AWS = dave }, Action = "secretsmanager:GetSecretValue" },
            },
        });
        var arn = await CreateAsync(host, "ikh/denied", null, policy);

        var refused = await RefusalAsync(Client(host, Dave).GetSecretValueAsync(arn, null, null, None));

        Assert.EndsWith("with an explicit deny in a resource-based policy", refused);
    }

    [Fact]
    public async Task Another_account_reads_by_ARN_only_when_the_policy_allows_it_and_the_key_is_customer_managed()
    {
        await using var host = await StartAsync();
        var unshared = await CreateAsync(host, "ikh/unshared", CustomerKey, null);
        var shared = await CreateAsync(host, "ikh/shared", CustomerKey, AllowRead($"arn:aws:iam::{Member}:root"));
        var member = Client(host, MemberUser);

        var noPolicy = await RefusalAsync(member.GetSecretValueAsync(unshared, null, null, None));
        var read = await member.GetSecretValueAsync(shared, null, null, None);
        var byName = await Assert.ThrowsAsync<AwsServiceException>(() => member.GetSecretValueAsync("ikh/shared", null, null, None));

        Assert.EndsWith("because no resource-based policy allows the secretsmanager:GetSecretValue action", noPolicy);
        Assert.Equal("the-value", read.SecretString);
        Assert.Equal("ResourceNotFoundException", byName.ErrorCode); // a name is looked up in the caller's own account
    }

    [Fact]
    public async Task A_cross_account_read_of_a_secret_under_the_default_key_is_refused_even_when_the_policy_allows()
    {
        await using var host = await StartAsync();
        var arn = await CreateAsync(host, "ikh/default-key", null, AllowRead($"arn:aws:iam::{Member}:user/member-user"));

        var refused = await RefusalAsync(Client(host, MemberUser).GetSecretValueAsync(arn, null, null, None));
        var sameAccount = await Client(host, host.Admin()).GetSecretValueAsync(arn, null, null, None);

        Assert.Equal(DefaultKeyRefusal, refused);
        Assert.Equal("the-value", sameAccount.SecretString);
        Assert.Null((await Client(host, host.Admin()).DescribeSecretAsync(arn, None)).KmsKeyId); // AWS omits the managed key
    }

    [Fact]
    public async Task A_public_policy_is_refused_and_a_condition_is_not_evaluated_wrongly()
    {
        await using var host = await StartAsync();
        var arn = await CreateAsync(host, "ikh/guarded", CustomerKey, null);
        var admin = Client(host, host.Admin());

        var open = await Assert.ThrowsAsync<AwsServiceException>(() => admin.PutResourcePolicyAsync(arn, AllowRead("*"), None));
        var conditional = await Assert.ThrowsAsync<AwsServiceException>(() => admin.PutResourcePolicyAsync(arn,
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"*\",\"Condition\":{}}}", None));

        Assert.Equal("PublicPolicyException", open.ErrorCode);
        Assert.Equal("MalformedPolicyDocumentException", conditional.ErrorCode);
    }

    [Fact]
    public async Task The_state_dump_lists_secrets_without_values_and_reset_forgets_them()
    {
        await using var host = await StartAsync();
        await CreateAsync(host, "ikh/dumped", CustomerKey, AllowRead($"arn:aws:iam::{Management}:user/dave"));

        var account = await host.ControlAsync(HttpMethod.Get, $"state?account={Management}");
        var summary = await host.ControlAsync(HttpMethod.Get, "state");
        await host.ControlAsync(HttpMethod.Post, "reset");
        var afterReset = await host.ControlAsync(HttpMethod.Get, $"state?account={Management}");

        var secret = Assert.Single(account.GetProperty("secrets").EnumerateArray());
        Assert.Equal("ikh/dumped", secret.GetProperty("name").GetString());
        Assert.Equal(CustomerKey, secret.GetProperty("kmsKeyId").GetString());
        Assert.Equal(new[] { "AWSCURRENT" }, secret.GetProperty("versions")[0].GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain("the-value", account.GetRawText());
        Assert.Equal(1, summary.GetProperty("secrets").GetInt32());
        Assert.Empty(afterReset.GetProperty("secrets").EnumerateArray());
    }
}
