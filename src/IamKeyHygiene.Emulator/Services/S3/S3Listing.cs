using System.Globalization;
using System.Text;
using IamKeyHygiene.Emulator.Protocol;

namespace IamKeyHygiene.Emulator.Services.S3;

/// <summary>
/// ListObjectsV2: keys in order after start-after or the continuation token, under the prefix, rolled up to
/// CommonPrefixes at the delimiter, at most max-keys (default and cap 1000) entries a page, each common prefix
/// counting once; encoding-type=url encodes the key-like members as S3 does.
/// </summary>
internal static class S3Listing
{
    private const int MaxKeysCap = 1000;

    public static S3Answer List(S3Request request, KeyValuePair<string, S3Object>[] objects)
    {
        var query = request.Query;
        var prefix = query.GetValueOrDefault("prefix") ?? string.Empty;
        var delimiter = query.GetValueOrDefault("delimiter") ?? string.Empty;
        var startAfter = query.GetValueOrDefault("start-after") ?? string.Empty;
        var token = query.GetValueOrDefault("continuation-token");
        var urlEncoded = query.GetValueOrDefault("encoding-type") == "url";
        var maxKeys = MaxKeys(query.GetValueOrDefault("max-keys"));
        var (after, skippedPrefix) = token is null ? (startAfter, (string?)null) : Decode(token);

        var contents = new List<KeyValuePair<string, S3Object>>();
        var commonPrefixes = new List<string>();
        string? lastMarker = null;
        var truncated = false;
        foreach (var (key, stored) in objects)
        {
            if (string.CompareOrdinal(key, after) <= 0 || !key.StartsWith(prefix, StringComparison.Ordinal)
                || (skippedPrefix is not null && key.StartsWith(skippedPrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var at = delimiter.Length == 0 ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            var rolledUp = at < 0 ? null : key[..(at + delimiter.Length)];
            if (rolledUp is not null && commonPrefixes.Count > 0 && commonPrefixes[^1] == rolledUp)
            {
                continue;
            }

            if (contents.Count + commonPrefixes.Count >= maxKeys)
            {
                truncated = lastMarker is not null;
                break;
            }

            if (rolledUp is null)
            {
                contents.Add(new(key, stored));
                lastMarker = "k" + key;
            }
            else
            {
                commonPrefixes.Add(rolledUp);
                lastMarker = "p" + rolledUp;
            }
        }

        string Out(string value) => S3Service.Escape(urlEncoded ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.Append("<ListBucketResult xmlns=\"").Append(S3Service.Namespace).Append("\">");
        xml.Append("<Name>").Append(S3Service.Escape(request.Bucket)).Append("</Name>");
        xml.Append("<Prefix>").Append(Out(prefix)).Append("</Prefix>");
        if (delimiter.Length > 0)
        {
            xml.Append("<Delimiter>").Append(Out(delimiter)).Append("</Delimiter>");
        }

        xml.Append("<MaxKeys>").Append(maxKeys).Append("</MaxKeys>");
        if (urlEncoded)
        {
            xml.Append("<EncodingType>url</EncodingType>");
        }

        xml.Append("<KeyCount>").Append(contents.Count + commonPrefixes.Count).Append("</KeyCount>");
        xml.Append("<IsTruncated>").Append(truncated ? "true" : "false").Append("</IsTruncated>");
        if (token is not null)
        {
            xml.Append("<ContinuationToken>").Append(S3Service.Escape(token)).Append("</ContinuationToken>");
        }

        if (truncated && lastMarker is not null)
        {
            xml.Append("<NextContinuationToken>").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(lastMarker))).Append("</NextContinuationToken>");
        }

        if (startAfter.Length > 0)
        {
            xml.Append("<StartAfter>").Append(Out(startAfter)).Append("</StartAfter>");
        }

        foreach (var (key, stored) in contents)
        {
            xml.Append("<Contents><Key>").Append(Out(key)).Append("</Key><LastModified>")
                .Append(stored.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                .Append("</LastModified><ETag>").Append(S3Service.Escape(stored.ETag)).Append("</ETag><Size>").Append(stored.Body.Length)
                .Append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }

        foreach (var rolledUp in commonPrefixes)
        {
            xml.Append("<CommonPrefixes><Prefix>").Append(Out(rolledUp)).Append("</Prefix></CommonPrefixes>");
        }

        xml.Append("</ListBucketResult>");
        return new S3Answer(200, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(xml.ToString()));
    }

    private static int MaxKeys(string? text)
    {
        if (text is null)
        {
            return MaxKeysCap;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new AwsErrorException("InvalidArgument", "Provided max-keys not an integer or within integer range", 400);
        }

        return Math.Min(value, MaxKeysCap);
    }

    /// <summary>A token is the last key listed ("k…") or the last common prefix ("p…", whose keys are all skipped).</summary>
    private static (string After, string? SkippedPrefix) Decode(string token)
    {
        try
        {
            var marker = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (marker.Length > 0 && marker[0] is 'k' or 'p')
            {
                return marker[0] == 'k' ? (marker[1..], null) : (marker[1..], marker[1..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new AwsErrorException("InvalidArgument", "The continuation token provided is incorrect", 400);
    }
}
