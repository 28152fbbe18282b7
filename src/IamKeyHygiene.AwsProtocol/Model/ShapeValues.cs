using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>Reads input values handed to the serializers. Inputs are JSON nodes: structures and maps are
    /// objects, lists arrays, blobs base64 strings, timestamps ISO 8601 strings or epoch-second numbers.</summary>
    internal static class ShapeValues
    {
        public static string Text(JsonNode node)
        {
            var value = node.AsValue();
            if (value.TryGetValue<string>(out var text))
            {
                return text;
            }

            var element = value.GetValue<JsonElement>();
            return element.ValueKind == JsonValueKind.Number ? element.GetRawText() : element.ToString();
        }

        public static bool Bool(JsonNode node)
        {
            var value = node.AsValue();
            return value.TryGetValue<bool>(out var b) ? b : bool.Parse(Text(node));
        }

        public static DateTimeOffset Timestamp(JsonNode node)
        {
            var value = node.AsValue();
            if (value.TryGetValue<DateTimeOffset>(out var instant))
            {
                return instant;
            }

            if (value.TryGetValue<double>(out var seconds))
            {
                return Timestamps.ParseEpochSeconds(seconds);
            }

            return Timestamps.Parse(Text(node));
        }

        /// <summary>Numbers as the wire writes them: integers plainly, floating point in the shortest
        /// round-trip form ("1.5", "Infinity", "NaN").</summary>
        public static string NumberText(JsonNode node, ShapeKind kind)
        {
            if (kind == ShapeKind.Float || kind == ShapeKind.Double)
            {
                var text = Text(node);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    && !double.IsNaN(number) && !double.IsInfinity(number))
                {
                    return number.ToString("R", CultureInfo.InvariantCulture);
                }

                return text;
            }

            return Text(node);
        }

        /// <summary>A parsed floating-point value; the special values travel as strings, as JSON has no literal for them.</summary>
        public static JsonNode ParseFloating(string text)
        {
            switch (text)
            {
                case "NaN":
                case "Infinity":
                case "-Infinity":
                    return JsonValue.Create(text)!;
                default:
                    return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))!;
            }
        }
    }
}
