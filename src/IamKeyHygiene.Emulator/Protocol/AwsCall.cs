using System.Text.Json;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Protocol;

public enum WireProtocol
{
    Query,
    Json,

    /// <summary>restJson1 (IAM Identity Center's portal and OIDC): operation by method and path, no SigV4.</summary>
    RestJson,

    /// <summary>S3's rest-xml: operation by method, path and query; errors as S3's own error document.</summary>
    RestXml,
}

public enum CallerKind
{
    /// <summary>The scenario's admin credentials: an operator principal in the management account, outside the scenario's data.</summary>
    Admin,
    User,
    Root,
    AssumedRole,
}

/// <summary>The authenticated principal behind a request.</summary>
public sealed record Caller(CallerKind Kind, AccountState Account, string Arn, string UserId, IamUser? User, RoleSession? Session)
{
    /// <summary>A user signing with GetSessionToken's temporary credentials (not a long-term key).</summary>
    public UserSession? UserSession { get; init; }

    /// <summary>aws:MultiFactorAuthPresent: the user's session was issued against a valid MFA code.</summary>
    public bool MfaAuthenticated => UserSession?.MfaAuthenticated == true;
}

/// <summary>One parsed, authenticated request on its way to a service.</summary>
public sealed class AwsCall
{
    public required string Service { get; init; }

    public required string Operation { get; init; }

    public required WireProtocol Protocol { get; init; }

    public required string RequestId { get; init; }

    public required string Region { get; init; }

    /// <summary>awsQuery parameters (form body and query string, decoded).</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>awsJson1_1 / restJson1 body.</summary>
    public JsonElement Json { get; init; }

    /// <summary>restJson1 request headers (first value of each, names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The SigV4-authenticated principal; unset for unsigned restJson1 calls (they carry a bearer token).</summary>
    public Caller Caller { get; set; } = null!;

    /// <summary>The shortPages fault for this list call, or null: the service pages by it.</summary>
    public Faults.PageShape? PageShape { get; set; }

    public string OperationKey => Service + ":" + Operation;

    public string? Param(string name) => Params.TryGetValue(name, out var value) ? value : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? JsonString(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int? JsonInt(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}

/// <summary>A service's answer before it is written to the wire.</summary>
public sealed record ServiceResult(int Status, string ContentType, string Body);
