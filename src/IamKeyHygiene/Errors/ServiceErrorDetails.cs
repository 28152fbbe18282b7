using System;
using System.Management.Automation;
using System.Reflection;

namespace IamKeyHygiene.Errors
{
    /// <summary>
    /// The error code and HTTP status of an SDK AmazonServiceException, should one escape the engine (the
    /// engine's own AwsServiceException is handled by type in <see cref="EngineErrors"/>). The cmdlet assembly must never name an
    /// AWSSDK type (it lives in the default load context, where AWS.Tools' AWSSDK may be the one that binds),
    /// so it is recognised by its type name along the inheritance chain.
    /// </summary>
    internal sealed class ServiceErrorDetails
    {
        private static readonly string[] ServiceExceptionTypeNames =
        {
            "Amazon.Runtime.AmazonServiceException",
        };

        private ServiceErrorDetails(string errorCode, int statusCode)
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
        }

        public string ErrorCode { get; }
        public int StatusCode { get; }

        /// <summary>A category a runbook can branch on without parsing messages.</summary>
        public ErrorCategory Category => CategoryFor(ErrorCode, StatusCode);

        public static ErrorCategory CategoryFor(string code, int statusCode)
        {
            if (code.IndexOf("Throttl", StringComparison.OrdinalIgnoreCase) >= 0 || code == "TooManyRequestsException"
                || code == "RequestLimitExceeded" || statusCode == 429)
            {
                return ErrorCategory.LimitsExceeded;
            }

            if (code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch" || code == "ExpiredToken"
                || code == "ExpiredTokenException" || code == "UnrecognizedClientException" || code == "IncompleteSignature"
                || code == "InvalidSignatureException" || code == "MissingAuthenticationToken")
            {
                return ErrorCategory.AuthenticationError;
            }

            if (statusCode == 403 || code.StartsWith("AccessDenied", StringComparison.Ordinal))
            {
                return ErrorCategory.PermissionDenied;
            }

            if (statusCode == 404 || code == "NoSuchEntity" || code.EndsWith("NotFoundException", StringComparison.Ordinal))
            {
                return ErrorCategory.ObjectNotFound;
            }

            if (code == "LimitExceeded" || code.EndsWith("LimitExceededException", StringComparison.Ordinal))
            {
                return ErrorCategory.QuotaExceeded;
            }

            return statusCode >= 500 ? ErrorCategory.ConnectionError : ErrorCategory.InvalidOperation;
        }

        public static ServiceErrorDetails? TryRead(Exception exception)
        {
            for (Type? type = exception.GetType(); type != null; type = type.BaseType)
            {
                if (Array.IndexOf(ServiceExceptionTypeNames, type.FullName) >= 0)
                {
                    string code = ReadString(exception, "ErrorCode") ?? ReadString(exception, "Code") ?? string.Empty;
                    int status = ReadStatus(exception, "StatusCode") ?? ReadStatus(exception, "HttpStatusCode") ?? 0;
                    return new ServiceErrorDetails(code, status);
                }
            }

            return null;
        }

        private static string? ReadString(Exception exception, string name)
            => exception.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(exception) as string;

        private static int? ReadStatus(Exception exception, string name)
        {
            object? value = exception.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(exception);
            return value is int || (value != null && value.GetType().IsEnum) ? Convert.ToInt32(value) : (int?)null;
        }
    }
}
