using System.Text.Json;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.SecretsManager;

/// <summary>
/// AWS Secrets Manager (awsJson1_1, target prefix secretsmanager): secrets per account and region, versions with the
/// AWSCURRENT/AWSPREVIOUS labels, ClientRequestToken idempotency, resource policies evaluated as the README says.
/// No answer but GetSecretValue's carries a value, and no error message ever does.
/// </summary>
public sealed partial class SecretsManagerService
{
    public const string TargetPrefix = "secretsmanager.";
    public const string Current = "AWSCURRENT";
    public const string Previous = "AWSPREVIOUS";
    private const int MaxSecretBytes = 65536;
    private readonly EmulatorState state;

    public SecretsManagerService(EmulatorState state)
    {
        this.state = state;
    }

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateSecret", "PutSecretValue", "DescribeSecret", "GetSecretValue", "ListSecretVersionIds", "PutResourcePolicy", "TagResource",
    };

    public string Handle(AwsCall call)
    {
        lock (state.Sync)
        {
            return call.Operation switch
            {
                "CreateSecret" => CreateSecret(call),
                "PutSecretValue" => PutSecretValue(call),
                "DescribeSecret" => DescribeSecret(call),
                "GetSecretValue" => GetSecretValue(call),
                "ListSecretVersionIds" => ListSecretVersionIds(call),
                "PutResourcePolicy" => PutResourcePolicy(call),
                "TagResource" => TagResource(call),
                _ => throw new AwsErrorException("UnknownOperationException", string.Empty, 400),
            };
        }
    }

    private string CreateSecret(AwsCall call)
    {
        var name = call.JsonString("Name") is { Length: > 0 and <= 512 } given ? given : throw InvalidParameter("You must provide a Name of 1 to 512 characters.");
        var (text, binary) = Value(call, required: false);
        var token = Token(call);
        var account = call.Caller.Account.Id;
        if (state.Secrets.Values.FirstOrDefault(s => s.AccountId == account && s.Region == call.Region && s.Name == name) is { } existing)
        {
            // The same token and value again is the same request (a resend after a lost answer): answer as the first time.
            if (existing.Versions.FirstOrDefault(v => v.VersionId == token) is { } version && version.SameValue(text, binary))
            {
                return Written(existing, version, withStages: false);
            }

            throw new AwsErrorException("ResourceExistsException", $"The operation failed because the secret {name} already exists.", 400);
        }

        var now = state.Clock.Now;
        var secret = new SecretRecord
        {
            AccountId = account,
            Region = call.Region,
            Name = name,
            Arn = $"arn:aws:secretsmanager:{call.Region}:{account}:secret:{name}-{state.Ids.SecretArnSuffix(state.Ids.NextName("secret"))}",
            Description = call.JsonString("Description"),
            KmsKeyId = call.JsonString("KmsKeyId") is { Length: > 0 } key ? key : SecretRecord.DefaultKmsKeyId,
            CreatedDate = now,
            LastChangedDate = now,
        };
        secret.Tags.AddRange(Tags(call));
        state.Secrets.Add(secret.Arn, secret);
        if (text is null && binary is null)
        {
            return JsonOut.Write(w =>
            {
                w.WriteString("ARN", secret.Arn);
                w.WriteString("Name", secret.Name);
            });
        }

        return Written(secret, AddVersion(secret, token, text, binary, new[] { Current }), withStages: false);
    }

    private string PutSecretValue(AwsCall call)
    {
        var secret = Authorized(call);
        var (text, binary) = Value(call, required: true);
        var token = Token(call);
        if (secret.Versions.FirstOrDefault(v => v.VersionId == token) is { } existing)
        {
            return existing.SameValue(text, binary)
                ? Written(secret, existing, withStages: true)
                : throw new AwsErrorException("ResourceExistsException", "You can't modify an existing version, you can only create a new version.", 400);
        }

        var stages = Strings(call, "VersionStages") is { Count: > 0 } asked ? asked : new List<string> { Current };
        return Written(secret, AddVersion(secret, token, text, binary, stages), withStages: true);
    }

    private string DescribeSecret(AwsCall call)
    {
        var secret = Authorized(call);
        return JsonOut.Write(w =>
        {
            w.WriteString("ARN", secret.Arn);
            w.WriteString("Name", secret.Name);
            if (secret.Description is { } description)
            {
                w.WriteString("Description", description);
            }

            // AWS leaves KmsKeyId out for a secret under the AWS managed key.
            if (!secret.UsesDefaultKey)
            {
                w.WriteString("KmsKeyId", secret.KmsKeyId);
            }

            JsonOut.Timestamp(w, "LastChangedDate", secret.LastChangedDate);
            if (secret.LastAccessedDate is { } accessed)
            {
                JsonOut.Timestamp(w, "LastAccessedDate", accessed);
            }

            WriteTags(w, secret.Tags);
            w.WriteStartObject("VersionIdsToStages");
            foreach (var version in secret.Versions.Where(v => v.Stages.Count > 0))
            {
                WriteStrings(w, version.VersionId, version.Stages);
            }

            w.WriteEndObject();
            JsonOut.Timestamp(w, "CreatedDate", secret.CreatedDate);
        });
    }

    private string GetSecretValue(AwsCall call)
    {
        var secret = Authorized(call);
        var versionId = call.JsonString("VersionId");
        var stage = call.JsonString("VersionStage") ?? (versionId is null ? Current : null);
        var version = versionId is not null
            ? secret.Versions.FirstOrDefault(v => v.VersionId == versionId)
                ?? throw NotFound($"Secrets Manager can't find the specified secret value for VersionId: {versionId}")
            : secret.VersionWithStage(stage!) ?? throw NotFound($"Secrets Manager can't find the specified secret value for staging label: {stage}");
        if (stage is not null && !version.Stages.Contains(stage))
        {
            throw NotFound($"You provided a VersionStage that is not associated to the provided VersionId.");
        }

        var today = new DateTimeOffset(state.Clock.Now.UtcDateTime.Date, TimeSpan.Zero);
        version.LastAccessedDate = today;
        secret.LastAccessedDate = today;
        return JsonOut.Write(w =>
        {
            w.WriteString("ARN", secret.Arn);
            w.WriteString("Name", secret.Name);
            w.WriteString("VersionId", version.VersionId);
            if (version.SecretString is { } text)
            {
                w.WriteString("SecretString", text);
            }

            if (version.SecretBinary is { } binary)
            {
                w.WriteString("SecretBinary", binary);
            }

            WriteStrings(w, "VersionStages", version.Stages);
            JsonOut.Timestamp(w, "CreatedDate", version.CreatedDate);
        });
    }

    private string ListSecretVersionIds(AwsCall call)
    {
        var secret = Authorized(call);
        var max = call.JsonInt("MaxResults") ?? 100;
        if (max is < 1 or > 100)
        {
            throw InvalidParameter("MaxResults must be between 1 and 100.");
        }

        var includeDeprecated = call.Json.ValueKind == JsonValueKind.Object && call.Json.TryGetProperty("IncludeDeprecated", out var flag) && flag.ValueKind == JsonValueKind.True;
        var versions = secret.Versions.Where(v => includeDeprecated || v.Stages.Count > 0).ToList();
        var start = 0;
        if (call.JsonString("NextToken") is { } token && !(token.StartsWith('v') && int.TryParse(token.AsSpan(1), out start) && start >= 0 && start <= versions.Count))
        {
            throw new AwsErrorException("InvalidNextTokenException", "The NextToken value is invalid.", 400);
        }

        var page = versions.Skip(start).Take(max).ToList();
        return JsonOut.Write(w =>
        {
            w.WriteStartArray("Versions");
            foreach (var version in page)
            {
                w.WriteStartObject();
                w.WriteString("VersionId", version.VersionId);
                WriteStrings(w, "VersionStages", version.Stages);
                if (version.LastAccessedDate is { } accessed)
                {
                    JsonOut.Timestamp(w, "LastAccessedDate", accessed);
                }

                JsonOut.Timestamp(w, "CreatedDate", version.CreatedDate);
                WriteStrings(w, "KmsKeyIds", new[] { secret.UsesDefaultKey ? "DefaultEncryptionKey" : secret.KmsKeyId });
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (start + page.Count < versions.Count)
            {
                w.WriteString("NextToken", "v" + (start + page.Count));
            }

            w.WriteString("ARN", secret.Arn);
            w.WriteString("Name", secret.Name);
        });
    }

    private string PutResourcePolicy(AwsCall call)
    {
        var secret = Authorized(call);
        var document = call.JsonString("ResourcePolicy") is { Length: > 0 } given ? given : throw InvalidParameter("You must provide a ResourcePolicy.");
        var policy = SecretPolicy.Parse(document);
        var block = call.Json.TryGetProperty("BlockPublicPolicy", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (block && policy.IsPublic)
        {
            throw new AwsErrorException("PublicPolicyException", "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.", 400);
        }

        secret.ResourcePolicy = document;
        secret.LastChangedDate = state.Clock.Now;
        return JsonOut.Write(w =>
        {
            w.WriteString("ARN", secret.Arn);
            w.WriteString("Name", secret.Name);
        });
    }

    private string TagResource(AwsCall call)
    {
        var secret = Authorized(call);
        var tags = Tags(call);
        if (tags.Count == 0)
        {
            throw InvalidParameter("You must provide at least one tag.");
        }

        if (secret.Tags.Select(t => t.Key).Union(tags.Select(t => t.Key)).Count() > 50)
        {
            throw InvalidParameter("A secret can have at most 50 tags.");
        }

        foreach (var tag in tags)
        {
            secret.Tags.RemoveAll(t => t.Key == tag.Key);
            secret.Tags.Add(tag);
        }

        secret.LastChangedDate = state.Clock.Now;
        return "{}";
    }
}
