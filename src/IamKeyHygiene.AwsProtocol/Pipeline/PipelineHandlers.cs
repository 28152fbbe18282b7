using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace IamKeyHygiene.AwsProtocol.Pipeline
{
    /// <summary>Every operation of our clients signs with SigV4 (the models' only auth scheme).</summary>
    internal sealed class SigV4AuthResolverHandler : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) =>
            AuthSchemeOption.DEFAULT_SIGV4;
    }

    /// <summary>Points the request at the resolved endpoint and sets the signing region and name, before the signer.</summary>
    internal sealed class ResolvedEndpointHandler : PipelineHandler
    {
        private readonly IServiceEndpoint _endpoint;

        public ResolvedEndpointHandler(IServiceEndpoint endpoint)
        {
            _endpoint = endpoint;
        }

        public override void InvokeSync(IExecutionContext executionContext)
        {
            Apply(executionContext.RequestContext.Request);
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Apply(executionContext.RequestContext.Request);
            return base.InvokeAsync<T>(executionContext);
        }

        private void Apply(IRequest request)
        {
            request.Endpoint = new Uri(_endpoint.Url);
            request.AuthenticationRegion = _endpoint.SigningRegion;
            request.OverrideSigningServiceName = _endpoint.SigningName;
            request.SignatureVersion = SignatureVersion.SigV4;
        }
    }
}
