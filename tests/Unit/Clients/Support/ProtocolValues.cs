using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IamKeyHygiene.AwsProtocol.Model;

namespace IamKeyHygiene.Tests.Unit.Clients.Support;

/// <summary>Moves values between botocore's test conventions (blobs as text, timestamps as epoch numbers) and
/// the engine's (blobs base64, timestamps ISO 8601), and compares them.</summary>
internal static class ProtocolValues
{
    /// <summary>Case params → our input form: blob text becomes base64 of its UTF-8 bytes.</summary>
    public static JsonObject? Input(JsonObject values, Shape? shape) =>
        shape == null ? null : ShapeWalk.Structure(values, shape, MemberNames.Unchanged, (v, r) => Convert(v, r, blobToWire: true));

    /// <summary>Our parsed output → botocore's result form: timestamps epoch seconds, blobs decoded text.</summary>
    public static JsonObject Normalise(JsonObject values, Shape? shape) =>
        shape == null ? new JsonObject() : ShapeWalk.Structure(values, shape, MemberNames.Unchanged, (v, r) => Convert(v, r, blobToWire: false));

    private static JsonNode? Convert(JsonNode value, ShapeRef reference, bool blobToWire)
    {
        switch (reference.Shape.Kind)
        {
            case ShapeKind.Blob when blobToWire:
                return JsonValue.Create(System.Convert.ToBase64String(Encoding.UTF8.GetBytes(value.GetValue<string>())));
            case ShapeKind.Blob:
                // The XML parser gives a blob's bytes; the JSON parser its base64 text.
                var bytes = value is JsonValue parsed && parsed.TryGetValue<byte[]>(out var raw) ? raw : System.Convert.FromBase64String(value.GetValue<string>());
                return JsonValue.Create(Encoding.UTF8.GetString(bytes));
            case ShapeKind.Timestamp when !blobToWire:
                return JsonValue.Create(Timestamps.ToEpochSeconds(DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)));
            default:
                return value.DeepClone();
        }
    }

    /// <summary>Deep equality where numbers compare by value (1 == 1.0) and "NaN"/"Infinity" match themselves.</summary>
    public static bool SameJson(JsonNode? a, JsonNode? b)
    {
        if (a == null || b == null)
        {
            return a == null && b == null;
        }

        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                return oa.Count == ob.Count && oa.All(p => ob.TryGetPropertyValue(p.Key, out var v) && SameJson(p.Value, v));
            case JsonArray aa when b is JsonArray ab:
                return aa.Count == ab.Count && aa.Zip(ab).All(p => SameJson(p.First, p.Second));
            case JsonValue va when b is JsonValue vb:
                if (va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
                {
                    return Math.Abs(Number(va) - Number(vb)) < 1e-6;
                }

                return JsonNode.DeepEquals(va, vb);
            default:
                return false;
        }
    }

    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>A form body as decoded (key, value) pairs in a stable order ('+' is a space).</summary>
    public static List<(string, string)> FormPairs(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(kv => (Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : ""))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ThenBy(p => p.Item2, StringComparer.Ordinal)
            .ToList();

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
