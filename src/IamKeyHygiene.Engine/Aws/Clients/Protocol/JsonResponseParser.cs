using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.Engine.Aws.Clients.Protocol
{
    /// <summary>awsJson1_1 response bodies read by the output shape into the engine's JSON value form:
    /// members renamed from wire names, timestamps to ISO 8601, unknown members and nulls dropped.</summary>
    internal static class JsonResponseParser
    {
        public static JsonObject Parse(string body, Shape? output)
        {
            if (output == null || string.IsNullOrWhiteSpace(body))
            {
                return new JsonObject();
            }

            var node = JsonNode.Parse(body);
            return node is JsonObject obj ? ParseStructure(obj, output) : new JsonObject();
        }

        private static JsonNode? ParseValue(JsonNode? value, ShapeRef reference)
        {
            if (value == null)
            {
                return null;
            }

            var shape = reference.Shape;
            switch (shape.Kind)
            {
                case ShapeKind.Structure:
                    return ParseStructure(value.AsObject(), shape);
                case ShapeKind.List:
                    var array = new JsonArray();
                    foreach (var item in value.AsArray())
                    {
                        array.Add(ParseValue(item, shape.Member!));
                    }

                    return array;
                case ShapeKind.Map:
                    var map = new JsonObject();
                    foreach (var entry in value.AsObject())
                    {
                        map[entry.Key] = ParseValue(entry.Value, shape.Value!);
                    }

                    return map;
                case ShapeKind.Timestamp:
                    var instant = value.GetValueKind() == JsonValueKind.Number
                        ? Timestamps.ParseEpochSeconds(value.GetValue<double>())
                        : Timestamps.Parse(value.GetValue<string>());
                    return JsonValue.Create(Timestamps.ToCanonical(instant));
                case ShapeKind.Float:
                case ShapeKind.Double:
                    return value.GetValueKind() == JsonValueKind.String
                        ? ShapeValues.ParseFloating(value.GetValue<string>())
                        : value.DeepClone();
                default:
                    return value.DeepClone();
            }
        }

        private static JsonObject ParseStructure(JsonObject values, Shape shape)
        {
            var result = new JsonObject();
            foreach (var name in shape.MemberNames)
            {
                var member = shape.GetMember(name);
                if (values.TryGetPropertyValue(member.LocationName ?? name, out var value) && value != null)
                {
                    result[name] = ParseValue(value, member);
                }
            }

            return result;
        }
    }
}
