using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>
/// Every answer the emulator gives is checked against the official service models (aws-reference/models):
/// output elements are members of the output shape, required members are present, enums and scalar types hold;
/// modelled errors carry the model's code and HTTP status.
/// </summary>
public sealed class ModelConformanceTests
{
    private const string V = "&Version=2010-05-08";

    private static readonly Lazy<JsonElement> IamModel = new(() => Load("iam", "2010-05-08"));
    private static readonly Lazy<JsonElement> StsModel = new(() => Load("sts", "2011-06-15"));
    private static readonly Lazy<JsonElement> OrganizationsModel = new(() => Load("organizations", "2016-11-28"));
    private static readonly Lazy<JsonElement> SecretsManagerModel = new(() => Load("secretsmanager", "2017-10-17"));
    private static readonly Lazy<JsonElement> SnsModel = new(() => Load("sns", "2010-03-31"));
    private static readonly Lazy<JsonElement> SsmModel = new(() => Load("ssm", "2014-11-06"));

    private static JsonElement Load(string service, string version) =>
        JsonDocument.Parse(File.ReadAllText(AwsReference.Path("models", service, version, "service-2.json"))).RootElement.Clone();

    [Fact]
    public async Task IamAndStsAnswersMatchTheirOutputShapes()
    {
        await using var host = await StartAsync(StandardScenario(reportGenerationSeconds: 0));
        var created = await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);
        var newKey = Regex.Match(created.Body, "<AccessKeyId>(.*)</AccessKeyId>").Groups[1].Value;
        var iamCalls = new[]
        {
            "Action=ListUsers&MaxItems=3", "Action=GetUser&UserName=alice", "Action=GetUser", "Action=ListAccessKeys&UserName=carol",
            $"Action=GetAccessKeyLastUsed&AccessKeyId={Dave.AccessKeyId}", $"Action=GetAccessKeyLastUsed&AccessKeyId={newKey}",
            "Action=TagUser&UserName=carol&Tags.member.1.Key=owner&Tags.member.1.Value=carol%40example.com", "Action=ListUserTags&UserName=carol",
            "Action=UntagUser&UserName=carol&TagKeys.member.1=owner", $"Action=UpdateAccessKey&UserName=carol&AccessKeyId={newKey}&Status=Inactive",
            "Action=GenerateCredentialReport", "Action=GetCredentialReport", "Action=ListAccountAliases", "Action=GetAccountSummary",
            $"Action=DeleteAccessKey&UserName=carol&AccessKeyId={newKey}",
        };
        CheckQuery(IamModel.Value, "CreateAccessKey", created);
        foreach (var call in iamCalls)
        {
            CheckQuery(IamModel.Value, call.Split('&')[0]["Action=".Length..], await host.QueryAsync(host.Admin(), "iam", call + V));
        }

        CheckQuery(StsModel.Value, "GetCallerIdentity", await host.QueryAsync(host.Admin(), "sts", "Action=GetCallerIdentity&Version=2011-06-15"));
        CheckQuery(StsModel.Value, "AssumeRole", await host.QueryAsync(host.Admin(), "sts", $"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A{Member}%3Arole%2FAudit&RoleSessionName=model"));
    }

    [Fact]
    public async Task OrganizationsAnswersMatchTheirOutputShapes()
    {
        await using var host = await StartAsync();
        var rootId = JsonDocument.Parse((await host.OrganizationsAsync(host.Admin(), "ListRoots")).Body).RootElement.GetProperty("Roots")[0].GetProperty("Id").GetString();
        var calls = new (string Operation, string Body)[]
        {
            ("DescribeOrganization", "{}"), ("ListAccounts", "{}"), ("ListRoots", "{}"), ("ListOrganizationalUnitsForParent", $"{{\"ParentId\":\"{rootId}\"}}"),
            ("ListAccountsForParent", $"{{\"ParentId\":\"{rootId}\",\"MaxResults\":5}}"), ("DescribeAccount", $"{{\"AccountId\":\"{Member}\"}}"),
            ("ListParents", $"{{\"ChildId\":\"{Member}\"}}"), ("ListTagsForResource", $"{{\"ResourceId\":\"{Member}\"}}"),
        };
        foreach (var (operation, body) in calls)
        {
            var (status, text) = await host.OrganizationsAsync(host.Admin(), operation, body);
            Assert.True(status == 200, $"{operation}: {status} {text}");
            var model = OrganizationsModel.Value;
            CheckJson(model, model.GetProperty("operations").GetProperty(operation).GetProperty("output").GetProperty("shape").GetString()!, JsonDocument.Parse(text).RootElement, operation);
        }
    }

    [Fact]
    public async Task SecretsManagerAnswersMatchTheirOutputShapesAndErrors()
    {
        await using var host = await StartAsync();
        const string token = "11111111-2222-3333-4444-555555555555";
        var policy = JsonSerializer.Serialize(JsonSerializer.Serialize(new { Statement = new { Effect = "Allow", Principal = new { AWS = $"arn:aws:iam::{Management}:user/dave" }, Action = "secretsmanager:GetSecretValue" } }));
        var calls = new (string Operation, string Body)[]
        {
            ("CreateSecret", $"{{\"Name\":\"ikh/model\",\"SecretString\":\"v1\",\"ClientRequestToken\":\"{token}\",\"KmsKeyId\":\"alias/central\",\"Tags\":[{{\"Key\":\"a\",\"Value\":\"b\"}}]}}"),
            ("PutSecretValue", "{\"SecretId\":\"ikh/model\",\"SecretString\":\"v2\"}"), ("GetSecretValue", "{\"SecretId\":\"ikh/model\"}"),
            ("DescribeSecret", "{\"SecretId\":\"ikh/model\"}"), ("ListSecretVersionIds", "{\"SecretId\":\"ikh/model\",\"MaxResults\":1}"),
            ("PutResourcePolicy", $"{{\"SecretId\":\"ikh/model\",\"ResourcePolicy\":{policy}}}"),
            ("TagResource", "{\"SecretId\":\"ikh/model\",\"Tags\":[{\"Key\":\"c\",\"Value\":\"d\"}]}"),
        };
        var model = SecretsManagerModel.Value;
        foreach (var (operation, body) in calls)
        {
            var (status, text) = await host.SecretsManagerAsync(host.Admin(), operation, body);
            Assert.True(status == 200, $"{operation}: {status} {text}");
            if (model.GetProperty("operations").GetProperty(operation).TryGetProperty("output", out var output))
            {
                CheckJson(model, output.GetProperty("shape").GetString()!, JsonDocument.Parse(text).RootElement, operation);
            }
        }

        var errors = new[]
        {
            ("DescribeSecret", "{\"SecretId\":\"ikh/none\"}"), ("GetSecretValue", "{\"SecretId\":\"ikh/model\",\"VersionStage\":\"NOPE\"}"),
            ("CreateSecret", "{\"Name\":\"ikh/model\",\"SecretString\":\"x\"}"), ("PutSecretValue", $"{{\"SecretId\":\"ikh/model\",\"SecretString\":\"x\",\"ClientRequestToken\":\"{token}\"}}"),
            ("PutSecretValue", "{\"SecretId\":\"ikh/model\"}"), ("PutResourcePolicy", "{\"SecretId\":\"ikh/model\",\"ResourcePolicy\":\"{not json\"}"),
            ("ListSecretVersionIds", "{\"SecretId\":\"ikh/model\",\"NextToken\":\"bogus\"}"), ("TagResource", "{\"SecretId\":\"ikh/none\",\"Tags\":[]}"),
        };
        foreach (var (operation, json) in errors)
        {
            var (status, body) = await host.SecretsManagerAsync(host.Admin(), operation, json);
            var type = JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString();
            var modelled = model.GetProperty("operations").GetProperty(operation).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("shape").GetString());
            Assert.True(modelled.Contains(type), $"{operation} answered {type}, which its model does not list");
            Assert.Equal(400, status);
        }
    }

    [Fact]
    public async Task SnsAnswersAndErrorsMatchTheModel()
    {
        await using var host = await StartAsync();
        const string sns = "&Version=2010-03-31";
        var topic = $"arn%3Aaws%3Asns%3Aus-east-1%3A{Management}%3Akey-hygiene";
        CheckQuery(SnsModel.Value, "CreateTopic", await host.QueryAsync(host.Admin(), "sns", "Action=CreateTopic&Name=key-hygiene" + sns));
        CheckQuery(SnsModel.Value, "ListTopics", await host.QueryAsync(host.Admin(), "sns", "Action=ListTopics" + sns));
        CheckQuery(SnsModel.Value, "Publish", await host.QueryAsync(host.Admin(), "sns",
            $"Action=Publish&TopicArn={topic}&Message=m&Subject=s&MessageAttributes.entry.1.Name=owner&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=a" + sns));

        var errors = new[]
        {
            ("Publish", $"Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A{Management}%3Anone&Message=m"),
            ("Publish", $"Action=Publish&TopicArn={topic}&Message=m&Subject={new string('s', 100)}"),
            ("Publish", $"Action=Publish&TopicArn={topic}&Message=m&MessageAttributes.entry.1.Name=owner&MessageAttributes.entry.1.Value.DataType=String"),
            ("Publish", $"Action=Publish&TopicArn={topic}&Message=" + new string('m', 262145)),
            ("CreateTopic", "Action=CreateTopic&Name=bad%20name"),
        };
        foreach (var (operation, call) in errors)
        {
            var (status, body) = await host.QueryAsync(host.Admin(), "sns", call + sns);
            var root = XDocument.Parse(body).Root!;
            Assert.Equal(XName.Get("ErrorResponse", "http://sns.amazonaws.com/doc/2010-03-31/"), root.Name);
            var code = root.Descendants().Single(e => e.Name.LocalName == "Code").Value;
            var modelled = ModelledQueryError(SnsModel.Value, operation, code);
            Assert.True(modelled is not null, $"{operation} answered {code}, which its model does not list");
            Assert.Equal(modelled!.Value, status);
        }
    }

    [Fact]
    public async Task SsmAnswersAndErrorsMatchTheModel()
    {
        await using var host = await StartAsync();
        var model = SsmModel.Value;
        var calls = new (string Operation, string Body)[]
        {
            ("PutParameter", "{\"Name\":\"/ikh/password\",\"Value\":\"p\",\"Type\":\"SecureString\",\"KeyId\":\"alias/ikh\"}"),
            ("GetParameter", "{\"Name\":\"/ikh/password\"}"), ("GetParameter", "{\"Name\":\"/ikh/password\",\"WithDecryption\":true}"),
            ("DeleteParameter", "{\"Name\":\"/ikh/password\"}"),
        };
        foreach (var (operation, body) in calls)
        {
            var (status, text) = await host.SsmAsync(host.Admin(), operation, body);
            Assert.True(status == 200, $"{operation}: {status} {text}");
            CheckJson(model, model.GetProperty("operations").GetProperty(operation).GetProperty("output").GetProperty("shape").GetString()!, JsonDocument.Parse(text).RootElement, operation);
        }

        await host.SsmAsync(host.Admin(), "PutParameter", "{\"Name\":\"/ikh/user\",\"Value\":\"u\",\"Type\":\"String\"}");
        var errors = new[]
        {
            ("GetParameter", "{\"Name\":\"/ikh/none\"}"), ("DeleteParameter", "{\"Name\":\"/ikh/none\"}"),
            ("PutParameter", "{\"Name\":\"/ikh/user\",\"Value\":\"x\",\"Type\":\"String\"}"),
            ("PutParameter", "{\"Name\":\"/ikh/new\",\"Value\":\"x\"}"),
        };
        foreach (var (operation, json) in errors)
        {
            var (status, body) = await host.SsmAsync(host.Admin(), operation, json);
            var type = JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString();
            var modelled = model.GetProperty("operations").GetProperty(operation).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("shape").GetString());
            // ValidationException is every awsJson service's common error, outside the operations' lists.
            Assert.True(modelled.Contains(type) || type == "ValidationException", $"{operation} answered {type}, which its model does not list");
            Assert.Equal(400, status);
        }
    }

    [Fact]
    public async Task ModelledErrorsCarryTheModelsCodeAndStatus()
    {
        await using var host = await StartAsync();
        await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);
        await host.QueryAsync(host.Admin(), "iam", "Action=CreateAccessKey&UserName=carol" + V);
        var iamErrors = new[]
        {
            ("GetUser", "Action=GetUser&UserName=nobody"), ("ListAccessKeys", "Action=ListAccessKeys&UserName=nobody"),
            ("CreateAccessKey", "Action=CreateAccessKey&UserName=carol"), ("GetCredentialReport", "Action=GetCredentialReport"),
            ("UpdateAccessKey", "Action=UpdateAccessKey&UserName=carol&AccessKeyId=AKIANOTAKEY000000000&Status=Active"),
            ("DeleteAccessKey", "Action=DeleteAccessKey&UserName=carol&AccessKeyId=AKIANOTAKEY000000000"),
            ("ListUserTags", "Action=ListUserTags&UserName=nobody"), ("TagUser", "Action=TagUser&UserName=nobody&Tags.member.1.Key=a&Tags.member.1.Value=b"),
        };
        foreach (var (operation, call) in iamErrors)
        {
            var (status, body) = await host.QueryAsync(host.Admin(), "iam", call + V);
            var code = XDocument.Parse(body).Descendants().Single(e => e.Name.LocalName == "Code").Value;
            var modelled = ModelledQueryError(IamModel.Value, operation, code);
            Assert.True(modelled is not null, $"{operation} answered {code}, which its model does not list");
            Assert.Equal(modelled!.Value, status);
        }

        var organizationsErrors = new[]
        {
            ("DescribeAccount", "{\"AccountId\":\"999999999999\"}", host.Admin()), ("ListParents", "{\"ChildId\":\"999999999999\"}", host.Admin()),
            ("ListAccountsForParent", "{\"ParentId\":\"ou-none-00000000\"}", host.Admin()), ("ListTagsForResource", "{\"ResourceId\":\"999999999999\"}", host.Admin()),
            ("ListAccounts", "{}", MemberUser),
        };
        foreach (var (operation, json, credentials) in organizationsErrors)
        {
            var (status, body) = await host.OrganizationsAsync(credentials, operation, json);
            var type = JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString();
            var errors = OrganizationsModel.Value.GetProperty("operations").GetProperty(operation).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("shape").GetString());
            Assert.Contains(type, errors);
            Assert.Equal(400, status);
        }
    }

    private static int? ModelledQueryError(JsonElement model, string operation, string code)
    {
        foreach (var error in model.GetProperty("operations").GetProperty(operation).GetProperty("errors").EnumerateArray())
        {
            var shape = model.GetProperty("shapes").GetProperty(error.GetProperty("shape").GetString()!);
            if (shape.TryGetProperty("error", out var info) && info.GetProperty("code").GetString() == code)
            {
                return info.GetProperty("httpStatusCode").GetInt32();
            }
        }

        return null;
    }

    private static void CheckQuery(JsonElement model, string operation, (int Status, string Body) answer)
    {
        Assert.True(answer.Status == 200, $"{operation}: {answer.Status} {answer.Body}");
        var ns = model.GetProperty("metadata").GetProperty("xmlNamespace").GetString();
        var root = XDocument.Parse(answer.Body).Root!;
        Assert.Equal(XName.Get(operation + "Response", ns!), root.Name);
        Assert.Equal("ResponseMetadata", root.Elements().Last().Name.LocalName);
        var output = model.GetProperty("operations").GetProperty(operation);
        if (!output.TryGetProperty("output", out var outputShape))
        {
            Assert.Single(root.Elements());
            return;
        }

        var result = root.Elements().Single(e => e.Name.LocalName == outputShape.GetProperty("resultWrapper").GetString());
        CheckXml(model, outputShape.GetProperty("shape").GetString()!, result, operation);
    }

    private static void CheckXml(JsonElement model, string shapeName, XElement element, string path)
    {
        var shape = model.GetProperty("shapes").GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                var members = shape.GetProperty("members");
                foreach (var child in element.Elements())
                {
                    Assert.True(members.TryGetProperty(child.Name.LocalName, out var member), $"{path}: {child.Name.LocalName} is not a member of {shapeName}");
                    CheckXml(model, member.GetProperty("shape").GetString()!, child, path + "." + child.Name.LocalName);
                }

                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        Assert.True(element.Elements().Any(e => e.Name.LocalName == name), $"{path}: required {name} missing");
                    }
                }

                break;
            case "list":
                foreach (var child in element.Elements())
                {
                    Assert.Equal("member", child.Name.LocalName);
                    CheckXml(model, shape.GetProperty("member").GetProperty("shape").GetString()!, child, path + "[]");
                }

                break;
            case "map":
                foreach (var entry in element.Elements())
                {
                    Assert.Equal("entry", entry.Name.LocalName);
                    Assert.Equal(new[] { "key", "value" }, entry.Elements().Select(e => e.Name.LocalName));
                    CheckXml(model, shape.GetProperty("key").GetProperty("shape").GetString()!, entry.Elements().First(), path + "{key}");
                    CheckXml(model, shape.GetProperty("value").GetProperty("shape").GetString()!, entry.Elements().Last(), path + "{value}");
                }

                break;
            default:
                Assert.False(element.HasElements, $"{path} should be a scalar");
                CheckScalar(shape, element.Value, path);
                break;
        }
    }

    private static void CheckJson(JsonElement model, string shapeName, JsonElement value, string path)
    {
        var shape = model.GetProperty("shapes").GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                Assert.Equal(JsonValueKind.Object, value.ValueKind);
                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    Assert.True(members.TryGetProperty(property.Name, out var member), $"{path}: {property.Name} is not a member of {shapeName}");
                    CheckJson(model, member.GetProperty("shape").GetString()!, property.Value, path + "." + property.Name);
                }

                break;
            case "list":
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                foreach (var item in value.EnumerateArray())
                {
                    CheckJson(model, shape.GetProperty("member").GetProperty("shape").GetString()!, item, path + "[]");
                }

                break;
            case "map":
                Assert.Equal(JsonValueKind.Object, value.ValueKind);
                foreach (var entry in value.EnumerateObject())
                {
                    CheckJson(model, shape.GetProperty("value").GetProperty("shape").GetString()!, entry.Value, path + "." + entry.Name);
                }

                break;
            case "timestamp":
                Assert.Equal(JsonValueKind.Number, value.ValueKind);
                break;
            case "integer" or "long":
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _), $"{path}: {value} is no integer");
                break;
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{path}: {value} is no boolean");
                break;
            default:
                Assert.Equal(JsonValueKind.String, value.ValueKind);
                CheckScalar(shape, value.GetString()!, path);
                break;
        }
    }

    private static void CheckScalar(JsonElement shape, string value, string path)
    {
        switch (shape.GetProperty("type").GetString())
        {
            case "timestamp":
                Assert.True(DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), $"{path}: '{value}' is no timestamp");
                Assert.EndsWith("Z", value, StringComparison.Ordinal);
                break;
            case "boolean":
                Assert.True(value is "true" or "false", $"{path}: '{value}' is no boolean");
                break;
            case "integer" or "long":
                Assert.True(long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), $"{path}: '{value}' is no integer");
                break;
            case "blob":
                Convert.FromBase64String(value);
                break;
            case "string":
                if (shape.TryGetProperty("enum", out var values))
                {
                    Assert.Contains(value, values.EnumerateArray().Select(v => v.GetString()));
                }

                if (shape.TryGetProperty("pattern", out var pattern) && value.Length > 0 && !pattern.GetString()!.Contains("\\p{", StringComparison.Ordinal))
                {
                    Assert.Matches(new Regex("^(?:" + pattern.GetString() + ")$"), value);
                }

                if (shape.TryGetProperty("min", out var min))
                {
                    Assert.True(value.Length >= min.GetInt32(), $"{path}: shorter than {min}");
                }

                if (shape.TryGetProperty("max", out var max))
                {
                    Assert.True(value.Length <= max.GetInt32(), $"{path}: longer than {max}");
                }

                break;
        }
    }
}
