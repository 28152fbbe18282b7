using System.Security.Cryptography;
using System.Text;

namespace IamKeyHygiene.Emulator.Auth;

/// <summary>SigV4 canonicalisation and signing primitives (the signer's side, re-done by the verifier).</summary>
public static class SigV4Canonical
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Percent-encodes every byte except the RFC 3986 unreserved characters (and '/' when asked).</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes %XX escapes (as UTF-8); '+' stays a plus, as SigV4 treats it.</summary>
    public static string PercentDecode(string value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => Uri.IsHexDigit(c);

    public static IEnumerable<(string Key, string Value)> SplitQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            yield break;
        }

        foreach (var pair in rawQuery.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            yield return eq < 0 ? (pair, string.Empty) : (pair[..eq], pair[(eq + 1)..]);
        }
    }

    /// <summary>The canonical URI: decoded once, dot segments and empty segments removed (unless S3-style), encoded once.</summary>
    public static string CanonicalUri(string rawPath, bool normalize)
    {
        var decoded = PercentDecode(rawPath);
        if (normalize)
        {
            var segments = new List<string>();
            foreach (var segment in decoded.Split('/'))
            {
                if (segment.Length == 0 || segment == ".")
                {
                    continue;
                }

                if (segment == "..")
                {
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    continue;
                }

                segments.Add(segment);
            }

            var trailing = decoded.EndsWith('/') && segments.Count > 0;
            decoded = "/" + string.Join('/', segments) + (trailing ? "/" : string.Empty);
        }

        return UriEncode(decoded.Length == 0 ? "/" : decoded, keepSlash: true);
    }

    /// <summary>The canonical query string, optionally without the signature parameter (query signing).</summary>
    public static string CanonicalQuery(string rawQuery, bool dropSignature, bool dropToken = false)
    {
        var pairs = new List<(string Key, string Value)>();
        foreach (var (key, value) in SplitQuery(rawQuery))
        {
            var decodedKey = PercentDecode(key);
            if ((dropSignature && decodedKey == "X-Amz-Signature") || (dropToken && decodedKey == "X-Amz-Security-Token"))
            {
                continue;
            }

            pairs.Add((UriEncode(decodedKey, false), UriEncode(PercentDecode(value), false)));
        }

        pairs.Sort((a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>A header's canonical value: each occurrence trimmed with inner whitespace runs collapsed, joined by commas.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string> values)
    {
        return string.Join(',', values.Select(CollapseWhitespace));
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders, string payloadHash, bool presigned, bool normalizePath, bool dropToken = false)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalUri(request.RawPath, normalizePath)).Append('\n');
        builder.Append(CanonicalQuery(request.RawQuery, presigned, dropToken)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request.HeaderValues(name))).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest)
    {
        return Algorithm + "\n" + amzDate + "\n" + scope + "\n" + Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));
    }

    public static string Signature(string secretAccessKey, string dateStamp, string region, string service, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), dateStamp);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
