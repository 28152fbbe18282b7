using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SecurityToken;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>The SDK's STS configuration plus what our pipeline change needs while the client is built.</summary>
    internal sealed class StsClientConfig : AmazonSecurityTokenServiceConfig
    {
        public StsClientConfig(ResolvedEndpoint endpoint, RetryOptions retry, IEngineLog log)
        {
            Endpoint = endpoint;
            Retry = retry;
            Log = log;
            // Endpoints come only from our resolver, which reads the environment the caller handed in.
            IgnoreConfiguredEndpointUrls = true;
            ServiceURL = endpoint.Url;
            AuthenticationRegion = endpoint.SigningRegion;
        }

        public ResolvedEndpoint Endpoint { get; }
        public RetryOptions Retry { get; }
        public IEngineLog Log { get; }
    }

    /// <summary>AWSSDK.SecurityToken's client with the engine's endpoint and retry policy (AssumeRole and
    /// GetCallerIdentity are safe to resend).</summary>
    internal sealed class StsClient : AmazonSecurityTokenServiceClient
    {
        public StsClient(AWSCredentials credentials, StsClientConfig config)
            : base(credentials, config)
        {
        }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            var config = (StsClientConfig)Config;
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new AwsRetryPolicy(config.Retry, new string[0],
                context => context.RequestContext.RequestName, config.Log)));
        }
    }
}
