using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using IamKeyHygiene.Engine;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Architecture;

/// <summary>
/// What the built assemblies reference, read from their metadata (nothing is loaded): the cmdlet assembly names no
/// AWSSDK assembly, so no AWSSDK type reaches PowerShell (the engine and its AWSSDK copy live in a private load
/// context); the engine names no PowerShell assembly, so it runs under any host.
/// </summary>
public sealed class AssemblyReferenceTests
{
    private static string CmdletAssembly => Path.Combine(AppContext.BaseDirectory, "IamKeyHygiene.dll");

    private static string EngineAssembly => typeof(EngineClock).Assembly.Location;

    [Fact]
    public void The_cmdlet_assembly_references_no_AWSSDK_assembly()
    {
        var references = ReferencesOf(CmdletAssembly);

        Assert.Contains("IamKeyHygiene.Engine", references);
        Assert.Contains("System.Management.Automation", references);
        Assert.DoesNotContain(references, name => name.StartsWith("AWSSDK", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_engine_references_no_PowerShell_assembly()
    {
        var references = ReferencesOf(EngineAssembly);

        Assert.Contains("AWSSDK.Core", references);
        Assert.DoesNotContain(references, name => name.StartsWith("System.Management.Automation", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.PowerShell", StringComparison.OrdinalIgnoreCase));
    }

    private static IReadOnlyList<string> ReferencesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
    }
}
