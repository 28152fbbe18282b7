using System.Globalization;

namespace IamKeyHygiene.Emulator.Auth;

/// <summary>
/// Signs requests with SigV4 (header form). The emulator never needs it; tests and the benchmark use it to
/// send raw requests without an SDK. Real clients (awscli) check the verifier independently.
/// </summary>
public static class SigV4Signer
{
    /// <summary>Adds X-Amz-Date (and X-Amz-Security-Token) and returns the Authorization header value for the given headers.</summary>
    public static string Authorization(
        string method,
        Uri url,
        List<KeyValuePair<string, string>> headers,
        byte[] body,
        string accessKeyId,
        string secretAccessKey,
        string? sessionToken,
        string region,
        string service,
        DateTimeOffset time)
    {
        var amzDate = time.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        headers.Add(new("X-Amz-Date", amzDate));
        if (sessionToken is not null)
        {
            headers.Add(new("X-Amz-Security-Token", sessionToken));
        }

        var request = new SigV4Request(method, url.AbsolutePath, url.Query, headers, body);
        var signed = headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
        var canonical = SigV4Canonical.CanonicalRequest(request, signed, body.Length == 0 ? SigV4Canonical.EmptyBodySha256 : SigV4Canonical.Sha256Hex(body), false, true);
        var dateStamp = amzDate[..8];
        var scope = $"{dateStamp}/{region}/{service}/aws4_request";
        var signature = SigV4Canonical.Signature(secretAccessKey, dateStamp, region, service, SigV4Canonical.StringToSign(amzDate, scope, canonical));
        return $"{SigV4Canonical.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', signed)}, Signature={signature}";
    }
}
