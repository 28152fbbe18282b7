using System.Text.Json.Nodes;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.AwsProtocol.Pipeline;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Tests.Unit.Clients.Support;

/// <summary>A client on the same ModelledServiceClient code path as IamClient and OrganizationsClient, built
/// from a protocol test case's own model, so each case goes through marshaller, SDK pipeline, HTTP and parser.</summary>
internal sealed class ProtocolTestClient : ModelledServiceClient
{
    private ProtocolTestClient(ServiceClientConfig config, ServiceModel model)
        : base(TestClients.Credentials, config, model, "protocoltest")
    {
    }

    protected override IEnumerable<string> NeverRetried => Array.Empty<string>();

    public static ProtocolTestClient Create(ServiceModel model, string url)
    {
        var endpoint = new ResolvedEndpoint(url, "us-east-1", "protocoltest", "test");
        var config = new ServiceClientConfig("ProtocolTest", "protocoltest", model.ApiVersion, endpoint,
            TestClients.Settings(url).Retry, Engine.NullEngineLog.Instance);
        return new ProtocolTestClient(config, model);
    }

    public Task<JsonObject> InvokeAsync(string operation, JsonObject? input) => CallAsync(operation, input, CancellationToken.None);
}
