using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>awsQuery XML responses: the output shape read from the operation's result wrapper element
    /// (e.g. ListUsersResponse/ListUsersResult), namespaces ignored, into the JSON value form the clients read.</summary>
    internal static class XmlResponseParser
    {
        public static JsonObject Parse(XDocument document, Shape? output, string? resultWrapper)
        {
            var root = document.Root ?? throw new FormatException("The XML response has no root element.");
            if (output == null)
            {
                return new JsonObject();
            }

            // awsQuery always wraps the output in <Operation>Result inside <Operation>Response; a model without
            // a resultWrapper still gets the result element when there is one.
            var wrapper = resultWrapper ?? DefaultResultWrapper(root);
            var container = wrapper == null ? root : Child(root, wrapper);
            return container == null ? new JsonObject() : ParseStructure(container, output);
        }

        private static string? DefaultResultWrapper(XElement root)
        {
            var name = root.Name.LocalName;
            if (!name.EndsWith("Response", StringComparison.Ordinal))
            {
                return null;
            }

            var wrapper = name.Substring(0, name.Length - "Response".Length) + "Result";
            return Child(root, wrapper) == null ? null : wrapper;
        }

        /// <summary>The request id AWS puts in ResponseMetadata (or at the top of an error).</summary>
        public static string? RequestId(XDocument document) =>
            document.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId" || e.Name.LocalName == "RequestID")?.Value;

        private static JsonNode? ParseValue(XElement element, ShapeRef reference)
        {
            var shape = reference.Shape;
            switch (shape.Kind)
            {
                case ShapeKind.Structure:
                    return ParseStructure(element, shape);
                case ShapeKind.List:
                    return ParseList(element.Elements().Where(e => e.Name.LocalName == (shape.Member!.LocationName ?? "member")), shape);
                case ShapeKind.Map:
                    return ParseMap(element.Elements().Where(e => e.Name.LocalName == "entry"), shape);
                default:
                    return ParseScalar(element.Value, shape);
            }
        }

        private static JsonObject ParseStructure(XElement element, Shape shape)
        {
            var result = new JsonObject();
            foreach (var name in shape.MemberNames)
            {
                var member = shape.GetMember(name);
                if (member.XmlAttribute)
                {
                    var attribute = element.Attributes().FirstOrDefault(a => a.Name.LocalName == (member.LocationName ?? name));
                    if (attribute != null)
                    {
                        result[name] = ParseScalar(attribute.Value, member.Shape);
                    }

                    continue;
                }

                var key = MemberElementName(member, name);
                if (member.IsFlattened && member.Shape.Kind == ShapeKind.List)
                {
                    var items = element.Elements().Where(e => e.Name.LocalName == key).ToList();
                    if (items.Count > 0)
                    {
                        result[name] = ParseList(items, member.Shape);
                    }
                }
                else if (member.IsFlattened && member.Shape.Kind == ShapeKind.Map)
                {
                    var entries = element.Elements().Where(e => e.Name.LocalName == key).ToList();
                    if (entries.Count > 0)
                    {
                        result[name] = ParseMap(entries, member.Shape);
                    }
                }
                else
                {
                    var child = Child(element, key);
                    if (child != null)
                    {
                        result[name] = ParseValue(child, member);
                    }
                }
            }

            return result;
        }

        /// <summary>The element name of a member: its locationName, else its name. A flattened list or map repeats
        /// that name once per item (the list member's own locationName does not apply).</summary>
        private static string MemberElementName(ShapeRef member, string memberName) => member.LocationName ?? memberName;

        private static JsonArray ParseList(IEnumerable<XElement> items, Shape shape)
        {
            var array = new JsonArray();
            foreach (var item in items)
            {
                array.Add(ParseValue(item, shape.Member!));
            }

            return array;
        }

        private static JsonObject ParseMap(IEnumerable<XElement> entries, Shape shape)
        {
            var keyName = shape.Key!.LocationName ?? "key";
            var valueName = shape.Value!.LocationName ?? "value";
            var map = new JsonObject();
            foreach (var entry in entries)
            {
                var key = Child(entry, keyName)?.Value ?? "";
                var value = Child(entry, valueName);
                map[key] = value == null ? null : ParseValue(value, shape.Value);
            }

            return map;
        }

        internal static JsonNode ParseScalar(string text, Shape shape)
        {
            switch (shape.Kind)
            {
                case ShapeKind.Boolean:
                    return JsonValue.Create(string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase));
                case ShapeKind.Integer:
                case ShapeKind.Long:
                    return JsonValue.Create(long.Parse(text.Trim(), CultureInfo.InvariantCulture));
                case ShapeKind.Float:
                case ShapeKind.Double:
                    return ShapeValues.ParseFloating(text.Trim());
                case ShapeKind.Timestamp:
                    return JsonValue.Create(Timestamps.ToCanonical(Timestamps.Parse(text)))!;
                case ShapeKind.Blob:
                    // Base64 as sent, minus any line breaks a service wraps it with.
                    return JsonValue.Create(new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()))!;
                default:
                    return JsonValue.Create(text)!;
            }
        }

        private static XElement? Child(XElement parent, string localName) =>
            parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
    }
}
