using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>
/// botocore's protocol tests (protocol-tests/botocore/{input,output,legacy}/{query,json}.json) run through the
/// clients' own code: each case's shapes become a ServiceModel, a ModelledServiceClient calls the case's
/// operation against a local server, and the request it sent (input cases) or the result/error it parsed
/// (output cases) is compared with botocore's expectation. Cases using features our operations never use are
/// skipped with the reason (see tests/Unit/README.md).
/// </summary>
public sealed class ProtocolCaseTests
{
    public static readonly string[] Files =
    {
        "input/query.json", "input/json.json", "output/query.json", "output/json.json",
        "legacy/input/query.json", "legacy/input/json.json", "legacy/output/query.json", "legacy/output/json.json",
    };

    public static IEnumerable<object[]> Cases() => ProtocolCases.All().Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Protocol_case(string id)
    {
        var testCase = ProtocolCases.All().Single(c => c.Id == id);
        if (testCase.SkipReason != null)
        {
            // Skipped cases are listed (with reasons) in tests/Unit/README.md; the list is checked there.
            Assert.Contains(testCase.SkipReason, ProtocolCases.KnownSkipReasons);
            return;
        }

        if (testCase.IsInput)
        {
            await RunInputCase(testCase);
        }
        else
        {
            await RunOutputCase(testCase);
        }
    }

    private static async Task RunInputCase(ProtocolCase testCase)
    {
        var model = testCase.Model();
        var operation = model.Operation(testCase.OperationName);
        await using var server = new StubAwsServer((_, _) => testCase.Protocol == "json"
            ? StubReply.Json("{}")
            : StubReply.Xml($"<{operation.Name}Response><{operation.Name}Result/></{operation.Name}Response>"));
        var expected = testCase.Case.GetProperty("serialized");
        // A custom endpoint may carry a path ("example.com/custom"): requests then go under it.
        var host = expected.TryGetProperty("host", out var h) ? h.GetString()! : "";
        var client = ProtocolTestClient.Create(model, server.Url + (host.Contains('/') ? host[host.IndexOf('/')..] : ""));
        var input = testCase.Case.TryGetProperty("params", out var p) ? ProtocolValues.Input(JsonNode.Parse(p.GetRawText())!.AsObject(), operation.Input) : null;

        await client.InvokeAsync(testCase.OperationName, input);

        var sent = Assert.Single(server.Requests);
        if (expected.TryGetProperty("method", out var method))
        {
            Assert.Equal(method.GetString(), sent.Method);
        }

        if (expected.TryGetProperty("uri", out var uri))
        {
            Assert.Equal(uri.GetString(), sent.Target);
        }

        if (expected.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                var ours = sent.Header(header.Name);
                Assert.NotNull(ours);
                // "application/x-www-form-urlencoded" is sent with "; charset=utf-8", as the AWS CLI does.
                Assert.StartsWith(header.Value.GetString()!, ours);
            }
        }

        var body = expected.TryGetProperty("body", out var b) ? b.GetString() ?? "" : "";
        if (testCase.Protocol == "json")
        {
            var expectedJson = body.Length == 0 ? new JsonObject() : JsonNode.Parse(body);
            Assert.True(ProtocolValues.SameJson(expectedJson, JsonNode.Parse(sent.BodyText)),
                $"sent {sent.BodyText}, expected {body}");
        }
        else
        {
            Assert.Equal(ProtocolValues.FormPairs(body), ProtocolValues.FormPairs(sent.BodyText));
        }
    }

    private static async Task RunOutputCase(ProtocolCase testCase)
    {
        var model = testCase.Model();
        var operation = model.Operation(testCase.OperationName);
        var response = testCase.Case.GetProperty("response");
        var replyHeaders = new Dictionary<string, string>();
        var contentType = testCase.Protocol == "json" ? "application/x-amz-json-1.1" : "text/xml";
        if (response.TryGetProperty("headers", out var headers))
        {
            foreach (var h in headers.EnumerateObject())
            {
                if (h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = h.Value.GetString()!;
                }
                else if (!h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    replyHeaders[h.Name] = h.Value.GetString()!;
                }
            }
        }

        var status = response.GetProperty("status_code").GetInt32();
        await using var server = new StubAwsServer((_, _) => new StubReply
        {
            Status = status,
            ContentType = contentType,
            Headers = replyHeaders,
            Body = Encoding.UTF8.GetBytes(response.TryGetProperty("body", out var body) ? body.GetString() ?? "" : ""),
        });
        var client = ProtocolTestClient.Create(model, server.Url);

        if (testCase.Case.TryGetProperty("errorCode", out var errorCode))
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(testCase.OperationName, null));
            Assert.Equal(errorCode.GetString(), error.ErrorCode);
            Assert.Equal(status, error.StatusCode);
            if (testCase.Case.TryGetProperty("errorMessage", out var message))
            {
                Assert.Equal(message.GetString(), error.ServiceMessage);
            }

            return;
        }

        var result = await client.InvokeAsync(testCase.OperationName, null);
        var expected = JsonNode.Parse(testCase.Case.GetProperty("result").GetRawText())!.AsObject();
        expected.Remove("ResponseMetadata");
        var normalised = ProtocolValues.Normalise(result, operation.Output);
        Assert.True(ProtocolValues.SameJson(expected, normalised), $"parsed {normalised.ToJsonString()}, expected {expected.ToJsonString()}");
    }
}

/// <summary>One protocol test case with what it needs to run (or why it cannot).</summary>
internal sealed class ProtocolCase
{
    public required string Id { get; init; }
    public required string File { get; init; }
    public required string Protocol { get; init; }
    public required bool IsInput { get; init; }
    public required JsonElement Suite { get; init; }
    public required JsonElement Case { get; init; }
    public string? SkipReason { get; init; }

    public string OperationName => Case.GetProperty("given").GetProperty("name").GetString()!;

    /// <summary>The suite's metadata and shapes plus the case's operation, as a model our clients load.</summary>
    public ServiceModel Model()
    {
        var metadata = JsonNode.Parse(Suite.GetProperty("metadata").GetRawText())!.AsObject();
        metadata["apiVersion"] ??= "2020-01-08";
        var document = new JsonObject
        {
            ["metadata"] = metadata,
            ["operations"] = new JsonObject { [OperationName] = JsonNode.Parse(Case.GetProperty("given").GetRawText()) },
            ["shapes"] = JsonNode.Parse(Suite.GetProperty("shapes").GetRawText()),
        };
        return ServiceModel.Parse(document.ToJsonString());
    }
}
