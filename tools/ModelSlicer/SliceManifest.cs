using System.Text.Json;

namespace IamKeyHygiene.Tools.ModelSlicer;

/// <summary>One service's slice: its botocore model (service name and API version) and the operations kept.</summary>
public sealed record SliceDefinition(string Service, string Version, IReadOnlyList<string> Operations)
{
    /// <summary>"iam-2010-05-08.json", the file (and resource) name the protocol project embeds.</summary>
    public string FileName => $"{Service}-{Version}.json";
}

/// <summary>
/// tools/ModelSlicer/slices.json, the one place that lists the operations the module's clients call: where the
/// reference models are, where the slices go (both relative to the repository root) and the slices themselves.
/// </summary>
public sealed class SliceManifest
{
    public static readonly string RelativePath = Path.Combine("tools", "ModelSlicer", "slices.json");

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip };

    private SliceManifest(string referenceFolder, string outputFolder, IReadOnlyList<SliceDefinition> slices)
    {
        ReferenceFolder = referenceFolder;
        OutputFolder = outputFolder;
        Slices = slices;
    }

    /// <summary>The botocore models: &lt;folder&gt;/&lt;service&gt;/&lt;version&gt;/service-2.json and paginators-1.json.</summary>
    public string ReferenceFolder { get; }

    /// <summary>Where the slices are written (the protocol project's Model/Slices).</summary>
    public string OutputFolder { get; }

    public IReadOnlyList<SliceDefinition> Slices { get; }

    public static SliceManifest Load(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, RelativePath);
        using var document = JsonDocument.Parse(File.ReadAllText(path), Options);
        var root = document.RootElement;
        var slices = new List<SliceDefinition>();
        foreach (var slice in Required(root, "slices", path).EnumerateArray())
        {
            var operations = Required(slice, "operations", path).EnumerateArray().Select(o => o.GetString()!).ToList();
            slices.Add(new SliceDefinition(Text(slice, "service", path), Text(slice, "version", path), operations));
        }

        var duplicate = slices.GroupBy(s => s.FileName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
        {
            throw new InvalidDataException($"{path}: {duplicate.Key} is listed twice.");
        }

        return new SliceManifest(Path.Combine(repositoryRoot, Text(root, "reference", path)), Path.Combine(repositoryRoot, Text(root, "output", path)),
            slices);
    }

    private static JsonElement Required(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"{path}: '{name}' is missing.");

    private static string Text(JsonElement element, string name, string path) =>
        Required(element, name, path).GetString() is { Length: > 0 } text ? text : throw new InvalidDataException($"{path}: '{name}' is empty.");
}
