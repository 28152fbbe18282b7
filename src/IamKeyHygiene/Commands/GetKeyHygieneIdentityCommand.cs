using System.Management.Automation;
using IamKeyHygiene.Engine.Aws;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// Get-KeyHygieneIdentity: the identity the module would act as (STS GetCallerIdentity) and where its
    /// credentials, region and endpoint came from. The first check in a new runbook.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "KeyHygieneIdentity")]
    [OutputType(typeof(KeyHygieneIdentity))]
    public sealed class GetKeyHygieneIdentityCommand : AwsCmdletBase
    {
        protected override void ProcessRecord()
        {
            AwsConnection connection = Connection;
            (string endpoint, string endpointSource) = DescribeEndpoint("sts");
            WriteVerbose($"STS GetCallerIdentity at {endpoint} ({endpointSource}) with credentials from {connection.CredentialSource}, region {connection.Region} from {connection.RegionSource}.");
            // The caller's first call: its failure (CredentialsRejected for a wrong secret) is terminating.
            CallerIdentity caller = WaitForEngine(connection.GetCallerIdentityAsync);

            WriteObject(new KeyHygieneIdentity(
                caller.Account,
                caller.Arn,
                caller.UserId,
                connection.Region,
                connection.RegionSource,
                connection.CredentialSource,
                endpoint));
        }
    }
}
