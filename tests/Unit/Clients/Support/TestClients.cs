using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws.Clients;

namespace IamKeyHygiene.Tests.Unit.Clients.Support;

/// <summary>Clients built through AwsClients, as the engine builds them, pointed at a stub server.</summary>
internal static class TestClients
{
    public static readonly BasicAWSCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public static AwsClientSettings Settings(string endpointUrl, string region = "us-east-1") =>
        new(region, endpointUrl, _ => null)
        {
            Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20) },
        };

    public static IamClient Iam(StubAwsServer server) => AwsClients.CreateIam(Credentials, Settings(server.Url));

    public static OrganizationsClient Organizations(StubAwsServer server) => AwsClients.CreateOrganizations(Credentials, Settings(server.Url));

    public static SecretsManagerClient SecretsManager(StubAwsServer server) => AwsClients.CreateSecretsManager(Credentials, Settings(server.Url));

    public static SnsClient Sns(StubAwsServer server) => AwsClients.CreateSns(Credentials, Settings(server.Url));

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
