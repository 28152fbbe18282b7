using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.Tools.ModelSlicer;

/// <summary>
/// Cuts a botocore model down to the operations a client calls: their input, output and error shapes, every
/// shape those reach, and their paginators. Documentation and validation traits are dropped; what is kept is
/// what the protocol project's ServiceModel and Shape read. The output is deterministic: operations in the
/// manifest's order, shapes sorted by name (ordinal), keys in the model's own order, one-space indents, LF.
/// </summary>
public static class Slicer
{
    private static readonly HashSet<string> ShapeKeys = new(StringComparer.Ordinal)
    {
        "type", "members", "member", "key", "value", "flattened", "locationName", "timestampFormat", "required",
        "queryName", "xmlNamespace", "xmlAttribute", "error", "exception",
    };

    private static readonly HashSet<string> MemberKeys = new(StringComparer.Ordinal)
    {
        "shape", "locationName", "flattened", "queryName", "xmlNamespace", "xmlAttribute", "timestampFormat",
    };

    private static readonly HashSet<string> OperationRefKeys = new(StringComparer.Ordinal) { "shape", "resultWrapper" };

    /// <summary>The metadata kept, in this order.</summary>
    private static readonly string[] MetadataKeys =
        { "apiVersion", "protocol", "targetPrefix", "jsonVersion", "xmlNamespace", "endpointPrefix", "signingName", "serviceId" };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 1,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The slice's file content, from &lt;referenceFolder&gt;/&lt;service&gt;/&lt;version&gt;/.</summary>
    public static byte[] Cut(string referenceFolder, SliceDefinition slice) => Render(Slice(referenceFolder, slice));

    public static JsonObject Slice(string referenceFolder, SliceDefinition slice)
    {
        var folder = Path.Combine(referenceFolder, slice.Service, slice.Version);
        var model = ReadObject(Path.Combine(folder, "service-2.json"));
        var paginators = ReadObject(Path.Combine(folder, "paginators-1.json"))["pagination"] as JsonObject ?? new JsonObject();
        return Slice(model, paginators, slice.Operations, $"{slice.Service} {slice.Version}");
    }

    /// <summary>The slice of <paramref name="model"/> (a service-2.json) holding <paramref name="operations"/>.</summary>
    public static JsonObject Slice(JsonObject model, JsonObject paginators, IEnumerable<string> operations, string modelName)
    {
        var modelShapes = Member<JsonObject>(model, "shapes", modelName);
        var modelOperations = Member<JsonObject>(model, "operations", modelName);
        var shapes = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);

        void Reach(string name)
        {
            if (shapes.ContainsKey(name))
            {
                return;
            }

            var shape = modelShapes[name] as JsonObject ?? throw new InvalidDataException($"The {modelName} model has no shape {name}.");
            var kept = Keep(shape, ShapeKeys);
            shapes[name] = kept;
            foreach (var key in new[] { "member", "key", "value" })
            {
                if (shape[key] is JsonObject reference)
                {
                    kept[key] = Keep(reference, MemberKeys);
                    Reach(ShapeName(reference, modelName));
                }
            }

            if (shape["members"] is JsonObject members)
            {
                var keptMembers = new JsonObject();
                foreach (var (memberName, reference) in members)
                {
                    keptMembers[memberName] = Keep((JsonObject)reference!, MemberKeys);
                }

                kept["members"] = keptMembers;
                foreach (var (_, reference) in members)
                {
                    Reach(ShapeName((JsonObject)reference!, modelName));
                }
            }
        }

        var sliceOperations = new JsonObject();
        foreach (var name in operations)
        {
            var operation = modelOperations[name] as JsonObject
                ?? throw new InvalidDataException($"The {modelName} model has no operation {name}.");
            var entry = new JsonObject();
            foreach (var part in new[] { "input", "output" })
            {
                if (operation[part] is JsonObject reference)
                {
                    entry[part] = Keep(reference, OperationRefKeys);
                    Reach(ShapeName(reference, modelName));
                }
            }

            var errors = (operation["errors"] as JsonArray ?? new JsonArray()).Select(e => ShapeName((JsonObject)e!, modelName)).ToList();
            entry["errors"] = new JsonArray(errors.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray());
            errors.ForEach(Reach);
            if (paginators[name] is JsonNode pagination)
            {
                entry["pagination"] = pagination.DeepClone();
            }

            sliceOperations[name] = entry;
        }

        var modelMetadata = Member<JsonObject>(model, "metadata", modelName);
        var metadata = new JsonObject();
        foreach (var key in MetadataKeys.Where(modelMetadata.ContainsKey))
        {
            metadata[key] = modelMetadata[key]!.DeepClone();
        }

        var sliceShapes = new JsonObject();
        foreach (var (name, shape) in shapes)
        {
            sliceShapes[name] = shape;
        }

        return new JsonObject { ["metadata"] = metadata, ["operations"] = sliceOperations, ["shapes"] = sliceShapes };
    }

    /// <summary>UTF-8 JSON, one-space indents, LF line ends, a final newline.</summary>
    public static byte[] Render(JsonNode slice)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            slice.WriteTo(writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static JsonObject Keep(JsonObject source, HashSet<string> keys)
    {
        var kept = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (keys.Contains(key))
            {
                kept[key] = value?.DeepClone();
            }
        }

        return kept;
    }

    private static string ShapeName(JsonObject reference, string modelName) =>
        reference["shape"]?.GetValue<string>() ?? throw new InvalidDataException($"A shape reference in the {modelName} model names no shape.");

    private static T Member<T>(JsonObject parent, string name, string modelName)
        where T : JsonNode =>
        parent[name] as T ?? throw new InvalidDataException($"The {modelName} model has no '{name}'.");

    private static JsonObject ReadObject(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object.");
}
