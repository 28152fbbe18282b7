using System.Text;
using System.Text.Json.Nodes;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tools.ModelSlicer;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>The protocol project's embedded model slices are exactly what tools/ModelSlicer cuts from the reference
/// botocore models (build.ps1 -Task Models), one per slice of tools/ModelSlicer/slices.json, and hold every
/// operation the clients call.</summary>
public sealed class ModelSliceTests
{
    private static readonly SliceManifest Manifest = SliceManifest.Load(Repository.Root);

    public static TheoryData<string> SliceNames() => new(Manifest.Slices.Select(s => s.FileName));

    [Theory]
    [MemberData(nameof(SliceNames))]
    public void Embedded_slice_equals_a_fresh_cut(string fileName)
    {
        var slice = Manifest.Slices.Single(s => s.FileName == fileName);
        var fresh = Slicer.Cut(Manifest.ReferenceFolder, slice);
        var embedded = EmbeddedBytes(ModelSlices.ResourceName(slice.Service, slice.Version));
        Assert.True(embedded != null, $"The protocol assembly does not embed {fileName}; run build.ps1 -Task Models.");
        // As text first, so a mismatch shows where; then byte for byte (encoding, line ends, final newline).
        Assert.Equal(Encoding.UTF8.GetString(fresh), Encoding.UTF8.GetString(embedded!));
        Assert.Equal(fresh, embedded);
    }

    [Fact]
    public void Every_embedded_slice_is_listed_in_the_manifest()
    {
        var embedded = typeof(ModelSlices).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ModelSlices.ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(Manifest.Slices.Select(s => ModelSlices.ResourceName(s.Service, s.Version)).Order(StringComparer.Ordinal), embedded);
    }

    [Fact]
    public void The_manifest_reads_the_reference_models_inside_the_repository()
    {
        Assert.Equal(Path.GetFullPath(AwsReference.Path("models")), Path.GetFullPath(Manifest.ReferenceFolder));
        Assert.Equal(Path.GetFullPath(Repository.Path("src", "IamKeyHygiene.AwsProtocol", "Model", "Slices")), Path.GetFullPath(Manifest.OutputFolder));
    }

    [Fact]
    public void Models_hold_the_operations_the_clients_call()
    {
        Assert.Equal(new[] { "CreateAccessKey", "DeleteAccessKey", "GenerateCredentialReport", "GetAccessKeyLastUsed", "GetAccountSummary", "GetCredentialReport", "GetUser",
                "ListAccessKeys", "ListAccountAliases", "ListUserTags", "ListUsers", "TagUser", "UntagUser", "UpdateAccessKey" },
            IamClient.ServiceModel.OperationNames.Order(StringComparer.Ordinal));
        Assert.Equal(("2010-05-08", "query", "https://iam.amazonaws.com/doc/2010-05-08/"),
            (IamClient.ServiceModel.ApiVersion, IamClient.ServiceModel.Protocol, IamClient.ServiceModel.XmlNamespace));
        Assert.Equal(("2016-11-28", "json", "AWSOrganizationsV20161128"),
            (OrganizationsClient.ServiceModel.ApiVersion, OrganizationsClient.ServiceModel.Protocol, OrganizationsClient.ServiceModel.TargetPrefix));
        Assert.Equal("Accounts", OrganizationsClient.ServiceModel.Operation("ListAccountsForParent").Pagination!.ResultKey);
        Assert.Equal("IsTruncated", IamClient.ServiceModel.Operation("ListUsers").Pagination!.MoreResults);
    }

    [Fact]
    public void A_slice_that_is_not_embedded_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelSlices.Load("ses", "2010-12-01"));
        Assert.Contains("IamKeyHygiene.AwsProtocol.Model.Slices.ses-2010-12-01.json", error.Message);
        Assert.Contains("IamKeyHygiene.AwsProtocol.Model.Slices.iam-2010-05-08.json", error.Message);
        Assert.Contains("build.ps1 -Task Models", error.Message);
    }

    [Fact]
    public void A_slice_keeps_what_the_protocol_code_reads_and_only_the_shapes_reached()
    {
        var slice = Slicer.Slice(Manifest.ReferenceFolder, new SliceDefinition("iam", "2010-05-08", new[] { "GetUser" }));
        Assert.Equal(new[] { "GetUser" }, ((JsonObject)slice["operations"]!).Select(o => o.Key));
        var shapes = ((JsonObject)slice["shapes"]!).Select(s => s.Key).ToList();
        Assert.Equal(shapes.Order(StringComparer.Ordinal), shapes);
        Assert.Contains("User", shapes);
        Assert.Contains("NoSuchEntityException", shapes);
        Assert.DoesNotContain("AccessKeyMetadata", shapes);
        Assert.DoesNotContain("\"documentation\"", Encoding.UTF8.GetString(Slicer.Render(slice)));
    }

    [Fact]
    public void An_operation_the_model_lacks_is_named()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            Slicer.Slice(Manifest.ReferenceFolder, new SliceDefinition("iam", "2010-05-08", new[] { "ListUsers", "ListFlyingPigs" })));
        Assert.Equal("The iam 2010-05-08 model has no operation ListFlyingPigs.", error.Message);
    }

    private static byte[]? EmbeddedBytes(string resourceName)
    {
        using var stream = typeof(ModelSlices).Assembly.GetManifestResourceStream(resourceName);
        if (stream == null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
