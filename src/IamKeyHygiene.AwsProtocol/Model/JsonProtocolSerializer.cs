using System.Text.Json.Nodes;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>awsJson1_1 request bodies: the input's members by wire name, timestamps as epoch seconds,
    /// blobs base64; an operation without input members sends "{}".</summary>
    internal static class JsonProtocolSerializer
    {
        public static string Serialize(Shape? input, JsonObject? values)
        {
            if (input == null || values == null)
            {
                return "{}";
            }

            return ShapeWalk.Structure(values, input, MemberNames.ToWire, Scalar).ToJsonString();
        }

        private static JsonNode? Scalar(JsonNode value, ShapeRef reference)
        {
            if (reference.Shape.Kind != ShapeKind.Timestamp)
            {
                return value.DeepClone();
            }

            var instant = ShapeValues.Timestamp(value);
            var format = reference.EffectiveTimestampFormat;
            if (format == null || format == Timestamps.UnixTimestamp)
            {
                var seconds = Timestamps.ToEpochSeconds(instant);
                return seconds % 1 == 0 ? JsonValue.Create((long)seconds) : JsonValue.Create(seconds);
            }

            return JsonValue.Create(Timestamps.Format(instant, format, Timestamps.UnixTimestamp));
        }
    }
}
