using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Ssm;

/// <summary>
/// AWS Systems Manager Parameter Store (awsJson1_1, target prefix AmazonSSM): String, StringList and SecureString
/// parameters per account and region. GetParameter returns a SecureString's value only WithDecryption; without it the
/// value comes back as ciphertext (Base64, derived from the value, never containing it), as AWS returns it. Nothing is
/// really encrypted: the KeyId is recorded, and any principal of the parameter's account may decrypt.
/// </summary>
public sealed partial class SsmService
{
    public const string TargetPrefix = "AmazonSSM.";
    private const int MaxValueLength = 4096;
    private readonly EmulatorState state;

    public SsmService(EmulatorState state)
    {
        this.state = state;
    }

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal) { "PutParameter", "GetParameter", "DeleteParameter" };

    private static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "String", "StringList", "SecureString" };

    public string Handle(AwsCall call)
    {
        lock (state.Sync)
        {
            return call.Operation switch
            {
                "PutParameter" => PutParameter(call),
                "GetParameter" => GetParameter(call),
                "DeleteParameter" => DeleteParameter(call),
                _ => throw new AwsErrorException("UnknownOperationException", string.Empty, 400),
            };
        }
    }

    /// <summary>Creates or (with <paramref name="overwrite"/>) replaces a parameter: the scenario's and PutParameter's
    /// one path. The caller holds the lock.</summary>
    public static SsmParameterRecord Put(EmulatorState state, string accountId, string region, string name, string? type, string value,
        string? keyId, string? description, bool overwrite)
    {
        CheckName(name);
        if (value.Length == 0 || value.Length > MaxValueLength)
        {
            throw Validation($"1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length between 1 and {MaxValueLength}");
        }

        if (type is not null && !Types.Contains(type))
        {
            throw Validation($"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
        }

        var key = SsmParameterRecord.Key(accountId, region, name);
        state.SsmParameters.TryGetValue(key, out var existing);
        var effectiveType = type ?? existing?.Type ?? throw Validation("A parameter type is required when you create a parameter.");
        if (keyId is not null && effectiveType != "SecureString")
        {
            throw Validation("KeyId is only supported for SecureString parameters.");
        }

        var now = state.Clock.Now;
        if (existing is null)
        {
            var created = new SsmParameterRecord
            {
                AccountId = accountId,
                Region = region,
                Name = name,
                Type = effectiveType,
                Value = value,
                KeyId = effectiveType == "SecureString" ? keyId ?? SsmParameterRecord.DefaultKeyId : null,
                Description = description,
                LastModifiedDate = now,
            };
            state.SsmParameters[key] = created;
            return created;
        }

        if (!overwrite)
        {
            throw new AwsErrorException("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.", 400);
        }

        if (existing.IsSecure)
        {
            state.RetireSecret(existing.Value);
        }

        existing.Type = effectiveType;
        existing.Value = value;
        existing.KeyId = effectiveType == "SecureString" ? keyId ?? existing.KeyId ?? SsmParameterRecord.DefaultKeyId : null;
        existing.Description = description ?? existing.Description;
        existing.Version++;
        existing.LastModifiedDate = now;
        return existing;
    }

    private string PutParameter(AwsCall call)
    {
        var overwrite = call.Json.ValueKind == JsonValueKind.Object && call.Json.TryGetProperty("Overwrite", out var flag) && flag.ValueKind == JsonValueKind.True;
        var parameter = Put(state, call.Caller.Account.Id, call.Region, Required(call, "Name"), call.JsonString("Type"), Required(call, "Value"),
            call.JsonString("KeyId"), call.JsonString("Description"), overwrite);
        return JsonOut.Write(w =>
        {
            w.WriteNumber("Version", parameter.Version);
            w.WriteString("Tier", "Standard");
        });
    }

    private string GetParameter(AwsCall call)
    {
        var parameter = Find(call);
        var decrypt = call.Json.ValueKind == JsonValueKind.Object && call.Json.TryGetProperty("WithDecryption", out var flag) && flag.ValueKind == JsonValueKind.True;
        return JsonOut.Write(w =>
        {
            w.WriteStartObject("Parameter");
            w.WriteString("Name", parameter.Name);
            w.WriteString("Type", parameter.Type);
            w.WriteString("Value", parameter.IsSecure && !decrypt ? Ciphertext(parameter) : parameter.Value);
            w.WriteNumber("Version", parameter.Version);
            JsonOut.Timestamp(w, "LastModifiedDate", parameter.LastModifiedDate);
            w.WriteString("ARN", parameter.Arn);
            w.WriteString("DataType", "text");
            w.WriteEndObject();
        });
    }

    private string DeleteParameter(AwsCall call)
    {
        var parameter = Find(call);
        if (parameter.IsSecure)
        {
            state.RetireSecret(parameter.Value);
        }

        state.SsmParameters.Remove(SsmParameterRecord.Key(parameter.AccountId, parameter.Region, parameter.Name));
        return "{}";
    }

    private SsmParameterRecord Find(AwsCall call)
    {
        var name = Required(call, "Name");
        return state.SsmParameters.TryGetValue(SsmParameterRecord.Key(call.Caller.Account.Id, call.Region, name), out var parameter)
            ? parameter
            : throw new AwsErrorException("ParameterNotFound", string.Empty, 400);
    }

    /// <summary>What GetParameter shows for a SecureString without WithDecryption: Base64 that looks like a KMS
    /// ciphertext blob and is a hash of key, parameter, version and value (the same value reads the same).</summary>
    private static string Ciphertext(SsmParameterRecord parameter)
    {
        var digest = SHA512.HashData(Encoding.UTF8.GetBytes($"{parameter.KeyId}\n{parameter.Arn}\n{parameter.Version}\n{parameter.Value}"));
        return Convert.ToBase64String(new byte[] { 0x01, 0x02, 0x02, 0x00, 0x78 }.Concat(digest).ToArray());
    }

    private static void CheckName(string name)
    {
        if (name.Length is 0 or > 2048 || !ParameterName().IsMatch(name) || (name.Contains('/', StringComparison.Ordinal) && !name.StartsWith('/')))
        {
            throw new AwsErrorException("ValidationException", $"Parameter name: '{name}' is not a fully qualified name of letters, digits and _.-/ characters.", 400);
        }

        if (ReservedPrefix().IsMatch(name))
        {
            throw Validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
        }
    }

    private static string Required(AwsCall call, string member) =>
        call.JsonString(member) ?? throw Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must not be null");

    private static AwsErrorException Validation(string message) => new("ValidationException", message, 400);

    [GeneratedRegex("^[A-Za-z0-9_.\\-/]+$")]
    private static partial Regex ParameterName();

    [GeneratedRegex("^/?(?i:aws|ssm)")]
    private static partial Regex ReservedPrefix();
}
