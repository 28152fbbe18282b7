using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IamKeyHygiene.Emulator.Auth;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;

namespace IamKeyHygiene.Tests.Unit;

/// <summary>A key pair a test signs raw requests or runs the AWS CLI with.</summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() => $"AwsCredentials {AccessKeyId}";
}

/// <summary>The in-process emulator for tests: scenarios, start, the control API, call counts and raw signed requests.</summary>
internal static class EmulatorTestKit
{
    public const string Management = "111111111111";
    public const string Delegated = "222222222222";
    public const string Member = "333333333333";
    public static readonly AwsCredentials DelegatedReader = new("AKIADELEGATEDREADER1", "delegated/reader/secret/0000000000000000001");
    public static readonly AwsCredentials Dave = new("AKIAMANAGEMENTDAVE01", "dave/secret/0000000000000000000000000000001");
    public static readonly AwsCredentials Erin = new("AKIAMANAGEMENTERIN01", "erin/secret/0000000000000000000000000000001");
    public static readonly AwsCredentials MemberUser = new("AKIAMEMBERUSERKEY001", "member/user/secret/00000000000000000000001");

    /// <summary>Management with 7 users, a delegated administrator with a reader, a member with a role, and 25 generated accounts.</summary>
    public static string StandardScenario(double reportGenerationSeconds = 3) => $$"""
        {
          "managementAccountId": "{{Management}}",
          "admin": { "accessKeyId": "AKIATESTADMIN0000001", "secretAccessKey": "test/admin/secret/000000000000000000000001" },
          "delegatedAdministrator": "{{Delegated}}",
          "organizationalUnits": [ { "name": "Security" }, { "name": "Workloads", "children": [ { "name": "Prod" } ] } ],
          "accounts": [
            { "id": "{{Management}}", "name": "management",
              "users": [
                { "name": "alice", "keys": [ { "ageDays": 10, "lastUsedDaysAgo": 1 } ] },
                { "name": "bob", "path": "/engineering/" }, { "name": "carol" },
                { "name": "dave", "keys": [ { "accessKeyId": "{{Dave.AccessKeyId}}", "secretAccessKey": "{{Dave.SecretAccessKey}}", "ageDays": 3 } ] },
                { "name": "erin", "keys": [ { "accessKeyId": "{{Erin.AccessKeyId}}", "secretAccessKey": "{{Erin.SecretAccessKey}}", "ageDays": 3 } ] }, { "name": "frank" }, { "name": "grace" }
              ] },
            { "id": "{{Delegated}}", "name": "security", "parentOu": "Security",
              "users": [ { "name": "reader", "keys": [ { "accessKeyId": "{{DelegatedReader.AccessKeyId}}", "secretAccessKey": "{{DelegatedReader.SecretAccessKey}}" } ] } ] },
            { "id": "{{Member}}", "name": "prod", "parentOu": "Workloads/Prod",
              "roles": [ { "name": "Audit" }, { "name": "Guarded", "externalId": "ext-123" } ],
              "users": [
                { "name": "member-user", "keys": [ { "accessKeyId": "{{MemberUser.AccessKeyId}}", "secretAccessKey": "{{MemberUser.SecretAccessKey}}", "ageDays": 100 } ] },
                { "name": "zed", "tags": { "owner": "zed@example.com" } }
              ] }
          ],
          "generate": { "accounts": 25, "usersPerAccount": 2, "roleName": "Audit", "seed": 3 },
          "settings": { "credentialReportGenerationSeconds": {{reportGenerationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
        }
        """;

    public static Task<EmulatorHost> StartAsync(string? scenarioJson = null) => EmulatorHost.StartFromJsonAsync(scenarioJson ?? StandardScenario());

    /// <summary>Starts a scenario built in code; credential reports take <paramref name="reportGenerationTime"/> (300 ms unless given).</summary>
    public static Task<EmulatorHost> StartAsync(ScenarioDocument scenario, TimeSpan? reportGenerationTime = null) =>
        EmulatorHost.StartAsync(scenario, new EmulatorOptions { CredentialReportGenerationTime = reportGenerationTime ?? TimeSpan.FromMilliseconds(300) });

    public static AwsCredentials Admin(this EmulatorHost host) => new(host.AccessKeyId, host.SecretAccessKey);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<JsonElement> ControlAsync(this EmulatorHost host, HttpMethod method, string route, object? body = null)
    {
        using var request = new HttpRequestMessage(method, host.Url + "/_emulator/" + route);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {route}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The calls the emulator counted in one account, per operation ("iam:ListUsers", "sts:AssumeRole").</summary>
    public static Dictionary<string, int> CallsIn(this EmulatorHost host, string accountId)
    {
        var snapshot = JsonSerializer.SerializeToElement(host.Runtime.Calls.Snapshot());
        var result = new Dictionary<string, int>();
        if (snapshot.GetProperty("byAccount").TryGetProperty(accountId, out var operations))
        {
            foreach (var operation in operations.EnumerateObject())
            {
                result[operation.Name] = operation.Value.GetInt32();
            }
        }

        return result;
    }

    /// <summary>Waits until the emulator holds exactly <paramref name="expected"/> requests (faults/counts' waiting).</summary>
    public static async Task WaitForWaitingAsync(this EmulatorHost host, int expected)
    {
        // Generous: aws CLI starts slowly on a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if ((await host.ControlAsync(HttpMethod.Get, "faults/counts")).GetProperty("waiting").GetInt32() == expected)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"waiting never reached {expected}");
    }

    public static int FaultCount(JsonElement counts, string kind, string operation) =>
        counts.GetProperty("counts").TryGetProperty(kind, out var byOperation) && byOperation.TryGetProperty(operation, out var value) ? value.GetInt32() : 0;

    /// <summary>Sends a signed awsQuery request (the emulator's own signer; awscli tests check real signing).</summary>
    public static async Task<(int Status, string Body)> QueryAsync(this EmulatorHost host, AwsCredentials credentials, string service, string form, DateTimeOffset? signedAt = null)
    {
        var body = Encoding.UTF8.GetBytes(form);
        var url = new Uri(host.Url + "/");
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", url.Authority),
            new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        };
        var authorization = SigV4Signer.Authorization("POST", url, headers, body, credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, "us-east-1", service, signedAt ?? DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        foreach (var header in headers.Where(h => h.Key is "X-Amz-Date" or "X-Amz-Security-Token"))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a signed awsJson1_1 Organizations request.</summary>
    public static Task<(int Status, string Body)> OrganizationsAsync(this EmulatorHost host, AwsCredentials credentials, string operation, string json = "{}") =>
        host.JsonAsync(credentials, "organizations", "AWSOrganizationsV20161128." + operation, json);

    /// <summary>Sends a signed awsJson1_1 Secrets Manager request (region us-east-1).</summary>
    public static Task<(int Status, string Body)> SecretsManagerAsync(this EmulatorHost host, AwsCredentials credentials, string operation, string json = "{}") =>
        host.JsonAsync(credentials, "secretsmanager", "secretsmanager." + operation, json);

    /// <summary>Sends a signed awsJson1_1 SSM (Parameter Store) request (region us-east-1).</summary>
    public static Task<(int Status, string Body)> SsmAsync(this EmulatorHost host, AwsCredentials credentials, string operation, string json = "{}") =>
        host.JsonAsync(credentials, "ssm", "AmazonSSM." + operation, json);

    private static async Task<(int Status, string Body)> JsonAsync(this EmulatorHost host, AwsCredentials credentials, string service, string target, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var url = new Uri(host.Url + "/");
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", url.Authority),
            new("Content-Type", "application/x-amz-json-1.1"),
            new("X-Amz-Target", target),
        };
        var authorization = SigV4Signer.Authorization("POST", url, headers, body, credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, "us-east-1", service, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        foreach (var header in headers.Where(h => h.Key is "X-Amz-Date" or "X-Amz-Security-Token"))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
