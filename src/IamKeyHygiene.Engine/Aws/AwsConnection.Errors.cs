using System;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>What a failed call made with the caller's own credentials means for the cmdlet.</summary>
    public sealed partial class AwsConnection
    {
        /// <summary>
        /// Credentials AWS rejects (unknown, badly signed, the caller's expired token) are CredentialsRejected,
        /// naming where they came from; any other answer is AwsServiceError, no answer AwsConnectionFailed, both
        /// naming the endpoint; an engine error stays as it is; anything else is UnexpectedError. Callers hand in
        /// <see cref="AwsServiceException"/>s (see AwsErrors.Translate for the SDK's own).
        /// </summary>
        internal EngineException CallerFailure(Exception exception)
        {
            if (!(exception is AwsServiceException aws))
            {
                return EngineException.From(exception);
            }

            if (aws.IsCredentialsRejected)
            {
                var rejected = ErrorCatalog.CredentialsRejected;
                return new EngineException(rejected, CredentialSource, $"AWS rejected the credentials from {CredentialSource}: {aws.Message}",
                    aws, rejected.Category, aws.ErrorCode);
            }

            if (aws.IsConnectionFailure)
            {
                var unreached = ErrorCatalog.AwsConnectionFailed;
                return new EngineException(unreached, EndpointOf(aws.Service), aws.Message, aws, unreached.Category, null);
            }

            return new EngineException(ErrorCatalog.AwsServiceError, EndpointOf(aws.Service), aws.Message, aws,
                AwsErrorCategory.Of(aws.Kind), aws.ErrorCode);
        }

        /// <summary>The endpoint the failed call went to; the service name should the configuration not give one
        /// (the call was made, so it does).</summary>
        private string EndpointOf(string service)
        {
            try
            {
                return DescribeEndpoint(service).Url;
            }
            catch (Exception e) when (e is AwsConfigurationException || e is ArgumentException)
            {
                return service;
            }
        }
    }
}
