using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IamKeyHygiene.Emulator.Auth;

/// <summary>What a request's SigV4 authentication says: who signed, for which scope, when, and over which headers.</summary>
public sealed record SigV4Signature(
    string AccessKeyId,
    string DateStamp,
    string Region,
    string Service,
    string AmzDate,
    DateTimeOffset RequestTime,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    bool Presigned,
    int? ExpiresSeconds,
    string? SessionToken)
{
    public string Scope => $"{DateStamp}/{Region}/{Service}/aws4_request";
}

/// <summary>Why a request failed authentication, before any key lookup.</summary>
public enum SigV4Problem
{
    None,
    Missing,
    Incomplete,
    SignatureMismatch,
    Expired,
}

public sealed record SigV4ParseResult(SigV4Signature? Signature, SigV4Problem Problem, string Message);

/// <summary>Verifies SigV4 signatures (Authorization header or presigned query) as AWS's front end does.</summary>
public static class SigV4Verifier
{
    /// <summary>The skew AWS allows between the request's X-Amz-Date and its own (wall) clock.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public static SigV4ParseResult Parse(SigV4Request request)
    {
        var authorization = request.FirstHeader("Authorization");
        var query = request.QueryParameters();
        if (authorization is not null)
        {
            return ParseHeader(request, authorization);
        }

        if (query.ContainsKey("X-Amz-Algorithm") || query.ContainsKey("X-Amz-Credential") || query.ContainsKey("X-Amz-Signature"))
        {
            return ParseQuery(query);
        }

        return Fail(SigV4Problem.Missing, "Request is missing Authentication Token");
    }

    private static SigV4ParseResult ParseHeader(SigV4Request request, string authorization)
    {
        authorization = authorization.Trim();
        if (!authorization.StartsWith(SigV4Canonical.Algorithm + " ", StringComparison.Ordinal))
        {
            return Fail(SigV4Problem.Incomplete, $"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={authorization.Split(' ')[0]}");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in authorization[(SigV4Canonical.Algorithm.Length + 1)..].Split(','))
        {
            var trimmed = part.Trim();
            var eq = trimmed.IndexOf('=');
            if (eq > 0)
            {
                fields[trimmed[..eq]] = trimmed[(eq + 1)..];
            }
        }

        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!fields.ContainsKey(required))
            {
                return Fail(SigV4Problem.Incomplete, $"Authorization header requires '{required}' parameter. Authorization={authorization}");
            }
        }

        var amzDate = request.FirstHeader("X-Amz-Date") ?? request.FirstHeader("Date");
        if (amzDate is null)
        {
            return Fail(SigV4Problem.Incomplete, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        return Build(fields["Credential"], amzDate.Trim(), fields["SignedHeaders"], fields["Signature"], presigned: false, expires: null, request.FirstHeader("X-Amz-Security-Token"));
    }

    private static SigV4ParseResult ParseQuery(IReadOnlyDictionary<string, string> query)
    {
        foreach (var required in new[] { "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature" })
        {
            if (!query.ContainsKey(required))
            {
                return Fail(SigV4Problem.Incomplete, $"AWS query-string parameters must include '{required}'. Re-examine the query-string parameters.");
            }
        }

        if (query["X-Amz-Algorithm"] != SigV4Canonical.Algorithm)
        {
            return Fail(SigV4Problem.Incomplete, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        int? expires = null;
        if (query.TryGetValue("X-Amz-Expires", out var expiresText))
        {
            if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return Fail(SigV4Problem.Incomplete, "X-Amz-Expires should be a number");
            }

            expires = seconds;
        }

        query.TryGetValue("X-Amz-Security-Token", out var token);
        return Build(query["X-Amz-Credential"], query["X-Amz-Date"], query["X-Amz-SignedHeaders"], query["X-Amz-Signature"], presigned: true, expires, token);
    }

    private static SigV4ParseResult Build(string credential, string amzDate, string signedHeaders, string signature, bool presigned, int? expires, string? token)
    {
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[0].Length == 0)
        {
            return Fail(SigV4Problem.Incomplete, $"Credential should be scoped to a valid region. ");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return Fail(SigV4Problem.Incomplete, $"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        if (scope[1] != amzDate[..8])
        {
            return Fail(SigV4Problem.SignatureMismatch, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        var headers = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(h => h.ToLowerInvariant()).ToArray();
        var signatureInfo = new SigV4Signature(scope[0], scope[1], scope[2], scope[3], amzDate, time, headers, signature.Trim(), presigned, expires, token);
        return new SigV4ParseResult(signatureInfo, SigV4Problem.None, string.Empty);
    }

    /// <summary>Checks the request time against the wall clock (never the data clock), in AWS's words.</summary>
    public static SigV4ParseResult CheckTime(SigV4Signature signature, DateTimeOffset wallNow)
    {
        const string format = "yyyyMMdd'T'HHmmss'Z'";
        var now = wallNow.ToUniversalTime();
        if (signature.Presigned && signature.ExpiresSeconds is int expires && now > signature.RequestTime.AddSeconds(expires))
        {
            return Fail(SigV4Problem.Expired, $"Signature expired: {signature.AmzDate} is now earlier than {now.AddSeconds(-expires).ToString(format, CultureInfo.InvariantCulture)} ({now.ToString(format, CultureInfo.InvariantCulture)} - {expires} sec.)");
        }

        if (signature.RequestTime < now - AllowedSkew)
        {
            return Fail(SigV4Problem.Expired, $"Signature expired: {signature.AmzDate} is now earlier than {(now - AllowedSkew).ToString(format, CultureInfo.InvariantCulture)} ({now.ToString(format, CultureInfo.InvariantCulture)} - 15 min.)");
        }

        if (signature.RequestTime > now + AllowedSkew)
        {
            return Fail(SigV4Problem.Expired, $"Signature not yet current: {signature.AmzDate} is still later than {(now + AllowedSkew).ToString(format, CultureInfo.InvariantCulture)} ({now.ToString(format, CultureInfo.InvariantCulture)} + 15 min.)");
        }

        return new SigV4ParseResult(signature, SigV4Problem.None, string.Empty);
    }

    /// <summary>The payload hash the signer used, or null when a declared hash does not match the body. S3 alone
    /// takes UNSIGNED-PAYLOAD (the body is then not part of the signature).</summary>
    public static string? PayloadHash(SigV4Request request, bool unsignedAllowed = false)
    {
        var actual = request.Body.Length == 0 ? SigV4Canonical.EmptyBodySha256 : SigV4Canonical.Sha256Hex(request.Body);
        var declared = request.FirstHeader("x-amz-content-sha256")?.Trim();
        if (declared is null)
        {
            return actual;
        }

        if (unsignedAllowed && declared == UnsignedPayload)
        {
            return declared;
        }

        return string.Equals(declared, actual, StringComparison.Ordinal) ? declared : null;
    }

    /// <summary>Recomputes the signature with the secret and compares in constant time.</summary>
    public static bool SignatureMatches(SigV4Request request, SigV4Signature signature, string secretAccessKey, bool normalizePath = true)
    {
        if (Matches(ExpectedSignature(request, signature, secretAccessKey, normalizePath, signedToken: true), signature))
        {
            return true;
        }

        // A presigning client may add X-Amz-Security-Token after signing (it is then not part of the canonical query).
        return signature.Presigned && signature.SessionToken is not null
            && Matches(ExpectedSignature(request, signature, secretAccessKey, normalizePath, signedToken: false), signature);
    }

    private static bool Matches(string? expected, SigV4Signature signature) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.Signature));

    public static string? ExpectedSignature(SigV4Request request, SigV4Signature signature, string secretAccessKey, bool normalizePath = true, bool signedToken = true)
    {
        var payloadHash = PayloadHash(request, unsignedAllowed: signature.Service == "s3");
        if (payloadHash is null)
        {
            return null;
        }

        var canonical = SigV4Canonical.CanonicalRequest(request, signature.SignedHeaders, payloadHash, signature.Presigned, normalizePath, dropToken: !signedToken);
        var stringToSign = SigV4Canonical.StringToSign(signature.AmzDate, signature.Scope, canonical);
        return SigV4Canonical.Signature(secretAccessKey, signature.DateStamp, signature.Region, signature.Service, stringToSign);
    }

    private static SigV4ParseResult Fail(SigV4Problem problem, string message) => new(null, problem, message);
}
