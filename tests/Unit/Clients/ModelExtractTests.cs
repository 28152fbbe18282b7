using System.Diagnostics;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>The engine's embedded models are exactly what Tools/extract_models.py cuts from the reference
/// botocore models, and hold every operation the clients call.</summary>
public sealed class ModelExtractTests
{
    [Fact]
    public void Embedded_models_equal_a_fresh_extract()
    {
        var script = Repository.Path("tests", "Unit", "Clients", "Tools", "extract_models.py");
        var output = Path.Combine(Path.GetTempPath(), "model-extract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { script, AwsReference.Path(), output })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, stderr);
            Assert.Equal(File.ReadAllText(Path.Combine(output, "IamModelJson.cs")),
                File.ReadAllText(Repository.Path("src", "IamKeyHygiene.Engine", "Aws", "Clients", "Models", "IamModelJson.cs")));
            Assert.Equal(File.ReadAllText(Path.Combine(output, "OrganizationsModelJson.cs")),
                File.ReadAllText(Repository.Path("src", "IamKeyHygiene.Engine", "Aws", "Clients", "Models", "OrganizationsModelJson.cs")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Models_hold_the_operations_the_clients_call()
    {
        Assert.Equal(new[] { "CreateAccessKey", "DeleteAccessKey", "GenerateCredentialReport", "GetAccessKeyLastUsed", "GetCredentialReport", "GetUser",
                "ListAccessKeys", "ListAccountAliases", "ListUserTags", "ListUsers", "TagUser", "UntagUser", "UpdateAccessKey" },
            IamClient.ServiceModel.OperationNames.Order(StringComparer.Ordinal));
        Assert.Equal(("2010-05-08", "query", "https://iam.amazonaws.com/doc/2010-05-08/"),
            (IamClient.ServiceModel.ApiVersion, IamClient.ServiceModel.Protocol, IamClient.ServiceModel.XmlNamespace));
        Assert.Equal(("2016-11-28", "json", "AWSOrganizationsV20161128"),
            (OrganizationsClient.ServiceModel.ApiVersion, OrganizationsClient.ServiceModel.Protocol, OrganizationsClient.ServiceModel.TargetPrefix));
        Assert.Equal("Accounts", OrganizationsClient.ServiceModel.Operation("ListAccounts").Pagination!.ResultKey);
        Assert.Equal("IsTruncated", IamClient.ServiceModel.Operation("ListUsers").Pagination!.MoreResults);
    }
}
