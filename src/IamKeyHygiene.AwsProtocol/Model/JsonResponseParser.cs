using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>awsJson1_1 response bodies read by the output shape into the JSON value form the clients read:
    /// members renamed from wire names, timestamps to ISO 8601, unknown members and nulls dropped.</summary>
    internal static class JsonResponseParser
    {
        public static JsonObject Parse(string body, Shape? output)
        {
            if (output == null || string.IsNullOrWhiteSpace(body))
            {
                return new JsonObject();
            }

            return JsonNode.Parse(body) is JsonObject obj ? ShapeWalk.Structure(obj, output, MemberNames.FromWire, Scalar) : new JsonObject();
        }

        private static JsonNode? Scalar(JsonNode value, ShapeRef reference)
        {
            switch (reference.Shape.Kind)
            {
                case ShapeKind.Timestamp:
                    var instant = value.GetValueKind() == JsonValueKind.Number
                        ? Timestamps.ParseEpochSeconds(value.GetValue<double>())
                        : Timestamps.Parse(value.GetValue<string>());
                    return JsonValue.Create(Timestamps.ToCanonical(instant));
                case ShapeKind.Float:
                case ShapeKind.Double:
                    return value.GetValueKind() == JsonValueKind.String ? ShapeValues.ParseFloating(value.GetValue<string>()) : value.DeepClone();
                default:
                    return value.DeepClone();
            }
        }
    }
}
