using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SimpleSystemsManagement;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>The SDK's SSM configuration pointed at the resolved endpoint.</summary>
    internal sealed class SsmClientConfig : AmazonSimpleSystemsManagementConfig, IModuleClientConfig
    {
        public SsmClientConfig(ResolvedEndpoint endpoint, RetryOptions retry, IEngineLog log)
        {
            Retry = retry;
            Log = log;
            SdkClientSetup.PointAt(this, endpoint);
        }

        public RetryOptions Retry { get; }
        public IEngineLog Log { get; }
    }

    /// <summary>AWSSDK.SimpleSystemsManagement's client with the engine's endpoint and retry policy (GetParameter is a
    /// read, safe to resend). Only <see cref="SsmParameterReader"/> uses it.</summary>
    internal sealed class SsmClient : AmazonSimpleSystemsManagementClient
    {
        public SsmClient(AWSCredentials credentials, SsmClientConfig config)
            : base(credentials, config)
        {
        }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            SdkClientSetup.UseModuleRetry(pipeline, Config);
        }
    }
}
