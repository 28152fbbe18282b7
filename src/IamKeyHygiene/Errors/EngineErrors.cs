using System;
using System.Management.Automation;
using IamKeyHygiene.Engine.Aws;

namespace IamKeyHygiene.Errors
{
    /// <summary>
    /// Turns engine exceptions into ErrorRecords with stable ids (asserted by tests through the fully qualified
    /// id, e.g. "AwsConfiguration,IamKeyHygiene.Commands.GetKeyHygieneIdentityCommand"). The exception stays
    /// inside the record for its message; engine messages never carry a secret.
    /// </summary>
    internal static class EngineErrors
    {
        /// <summary>Credentials, region, profile or endpoint could not be resolved.</summary>
        public const string AwsConfiguration = "AwsConfiguration";

        /// <summary>AWS (or the endpoint in its place) answered with an error.</summary>
        public const string AwsServiceError = "AwsServiceError";

        /// <summary>The endpoint could not be reached or the call timed out.</summary>
        public const string AwsConnectionFailed = "AwsConnectionFailed";

        public static bool IsConfigurationError(Exception exception) => exception is AwsConfigurationException;

        public static bool IsServiceError(Exception exception)
            => exception is AwsServiceException || IsConnectionFailure(exception);

        public static ErrorRecord ToErrorRecord(Exception exception, object? target)
        {
            switch (exception)
            {
                case AwsConfigurationException configuration:
                    return new ErrorRecord(configuration, AwsConfiguration, ErrorCategory.InvalidArgument, target);
                case AwsServiceException service:
                    return new ErrorRecord(service, AwsServiceError, CategoryOf(service), target);
                default:
                    return IsConnectionFailure(exception)
                        ? new ErrorRecord(exception, AwsConnectionFailed, ErrorCategory.ConnectionError, target)
                        : new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>A category a runbook can branch on without parsing messages.</summary>
        private static ErrorCategory CategoryOf(AwsServiceException exception)
        {
            string code = exception.ErrorCode ?? string.Empty;
            int status = exception.StatusCode;
            if (code.IndexOf("Throttl", StringComparison.OrdinalIgnoreCase) >= 0
                || code == "TooManyRequestsException" || code == "RequestLimitExceeded" || code == "LimitExceeded")
            {
                return ErrorCategory.LimitsExceeded;
            }

            if (code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch" || code == "ExpiredToken"
                || code == "UnrecognizedClientException" || code == "IncompleteSignature")
            {
                return ErrorCategory.AuthenticationError;
            }

            if (status == 403 || code.StartsWith("AccessDenied", StringComparison.Ordinal))
            {
                return ErrorCategory.PermissionDenied;
            }

            if (status == 404 || code == "NoSuchEntity" || code.EndsWith("NotFoundException", StringComparison.Ordinal))
            {
                return ErrorCategory.ObjectNotFound;
            }

            return status >= 500 ? ErrorCategory.ConnectionError : ErrorCategory.InvalidOperation;
        }

        private static bool IsConnectionFailure(Exception exception)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is System.Net.Http.HttpRequestException || current is System.Net.Sockets.SocketException
                    || current is System.IO.IOException || current is TimeoutException)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
