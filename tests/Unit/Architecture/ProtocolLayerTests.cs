using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.Engine.Aws;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Architecture;

/// <summary>The AWS protocol layer is its own assembly below the engine: it stands on AWSSDK.Core and System.Text.Json
/// and never names the engine or PowerShell; the engine stands on it.</summary>
public sealed class ProtocolLayerTests
{
    private static readonly string[] ProtocolReferences =
        typeof(ModelSlices).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    [Fact]
    public void The_protocol_layer_stands_on_AWSSDK_Core_and_System_Text_Json()
    {
        Assert.Contains("AWSSDK.Core", ProtocolReferences);
        Assert.Contains("System.Text.Json", ProtocolReferences);
    }

    [Fact]
    public void The_protocol_layer_names_neither_the_engine_nor_PowerShell()
    {
        Assert.DoesNotContain(ProtocolReferences, name => name.StartsWith("IamKeyHygiene", StringComparison.Ordinal));
        Assert.DoesNotContain(ProtocolReferences, name => name.StartsWith("System.Management.Automation", StringComparison.Ordinal));
    }

    [Fact]
    public void The_engine_stands_on_the_protocol_layer()
        => Assert.Contains(typeof(ModelSlices).Assembly.GetName().Name,
            typeof(AwsConnection).Assembly.GetReferencedAssemblies().Select(a => a.Name));
}
