namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>Finds the shared aws-reference folder: IAMKEYHYGIENE_AWS_REFERENCE, or an aws-reference / shared/aws-reference folder above the test binaries.</summary>
internal static class AwsReference
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(params string[] parts) => System.IO.Path.Combine(new[] { Root.Value }.Concat(parts).ToArray());

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("IAMKEYHYGIENE_AWS_REFERENCE");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "aws-reference"), System.IO.Path.Combine(dir.FullName, "shared", "aws-reference") })
            {
                if (File.Exists(System.IO.Path.Combine(candidate, "README.md")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("aws-reference not found: set IAMKEYHYGIENE_AWS_REFERENCE to the folder.");
    }
}
