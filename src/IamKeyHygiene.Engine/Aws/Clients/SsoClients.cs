using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SSO;
using Amazon.SSOOIDC;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.AwsProtocol.Retry;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>The SDK's SSO portal configuration pointed at the resolved endpoint.</summary>
    internal sealed class SsoClientConfig : AmazonSSOConfig, IModuleClientConfig
    {
        public SsoClientConfig(ResolvedEndpoint endpoint, RetryOptions retry, IEngineLog log)
        {
            Retry = retry;
            Log = log;
            SdkClientSetup.PointAt(this, endpoint);
        }

        public RetryOptions Retry { get; }
        public IEngineLog Log { get; }
    }

    /// <summary>AWSSDK.SSO's portal client (GetRoleCredentials, unsigned: the access token rides in a header)
    /// with the engine's endpoint and retry policy.</summary>
    internal sealed class SsoClient : AmazonSSOClient
    {
        public SsoClient(SsoClientConfig config)
            : base(new AnonymousAWSCredentials(), config)
        {
        }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            SdkClientSetup.UseModuleRetry(pipeline, Config);
        }
    }

    /// <summary>The SDK's SSO-OIDC configuration pointed at the resolved endpoint.</summary>
    internal sealed class SsoOidcClientConfig : AmazonSSOOIDCConfig, IModuleClientConfig
    {
        public SsoOidcClientConfig(ResolvedEndpoint endpoint, RetryOptions retry, IEngineLog log)
        {
            Retry = retry;
            Log = log;
            SdkClientSetup.PointAt(this, endpoint);
        }

        public RetryOptions Retry { get; }
        public IEngineLog Log { get; }
    }

    /// <summary>AWSSDK.SSOOIDC's client (CreateToken with a refresh token, unsigned) with the engine's endpoint
    /// and retry policy. The module never starts a device or browser sign-in.</summary>
    internal sealed class SsoOidcClient : AmazonSSOOIDCClient
    {
        public SsoOidcClient(SsoOidcClientConfig config)
            : base(new AnonymousAWSCredentials(), config)
        {
        }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            SdkClientSetup.UseModuleRetry(pipeline, Config);
        }
    }
}
