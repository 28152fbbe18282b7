using System.Text;
using System.Text.Json;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.SecretsManager;

/// <summary>Reading the request members and writing the answers' shared shapes.</summary>
public sealed partial class SecretsManagerService
{
    private static AwsErrorException NotFound(string message) => new("ResourceNotFoundException", message, 400);

    private static AwsErrorException InvalidParameter(string message) => new("InvalidParameterException", message, 400);

    /// <summary>SecretString or SecretBinary (not both); required for PutSecretValue, optional for CreateSecret.</summary>
    private static (string? Text, string? Binary) Value(AwsCall call, bool required)
    {
        var text = call.JsonString("SecretString");
        var binary = call.JsonString("SecretBinary");
        if (text is not null && binary is not null)
        {
            throw new AwsErrorException("InvalidRequestException", "You can't specify both a binary secret value and a string secret value in the same secret.", 400);
        }

        if (required && text is null && binary is null)
        {
            throw new AwsErrorException("InvalidRequestException", "You must provide either SecretString or SecretBinary.", 400);
        }

        if ((text is not null && Encoding.UTF8.GetByteCount(text) > MaxSecretBytes) || (binary is not null && binary.Length > MaxSecretBytes * 4 / 3 + 4))
        {
            throw InvalidParameter($"The secret value is larger than {MaxSecretBytes} bytes.");
        }

        return (text, binary);
    }

    /// <summary>The ClientRequestToken (the version's id, 32–64 characters); a new one when the caller sent none.</summary>
    private static string Token(AwsCall call) => call.JsonString("ClientRequestToken") switch
    {
        null => Guid.NewGuid().ToString(),
        { Length: >= 32 and <= 64 } token => token,
        _ => throw InvalidParameter("ClientRequestToken must be 32 to 64 characters long."),
    };

    private static List<string> Strings(AwsCall call, string member) =>
        call.Json.ValueKind == JsonValueKind.Object && call.Json.TryGetProperty(member, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : new List<string>();

    private static List<KeyValuePair<string, string>> Tags(AwsCall call)
    {
        var tags = new List<KeyValuePair<string, string>>();
        if (call.Json.ValueKind == JsonValueKind.Object && call.Json.TryGetProperty("Tags", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in list.EnumerateArray())
            {
                var key = tag.TryGetProperty("Key", out var k) ? k.GetString() : null;
                if (string.IsNullOrEmpty(key))
                {
                    throw InvalidParameter("A tag needs a Key.");
                }

                tags.Add(new(key, tag.TryGetProperty("Value", out var v) ? v.GetString() ?? string.Empty : string.Empty));
            }
        }

        return tags;
    }

    /// <summary>A new version carrying <paramref name="stages"/>, which leave the versions that had them; a version
    /// that loses AWSCURRENT takes AWSPREVIOUS.</summary>
    private SecretVersion AddVersion(SecretRecord secret, string versionId, string? text, string? binary, IReadOnlyCollection<string> stages)
    {
        var now = state.Clock.Now;
        var version = new SecretVersion { VersionId = versionId, SecretString = text, SecretBinary = binary, CreatedDate = now };
        if (stages.Contains(Current) && secret.VersionWithStage(Current) is { } current)
        {
            secret.VersionWithStage(Previous)?.Stages.Remove(Previous);
            current.Stages.Add(Previous);
        }

        foreach (var stage in stages)
        {
            secret.VersionWithStage(stage)?.Stages.Remove(stage);
            version.Stages.Add(stage);
        }

        secret.Versions.Add(version);
        secret.LastChangedDate = now;
        return version;
    }

    private static string Written(SecretRecord secret, SecretVersion version, bool withStages) => JsonOut.Write(w =>
    {
        w.WriteString("ARN", secret.Arn);
        w.WriteString("Name", secret.Name);
        w.WriteString("VersionId", version.VersionId);
        if (withStages)
        {
            WriteStrings(w, "VersionStages", version.Stages);
        }
    });

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteTags(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, string>> tags)
    {
        w.WriteStartArray("Tags");
        foreach (var (key, value) in tags)
        {
            w.WriteStartObject();
            w.WriteString("Key", key);
            w.WriteString("Value", value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
