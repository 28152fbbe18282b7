using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.State;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Tests.Unit.Actions;

/// <summary>An emulator with users whose keys live in a temp credentials file with comments and two other profiles.</summary>
internal sealed class SelfRotationKit : IAsyncDisposable
{
    public const string Account = "111122223333";
    public const string SamKeyId = "AKIASAMOLDKEY0000001";
    public const string SamSecret = "sam/old/secret/000000000000000000000000001";
    public const string MiaKeyId = "AKIAMIAOLDKEY0000001";
    public const string MiaSecret = "mia/old/secret/000000000000000000000000001";
    public const string TessKeyId = "AKIATESSKEY000000001";
    public const string TessSecret = "tess/secret/000000000000000000000000000001";
    public const string MfaCode = "246810";
    public static readonly string MiaSerial = $"arn:aws:iam::{Account}:mfa/mia";

    public static string Scenario => $$"""
    {
      "managementAccountId": "{{Account}}",
      "admin": { "accessKeyId": "AKIAEMULATORADMIN001", "secretAccessKey": "emulator/admin/secret/000000000000000000001" },
      "accounts": [ { "id": "{{Account}}", "name": "self", "users": [
        { "name": "sam", "keys": [ { "accessKeyId": "{{SamKeyId}}", "secretAccessKey": "{{SamSecret}}", "ageDays": 95, "lastUsedDaysAgo": 1 } ] },
        { "name": "mia", "mfa": { "tokenCode": "{{MfaCode}}", "requiredForIam": true },
          "keys": [ { "accessKeyId": "{{MiaKeyId}}", "secretAccessKey": "{{MiaSecret}}", "ageDays": 95 } ] },
        { "name": "tess", "keys": [ { "accessKeyId": "{{TessKeyId}}", "secretAccessKey": "{{TessSecret}}", "ageDays": 95 },
                                    { "accessKeyId": "AKIATESSKEY000000002", "secretAccessKey": "tess/secret/000000000000000000000000000002", "ageDays": 3 } ] }
      ] } ]
    }
    """;

    public static string FileText(string newline = "\n") => string.Join(newline, new[]
    {
        "# keys for the emulator",
        "[default]",
        "aws_access_key_id = AKIADEFAULTKEY000001",
        "aws_secret_access_key = default/secret/should/stay",
        "",
        "; sam's own key",
        "[sam]",
        "region = us-east-1",
        $"aws_access_key_id={SamKeyId}",
        $"aws_secret_access_key = {SamSecret}",
        "",
        "[mia]",
        $"aws_access_key_id = {MiaKeyId}",
        $"aws_secret_access_key = {MiaSecret}",
        "",
        "[tess]",
        $"aws_access_key_id = {TessKeyId}",
        $"aws_secret_access_key = {TessSecret}",
        "",
        "[deploy]",
        "role_arn = arn:aws:iam::111122223333:role/Deploy",
        "source_profile = sam",
        "",
    });

    private SelfRotationKit(EmulatorHost host, string folder)
    {
        Host = host;
        Folder = folder;
        CredentialsPath = Path.Combine(folder, "credentials");
        File.WriteAllText(CredentialsPath, FileText());
    }

    public EmulatorHost Host { get; }
    public string Folder { get; }
    public string CredentialsPath { get; }
    public TestHost Sink { get; } = new();
    public MemoryAuditLog Audit { get; } = new();
    public EmulatorState State => Host.Runtime.World.State;

    public static async Task<SelfRotationKit> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "self-rotation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new SelfRotationKit(await EmulatorTestKit.StartAsync(Scenario), folder);
    }

    public SelfRotationRequest Request(string profile = "sam") => new()
    {
        Connection = new AwsConnectionOptions
        {
            ProfileName = profile,
            ProfileLocation = CredentialsPath,
            Region = "us-east-1",
            EndpointUrl = Host.Url,
            Environment = new Dictionary<string, string>(),
        },
        VerifyInterval = TimeSpan.FromMilliseconds(100),
    };

    public Task<SelfRotationResult> RotateAsync(SelfRotationRequest request, CancellationToken ct = default)
        => SelfRotationService.RotateAsync(request, Sink, Audit, ct);

    public IamUser User(string name) { lock (State.Sync) return State.Accounts[Account].Users[name]; }

    public List<(string Id, string Status)> Keys(string user) { lock (State.Sync) return User(user).Keys.Select(k => (k.AccessKeyId, k.Status)).ToList(); }

    public string? Tag(string user, string key) { lock (State.Sync) return User(user).Tags.FirstOrDefault(t => t.Key == key).Value; }

    public string SecretOf(string keyId) { lock (State.Sync) return State.Keys[keyId].SecretAccessKey; }

    /// <summary>The value of a setting in a profile's section of the file.</summary>
    public string? FileValue(string profile, string name)
    {
        var inside = false;
        foreach (var line in File.ReadAllLines(CredentialsPath))
        {
            var t = line.Trim();
            if (t.StartsWith('[')) { inside = t == $"[{profile}]"; continue; }
            var eq = t.IndexOf('=');
            if (inside && eq > 0 && t[..eq].Trim() == name) return t[(eq + 1)..].Trim();
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
