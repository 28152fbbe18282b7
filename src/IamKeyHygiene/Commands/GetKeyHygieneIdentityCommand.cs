using System.Management.Automation;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Errors;

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
            CallerIdentity caller;
            try
            {
                caller = WaitForEngine(connection.GetCallerIdentityAsync);
            }
            catch (System.Exception exception) when (EngineErrors.IsServiceError(exception))
            {
                WriteError(EngineErrors.ToErrorRecord(exception, target: endpoint));
                return;
            }

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
