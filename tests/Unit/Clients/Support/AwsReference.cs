using System.Text.Json;

namespace IamKeyHygiene.Tests.Unit.Clients.Support;

/// <summary>Finds the shared aws-reference folder (botocore models, protocol tests, SigV4 suites, CLI samples):
/// IAMKEYHYGIENE_AWS_REFERENCE, else "shared/aws-reference" or "aws-reference" in an ancestor of the test run.</summary>
internal static class AwsReference
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path(params string[] parts) => System.IO.Path.Combine(new[] { Root.Value }.Concat(parts).ToArray());

    public static JsonDocument Json(params string[] parts) => JsonDocument.Parse(File.ReadAllBytes(Path(parts)));

    /// <summary>The repository checkout the tests run from (the folder holding IamKeyHygiene.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "IamKeyHygiene.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("IamKeyHygiene.sln not found above the test run.");
    }

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("IAMKEYHYGIENE_AWS_REFERENCE");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "shared", "aws-reference"), System.IO.Path.Combine(dir.FullName, "aws-reference") })
            {
                if (File.Exists(System.IO.Path.Combine(candidate, "README.md")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("aws-reference not found: set IAMKEYHYGIENE_AWS_REFERENCE to its folder.");
    }
}
