using System.Diagnostics;
using System.Net;
using System.Text;
using IamKeyHygiene.Emulator.Auth;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;
using IamKeyHygiene.Emulator.State;

// Usage: dotnet run -c Release --project benchmarks/emulator [-- --accounts 1000 --users 50 --seconds 10 --workers 16]
var accounts = Arg("--accounts", 1000);
var users = Arg("--users", 50);
var seconds = Arg("--seconds", 10);
var workers = Arg("--workers", 16);

Console.WriteLine($"cores: {Environment.ProcessorCount}");

// 1. Generating a large organization.
var scenario = ScenarioDocument.Parse($$"""
    { "managementAccountId": "111111111111",
      "admin": { "accessKeyId": "AKIABENCHMARKADMIN01", "secretAccessKey": "benchmark/admin/secret/00000000000000000001" },
      "generate": { "accounts": {{accounts}}, "usersPerAccount": {{users}}, "roleName": "Audit", "findingsAccountShare": 0.3, "findingUsersPerAccount": 3, "seed": 1, "organizationalUnits": 10 } }
    """, "benchmark");
var before = GC.GetTotalMemory(forceFullCollection: true);
var watch = Stopwatch.StartNew();
var state = ScenarioLoader.Build(scenario, new DataClock(TimeProvider.System));
watch.Stop();
var after = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine($"generate {accounts} accounts x {users} users: {watch.Elapsed.TotalSeconds:F2} s, {state.Keys.Count} keys, managed heap +{(after - before) / 1048576.0:F0} MiB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
GC.KeepAlive(state);
state = null;

// 2. Requests per second, no injected latency: a small scenario, pre-signed requests (a signature stays valid 15 min),
// so the client spends as little CPU as possible and the number shows the server.
await using var host = await EmulatorHost.StartAsync(ScenarioDocument.Parse("""
    { "managementAccountId": "111111111111",
      "admin": { "accessKeyId": "AKIABENCHMARKADMIN01", "secretAccessKey": "benchmark/admin/secret/00000000000000000001" },
      "accounts": [ { "id": "111111111111", "users": [ { "name": "alice" }, { "name": "bob" } ] } ] }
    """, "rps"));
var url = new Uri(host.Url + "/");
var requests = new[]
{
    Signed("sts", "Action=GetCallerIdentity&Version=2011-06-15"),
    Signed("iam", "Action=ListUsers&Version=2010-05-08"),
    Signed("iam", "Action=GetUser&UserName=alice&Version=2010-05-08"),
};
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workers, UseProxy = false };
using var client = new HttpClient(handler);
var stop = DateTime.UtcNow.AddSeconds(seconds);
long completed = 0, failed = 0;
watch.Restart();
await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
{
    var i = worker;
    while (DateTime.UtcNow < stop)
    {
        var (headers, body) = requests[i++ % requests.Length];
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body), Version = HttpVersion.Version11 };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        if (response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref completed);
        }
        else
        {
            Interlocked.Increment(ref failed);
        }
    }
}));
watch.Stop();
Console.WriteLine($"requests: {completed} ok, {failed} failed in {watch.Elapsed.TotalSeconds:F1} s with {workers} workers = {completed / watch.Elapsed.TotalSeconds:F0} requests/s (client and server share the machine)");
return failed == 0 ? 0 : 1;

(List<(string, string)> Headers, byte[] Body) Signed(string service, string form)
{
    var body = Encoding.UTF8.GetBytes(form);
    var headers = new List<KeyValuePair<string, string>>
    {
        new("Host", url!.Authority),
        new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
    };
    var authorization = SigV4Signer.Authorization("POST", url, headers, body, host!.AccessKeyId, host.SecretAccessKey, null, "us-east-1", service, DateTimeOffset.UtcNow);
    var send = headers.Where(h => h.Key == "X-Amz-Date").Select(h => (h.Key, h.Value)).ToList();
    send.Add(("Authorization", authorization));
    return (send, body);
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
