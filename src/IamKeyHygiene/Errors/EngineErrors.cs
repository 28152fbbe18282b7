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

        /// <summary>The endpoint could not be reached.</summary>
        public const string AwsConnectionFailed = "AwsConnectionFailed";

        /// <summary>Anything else the engine threw: a bug to report, not a configuration to fix.</summary>
        public const string UnexpectedError = "UnexpectedError";

        public static bool IsConfigurationError(Exception exception) => exception is AwsConfigurationException;

        /// <summary>An answer from AWS or a failure to reach it: per call, so non-terminating.</summary>
        public static bool IsServiceError(Exception exception)
            => exception is AwsServiceException || ServiceErrorDetails.TryRead(exception) != null || IsConnectionFailure(exception);

        private static ErrorCategory CategoryOf(AwsServiceException exception)
        {
            if (exception.IsThrottling) return ErrorCategory.LimitsExceeded;
            if (exception.IsCredentialsRejected) return ErrorCategory.AuthenticationError;
            if (exception.IsAccessDenied) return ErrorCategory.PermissionDenied;
            if (exception.IsNotFound) return ErrorCategory.ObjectNotFound;
            return ServiceErrorDetails.CategoryFor(exception.ErrorCode, exception.StatusCode);
        }

        private static ErrorRecord WithReason(ErrorRecord record, string? errorCode)
        {
            if (!string.IsNullOrEmpty(errorCode))
            {
                // Shown as the category's reason: "InvalidClientTokenId" reads better than an exception type.
                record.CategoryInfo.Reason = errorCode;
            }

            return record;
        }

        public static ErrorRecord ToErrorRecord(Exception exception, object? target)
        {
            if (exception is AwsConfigurationException)
            {
                return new ErrorRecord(exception, AwsConfiguration, ErrorCategory.InvalidArgument, target);
            }

            if (exception is AwsServiceException engineService)
            {
                return engineService.IsConnectionFailure
                    ? new ErrorRecord(engineService, AwsConnectionFailed, ErrorCategory.ConnectionError, target)
                    : WithReason(new ErrorRecord(engineService, AwsServiceError, CategoryOf(engineService), target), engineService.ErrorCode);
            }

            // Should an SDK exception escape the engine, it is still a service error (read by name, see below).
            ServiceErrorDetails? service = ServiceErrorDetails.TryRead(exception);
            if (service != null)
            {
                return WithReason(new ErrorRecord(exception, AwsServiceError, service.Category, target), service.ErrorCode);
            }

            return IsConnectionFailure(exception)
                ? new ErrorRecord(exception, AwsConnectionFailed, ErrorCategory.ConnectionError, target)
                : new ErrorRecord(exception, UnexpectedError, ErrorCategory.NotSpecified, target);
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
