using System;
using System.Collections.Generic;
using System.Text.Json;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>The kinds of shape the botocore/Smithy models use.</summary>
    internal enum ShapeKind
    {
        Structure,
        List,
        Map,
        String,
        Integer,
        Long,
        Float,
        Double,
        Boolean,
        Timestamp,
        Blob,
    }

    /// <summary>A reference from a structure, list or map to a shape, with the wire-name traits that live on the
    /// reference (locationName, flattened, queryName, xmlNamespace, timestampFormat).</summary>
    internal sealed class ShapeRef
    {
        public ShapeRef(Shape shape, string? locationName, bool flattened, string? queryName, string? xmlNamespace,
            bool xmlAttribute, string? timestampFormat)
        {
            Shape = shape;
            LocationName = locationName;
            Flattened = flattened;
            QueryName = queryName;
            XmlNamespace = xmlNamespace;
            XmlAttribute = xmlAttribute;
            TimestampFormat = timestampFormat;
        }

        public Shape Shape { get; }
        public string? LocationName { get; }
        public bool Flattened { get; }
        public string? QueryName { get; }
        public string? XmlNamespace { get; }
        public bool XmlAttribute { get; }
        public string? TimestampFormat { get; }

        /// <summary>A flattened list or map is flattened by the reference or by the shape itself.</summary>
        public bool IsFlattened => Flattened || Shape.Flattened;

        public string? EffectiveTimestampFormat => TimestampFormat ?? Shape.TimestampFormat;
    }

    /// <summary>One shape of a service model, as botocore writes it in service-2.json.</summary>
    internal sealed class Shape
    {
        private readonly Dictionary<string, ShapeRef> _members = new Dictionary<string, ShapeRef>(StringComparer.Ordinal);
        private readonly List<string> _memberOrder = new List<string>();

        public Shape(string name, ShapeKind kind)
        {
            Name = name;
            Kind = kind;
        }

        public string Name { get; }
        public ShapeKind Kind { get; }
        public bool Flattened { get; internal set; }
        public string? LocationName { get; internal set; }
        public string? TimestampFormat { get; internal set; }

        /// <summary>The error code a modelled exception shape is sent with, when it differs from its name.</summary>
        public string? ErrorCode { get; internal set; }

        public ShapeRef? Member { get; internal set; }
        public ShapeRef? Key { get; internal set; }
        public ShapeRef? Value { get; internal set; }

        /// <summary>Structure members in model order (the order awsQuery and the AWS CLI serialise them in).</summary>
        public IReadOnlyList<string> MemberNames => _memberOrder;

        public ShapeRef GetMember(string name) =>
            _members.TryGetValue(name, out var member) ? member
                : throw new InvalidOperationException($"Shape {Name} has no member {name}.");

        public bool TryGetMember(string name, out ShapeRef member) => _members.TryGetValue(name, out member!);

        internal void AddMember(string name, ShapeRef member)
        {
            _members[name] = member;
            _memberOrder.Add(name);
        }

        internal static ShapeKind ParseKind(string type)
        {
            switch (type)
            {
                case "structure": return ShapeKind.Structure;
                case "list": return ShapeKind.List;
                case "map": return ShapeKind.Map;
                case "string":
                case "character":
                    return ShapeKind.String;
                case "integer": return ShapeKind.Integer;
                case "long": return ShapeKind.Long;
                case "float": return ShapeKind.Float;
                case "double": return ShapeKind.Double;
                case "boolean": return ShapeKind.Boolean;
                case "timestamp": return ShapeKind.Timestamp;
                case "blob": return ShapeKind.Blob;
                default: throw new NotSupportedException($"Shape type '{type}' is not supported by the protocol code.");
            }
        }
    }

    /// <summary>A set of shapes read from a botocore "shapes" object (a service model, or a protocol test case).</summary>
    internal sealed class ShapeSet
    {
        private readonly Dictionary<string, Shape> _shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);

        public Shape this[string name] =>
            _shapes.TryGetValue(name, out var shape) ? shape : throw new KeyNotFoundException($"No shape named {name}.");

        public IEnumerable<Shape> All => _shapes.Values;

        /// <summary>Reads every shape first, then links references, so shapes may refer to each other in any order.</summary>
        public static ShapeSet Parse(JsonElement shapes)
        {
            var set = new ShapeSet();
            foreach (var property in shapes.EnumerateObject())
            {
                var kind = Shape.ParseKind(property.Value.GetProperty("type").GetString()!);
                set._shapes[property.Name] = new Shape(property.Name, kind);
            }

            foreach (var property in shapes.EnumerateObject())
            {
                set.Link(set._shapes[property.Name], property.Value);
            }

            return set;
        }

        private void Link(Shape shape, JsonElement definition)
        {
            shape.Flattened = ReadBool(definition, "flattened");
            shape.LocationName = ReadString(definition, "locationName");
            shape.TimestampFormat = ReadString(definition, "timestampFormat");
            if (definition.TryGetProperty("error", out var error))
            {
                shape.ErrorCode = ReadString(error, "code");
            }

            if (definition.TryGetProperty("member", out var member))
            {
                shape.Member = ReadRef(member);
            }

            if (definition.TryGetProperty("key", out var key))
            {
                shape.Key = ReadRef(key);
            }

            if (definition.TryGetProperty("value", out var value))
            {
                shape.Value = ReadRef(value);
            }

            if (definition.TryGetProperty("members", out var members))
            {
                foreach (var m in members.EnumerateObject())
                {
                    shape.AddMember(m.Name, ReadRef(m.Value));
                }
            }
        }

        private ShapeRef ReadRef(JsonElement reference) =>
            new ShapeRef(
                this[reference.GetProperty("shape").GetString()!],
                ReadString(reference, "locationName"),
                ReadBool(reference, "flattened"),
                ReadString(reference, "queryName"),
                reference.TryGetProperty("xmlNamespace", out var ns) && ns.ValueKind == JsonValueKind.Object
                    ? ReadString(ns, "uri") : null,
                ReadBool(reference, "xmlAttribute"),
                ReadString(reference, "timestampFormat"));

        private static string? ReadString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static bool ReadBool(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
    }
}
