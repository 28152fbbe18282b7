using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.Emulator.Services.Sts;

/// <summary>
/// The emulator's test token for AssumeRoleWithWebIdentity: a JWT whose header says <c>"alg":"none"</c> and whose
/// signature part is empty (<c>header.payload.</c>). STS checks its issuer, audience, subject and expiry (wall
/// time) against the role's trust; there is no key to verify, so it proves nothing outside tests.
/// </summary>
public static class WebIdentityToken
{
    /// <summary>The issuer of the emulator's managed identity tokens (Microsoft Entra ID's v1 issuer shape).</summary>
    public const string ManagedIdentityIssuer = "https://sts.windows.net/00000000-0000-0000-0000-0000000e1a70/";

    /// <summary>The subject (the managed identity's object id) when the request names none.</summary>
    public const string ManagedIdentitySubject = "11111111-2222-3333-4444-555555555555";

    public sealed record Claims(string Issuer, string Audience, string Subject, DateTimeOffset Expires);

    public static string Issue(Claims claims)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iss"] = claims.Issuer,
            ["aud"] = claims.Audience,
            ["sub"] = claims.Subject,
            ["exp"] = claims.Expires.ToUnixTimeSeconds(),
        };
        return Encode(header.ToJsonString()) + "." + Encode(payload.ToJsonString()) + ".";
    }

    /// <summary>The claims of a token, or null when it is not one (three dot-separated parts, a JSON payload with iss, aud, sub, exp).</summary>
    public static Claims? Read(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Decode(parts[1]));
            var root = payload.RootElement;
            var audience = root.GetProperty("aud") is { ValueKind: JsonValueKind.Array } list ? list[0].GetString() : root.GetProperty("aud").GetString();
            return new Claims(root.GetProperty("iss").GetString()!, audience!, root.GetProperty("sub").GetString()!,
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64()));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
