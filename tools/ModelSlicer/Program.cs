using IamKeyHygiene.Tools.ModelSlicer;

// ModelSlicer [repository root]: rewrites the protocol project's embedded model slices from the reference models,
// as tools/ModelSlicer/slices.json lists them, and removes slices the manifest no longer lists.
// build.ps1 -Task Models runs it; tests/Unit's ModelSliceTests check the embedded slices equal a fresh cut.
if (args.Length > 1 || (args.Length == 1 && args[0].StartsWith('-')))
{
    Console.Error.WriteLine("Usage: ModelSlicer [repository root]   (default: the current folder)");
    return 2;
}

var root = Path.GetFullPath(args.Length > 0 ? args[0] : Directory.GetCurrentDirectory());
try
{
    var manifest = SliceManifest.Load(root);
    Directory.CreateDirectory(manifest.OutputFolder);
    foreach (var slice in manifest.Slices)
    {
        var path = Path.Combine(manifest.OutputFolder, slice.FileName);
        var content = Slicer.Cut(manifest.ReferenceFolder, slice);
        var unchanged = File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content);
        if (!unchanged)
        {
            File.WriteAllBytes(path, content);
        }

        Console.WriteLine($"{Path.GetRelativePath(root, path)}: {slice.Operations.Count} operations{(unchanged ? " (unchanged)" : " (written)")}");
    }

    var listed = manifest.Slices.Select(s => s.FileName).ToHashSet(StringComparer.Ordinal);
    foreach (var stale in Directory.GetFiles(manifest.OutputFolder, "*.json").Where(f => !listed.Contains(Path.GetFileName(f))))
    {
        File.Delete(stale);
        Console.WriteLine($"{Path.GetRelativePath(root, stale)}: removed (not in {SliceManifest.RelativePath})");
    }

    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"ModelSlicer: {e.Message}");
    return 1;
}
