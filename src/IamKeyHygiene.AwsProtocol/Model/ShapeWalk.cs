using System;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>Which member names a walk reads and writes.</summary>
    internal enum MemberNames
    {
        /// <summary>Read model member names, write wire names (locationName): serialising.</summary>
        ToWire,

        /// <summary>Read wire names, write model member names: parsing.</summary>
        FromWire,

        /// <summary>Model member names on both sides.</summary>
        Unchanged,
    }

    /// <summary>
    /// Rebuilds a JSON value along its shape: structures keep only modelled members (renamed as asked, nulls
    /// dropped), lists and maps recurse, and every other value goes through <c>scalar</c> with its shape
    /// reference. The JSON serializer and parser, and the tests' value conversions, are this walk with
    /// different scalar rules.
    /// </summary>
    internal static class ShapeWalk
    {
        public static JsonObject Structure(JsonObject values, Shape shape, MemberNames names, Func<JsonNode, ShapeRef, JsonNode?> scalar)
        {
            var result = new JsonObject();
            foreach (var name in shape.MemberNames)
            {
                var member = shape.GetMember(name);
                var wire = member.LocationName ?? name;
                var (from, to) = names == MemberNames.ToWire ? (name, wire) : names == MemberNames.FromWire ? (wire, name) : (name, name);
                if (values.TryGetPropertyValue(from, out var value) && value != null)
                {
                    result[to] = Value(value, member, names, scalar);
                }
            }

            return result;
        }

        private static JsonNode? Value(JsonNode value, ShapeRef reference, MemberNames names, Func<JsonNode, ShapeRef, JsonNode?> scalar)
        {
            var shape = reference.Shape;
            switch (shape.Kind)
            {
                case ShapeKind.Structure:
                    return Structure(value.AsObject(), shape, names, scalar);
                case ShapeKind.List:
                    var array = new JsonArray();
                    foreach (var item in value.AsArray())
                    {
                        array.Add(item == null ? null : Value(item, shape.Member!, names, scalar));
                    }

                    return array;
                case ShapeKind.Map:
                    var map = new JsonObject();
                    foreach (var entry in value.AsObject())
                    {
                        map[entry.Key] = entry.Value == null ? null : Value(entry.Value, shape.Value!, names, scalar);
                    }

                    return map;
                default:
                    return scalar(value, reference);
            }
        }
    }
}
