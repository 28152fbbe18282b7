using System.Text.Json;

namespace IamKeyHygiene.Tests.Unit;

/// <summary>The repository checkout the tests run from: the folder holding IamKeyHygiene.sln above the test binaries.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootFolder = new(Locate);

    public static string Root => RootFolder.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine(new[] { Root }.Concat(parts).ToArray());

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "IamKeyHygiene.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("IamKeyHygiene.sln not found above the test binaries " + AppContext.BaseDirectory + ".");
    }
}

/// <summary>
/// The AWS reference data the tests check against (botocore models and protocol tests, the SigV4 suites, awscli
/// captures): the copy in tests/aws-reference, never a folder outside the repository.
/// </summary>
internal static class AwsReference
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Repository.Path("tests", "aws-reference");
        return File.Exists(System.IO.Path.Combine(folder, "README.md"))
            ? folder
            : throw new DirectoryNotFoundException("The reference data is missing from " + folder + ".");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine(new[] { Folder.Value }.Concat(parts).ToArray());

    public static JsonDocument Json(params string[] parts) => JsonDocument.Parse(File.ReadAllBytes(Path(parts)));
}
