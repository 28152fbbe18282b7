using System;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using IamKeyHygiene.Engine.Aws.Endpoints;
using IamKeyHygiene.AwsProtocol.Retry;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>What the module's pipeline change needs from an AWSSDK client's config while the client's base
    /// constructor builds the pipeline (only Config is set then).</summary>
    internal interface IModuleClientConfig
    {
        RetryOptions Retry { get; }
        IEngineLog Log { get; }
    }

    /// <summary>
    /// Puts an AWSSDK service client (STS, the SSO portal, SSO-OIDC) on the module's path: the endpoint from the
    /// one resolver and the one retry policy in place of the SDK's (which keeps a retry quota).
    /// </summary>
    internal static class SdkClientSetup
    {
        public static void PointAt(ClientConfig config, ResolvedEndpoint endpoint)
        {
            // Endpoints come only from our resolver, which reads the environment the caller handed in.
            config.IgnoreConfiguredEndpointUrls = true;
            config.ServiceURL = endpoint.Url;
            config.AuthenticationRegion = endpoint.SigningRegion;
        }

        /// <summary>Every operation these clients call is safe to resend (AssumeRole, GetRoleCredentials, CreateToken…).</summary>
        public static void UseModuleRetry(RuntimePipeline pipeline, IClientConfig config)
        {
            var settings = (IModuleClientConfig)config;
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new AwsRetryPolicy(settings.Retry, Array.Empty<string>(),
                context => context.RequestContext.RequestName, settings.Log)));
        }
    }
}
