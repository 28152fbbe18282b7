namespace IamKeyHygiene.Emulator.Auth;

/// <summary>
/// The parts of an HTTP request that SigV4 signs, as they arrived on the wire: the raw (still
/// percent-encoded) path and query, every header occurrence in order, and the body bytes.
/// </summary>
public sealed class SigV4Request
{
    public SigV4Request(string method, string rawPath, string rawQuery, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        Method = method;
        RawPath = string.IsNullOrEmpty(rawPath) ? "/" : rawPath;
        RawQuery = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    public string RawPath { get; }

    /// <summary>The query string without its leading '?'.</summary>
    public string RawQuery { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    /// <summary>All values of a header (case-insensitive name), in arrival order.</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    public string? FirstHeader(string name) => HeaderValues(name).Cast<string?>().FirstOrDefault();

    /// <summary>Decoded query parameters (first occurrence wins), as SigV4 and awsQuery read them.</summary>
    public IReadOnlyDictionary<string, string> QueryParameters()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in SigV4Canonical.SplitQuery(RawQuery))
        {
            result.TryAdd(SigV4Canonical.PercentDecode(key), SigV4Canonical.PercentDecode(value));
        }

        return result;
    }
}
