using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SecurityToken;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>The SDK's STS configuration pointed at the resolved endpoint.</summary>
    internal sealed class StsClientConfig : AmazonSecurityTokenServiceConfig, IModuleClientConfig
    {
        public StsClientConfig(ResolvedEndpoint endpoint, RetryOptions retry, IEngineLog log)
        {
            Retry = retry;
            Log = log;
            SdkClientSetup.PointAt(this, endpoint);
        }

        public RetryOptions Retry { get; }
        public IEngineLog Log { get; }
    }

    /// <summary>AWSSDK.SecurityToken's client with the engine's endpoint and retry policy: GetCallerIdentity,
    /// member-account AssumeRole, role_arn and web identity profiles.</summary>
    internal sealed class StsClient : AmazonSecurityTokenServiceClient
    {
        public StsClient(AWSCredentials credentials, StsClientConfig config)
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
