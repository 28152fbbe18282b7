using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>awsQuery request bodies: Action, Version, then the input's members flattened into dotted keys
    /// (lists as Name.member.N, maps as Name.entry.N.key/value), in model order, form-encoded.</summary>
    internal static class QuerySerializer
    {
        public static List<KeyValuePair<string, string>> Serialize(string action, string version, Shape? input, JsonObject? values)
        {
            var parameters = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Action", action),
                new KeyValuePair<string, string>("Version", version),
            };
            if (input != null && values != null)
            {
                SerializeStructure(parameters, values, input, "");
            }

            return parameters;
        }

        public static string Encode(IEnumerable<KeyValuePair<string, string>> parameters) =>
            string.Join("&", parameters.Select(p => UrlEncode(p.Key) + "=" + UrlEncode(p.Value)));

        /// <summary>Form encoding as the AWS CLI sends it: unreserved characters as they are, space as '+',
        /// every other UTF-8 byte percent-encoded.</summary>
        public static string UrlEncode(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                {
                    builder.Append(c);
                }
                else if (c == ' ')
                {
                    builder.Append('+');
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2"));
                }
            }

            return builder.ToString();
        }

        private static void Serialize(List<KeyValuePair<string, string>> output, JsonNode? value, ShapeRef reference, string prefix)
        {
            if (value == null)
            {
                return;
            }

            var shape = reference.Shape;
            switch (shape.Kind)
            {
                case ShapeKind.Structure:
                    SerializeStructure(output, value.AsObject(), shape, prefix);
                    break;
                case ShapeKind.List:
                    SerializeList(output, value.AsArray(), reference, prefix);
                    break;
                case ShapeKind.Map:
                    SerializeMap(output, value.AsObject(), reference, prefix);
                    break;
                case ShapeKind.Boolean:
                    output.Add(Pair(prefix, ShapeValues.Bool(value) ? "true" : "false"));
                    break;
                case ShapeKind.Timestamp:
                    output.Add(Pair(prefix, Timestamps.Format(ShapeValues.Timestamp(value), reference.EffectiveTimestampFormat, Timestamps.Iso8601)));
                    break;
                case ShapeKind.Integer:
                case ShapeKind.Long:
                case ShapeKind.Float:
                case ShapeKind.Double:
                    output.Add(Pair(prefix, ShapeValues.NumberText(value, shape.Kind)));
                    break;
                default:
                    output.Add(Pair(prefix, ShapeValues.Text(value)));
                    break;
            }
        }

        private static void SerializeStructure(List<KeyValuePair<string, string>> output, JsonObject values, Shape shape, string prefix)
        {
            foreach (var name in shape.MemberNames)
            {
                if (!values.TryGetPropertyValue(name, out var value) || value == null)
                {
                    continue;
                }

                var member = shape.GetMember(name);
                var wireName = member.LocationName ?? name;
                Serialize(output, value, member, prefix.Length == 0 ? wireName : prefix + "." + wireName);
            }
        }

        private static void SerializeList(List<KeyValuePair<string, string>> output, JsonArray items, ShapeRef reference, string prefix)
        {
            if (items.Count == 0)
            {
                // awsQuery sends an empty list as the bare key, so the service can tell "empty" from "absent".
                output.Add(Pair(prefix, ""));
                return;
            }

            // Flattened: items repeat the member's own name (Name.1, Name.2), whatever the list member is called.
            var member = reference.Shape.Member!;
            var itemPrefix = reference.IsFlattened ? prefix : prefix + "." + (member.LocationName ?? "member");

            for (var i = 0; i < items.Count; i++)
            {
                Serialize(output, items[i], member, itemPrefix + "." + (i + 1));
            }
        }

        private static void SerializeMap(List<KeyValuePair<string, string>> output, JsonObject entries, ShapeRef reference, string prefix)
        {
            var shape = reference.Shape;
            var entryPrefix = reference.IsFlattened ? prefix : prefix + ".entry";
            var keyName = shape.Key!.LocationName ?? "key";
            var valueName = shape.Value!.LocationName ?? "value";
            var i = 0;
            foreach (var entry in entries)
            {
                i++;
                output.Add(Pair($"{entryPrefix}.{i}.{keyName}", entry.Key));
                Serialize(output, entry.Value, shape.Value, $"{entryPrefix}.{i}.{valueName}");
            }
        }

        private static KeyValuePair<string, string> Pair(string key, string value) => new KeyValuePair<string, string>(key, value);
    }
}
