using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;
using IamKeyHygiene.AwsProtocol.Retry;

namespace IamKeyHygiene.AwsProtocol.Pipeline
{
    /// <summary>The SDK configuration of one of our clients: service name and version, the resolved endpoint as
    /// ServiceURL, its signing name and region. Retries are ours (see AwsRetryPolicy), so the SDK's own
    /// retry settings are unused.</summary>
    internal sealed class ServiceClientConfig : ClientConfig
    {
        private static readonly string UserAgentText = InternalSDKUtils.BuildUserAgentString("IamKeyHygiene");
        private readonly string _serviceName;
        private readonly string _serviceVersion;

        public ServiceClientConfig(string serviceId, string serviceName, string serviceVersion, IServiceEndpoint endpoint,
            RetryOptions retry, IProtocolLog log)
            : base(new StandardDefaults())
        {
            Retry = retry;
            Log = log;
            _serviceName = serviceName;
            _serviceVersion = serviceVersion;
            ServiceId = serviceId;
            // Endpoints come only from our resolver, which reads the environment the caller handed in.
            IgnoreConfiguredEndpointUrls = true;
            ServiceURL = endpoint.Url;
            AuthenticationServiceName = endpoint.SigningName;
            AuthenticationRegion = endpoint.SigningRegion;
            Endpoint = endpoint;
        }

        public IServiceEndpoint Endpoint { get; }

        /// <summary>Read while the SDK builds the pipeline (inside the client's base constructor), hence kept here.</summary>
        public RetryOptions Retry { get; }

        public IProtocolLog Log { get; }

        public override string RegionEndpointServiceName => _serviceName;

        public override string ServiceVersion => _serviceVersion;

        public override string UserAgent => UserAgentText;

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
            new Amazon.Runtime.Endpoints.Endpoint(Endpoint.Url);

        /// <summary>The SDK's "standard" defaults mode; only its timeouts matter to us.</summary>
        private sealed class StandardDefaults : IDefaultConfigurationProvider
        {
            public IDefaultConfiguration GetDefaultConfiguration(Amazon.RegionEndpoint clientRegion, DefaultConfigurationMode? requestedConfigurationMode = null) =>
                new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard };
        }
    }
}
