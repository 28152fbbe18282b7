using System.Text.Json.Nodes;

namespace IamKeyHygiene.Engine.Aws.Clients.Protocol
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

            return SerializeStructure(values, input).ToJsonString();
        }

        private static JsonNode? Serialize(JsonNode? value, ShapeRef reference)
        {
            if (value == null)
            {
                return null;
            }

            var shape = reference.Shape;
            switch (shape.Kind)
            {
                case ShapeKind.Structure:
                    return SerializeStructure(value.AsObject(), shape);
                case ShapeKind.List:
                    var array = new JsonArray();
                    foreach (var item in value.AsArray())
                    {
                        array.Add(Serialize(item, shape.Member!));
                    }

                    return array;
                case ShapeKind.Map:
                    var map = new JsonObject();
                    foreach (var entry in value.AsObject())
                    {
                        map[entry.Key] = Serialize(entry.Value, shape.Value!);
                    }

                    return map;
                case ShapeKind.Timestamp:
                    var instant = ShapeValues.Timestamp(value);
                    var format = reference.EffectiveTimestampFormat;
                    if (format == null || format == Timestamps.UnixTimestamp)
                    {
                        var seconds = Timestamps.ToEpochSeconds(instant);
                        return seconds % 1 == 0 ? JsonValue.Create((long)seconds) : JsonValue.Create(seconds);
                    }

                    return JsonValue.Create(Timestamps.Format(instant, format, Timestamps.UnixTimestamp));
                default:
                    return value.DeepClone();
            }
        }

        private static JsonObject SerializeStructure(JsonObject values, Shape shape)
        {
            var result = new JsonObject();
            foreach (var name in shape.MemberNames)
            {
                if (values.TryGetPropertyValue(name, out var value) && value != null)
                {
                    var member = shape.GetMember(name);
                    result[member.LocationName ?? name] = Serialize(value, member);
                }
            }

            return result;
        }
    }
}
