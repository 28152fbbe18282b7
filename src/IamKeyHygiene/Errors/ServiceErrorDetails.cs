using System;
using System.Management.Automation;
using System.Reflection;

namespace IamKeyHygiene.Errors
{
    /// <summary>
    /// The error code and HTTP status of a service error, read by name: the engine's AwsServiceException and,
    /// should one escape the engine, the SDK's AmazonServiceException. The cmdlet assembly must never name an
    /// AWSSDK type (it lives in the default load context, where AWS.Tools' AWSSDK may be the one that binds),
    /// so both are recognised by their type names along the inheritance chain.
    /// </summary>
    internal sealed class ServiceErrorDetails
    {
        private static readonly string[] ServiceExceptionTypeNames =
        {
            "IamKeyHygiene.Engine.Aws.AwsServiceException",
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
        public ErrorCategory Category
        {
            get
            {
                string code = ErrorCode;
                if (code.IndexOf("Throttl", StringComparison.OrdinalIgnoreCase) >= 0 || code == "TooManyRequestsException"
                    || code == "RequestLimitExceeded" || StatusCode == 429)
                {
                    return ErrorCategory.LimitsExceeded;
                }

                if (code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch" || code == "ExpiredToken"
                    || code == "ExpiredTokenException" || code == "UnrecognizedClientException" || code == "IncompleteSignature"
                    || code == "InvalidSignatureException" || code == "MissingAuthenticationToken")
                {
                    return ErrorCategory.AuthenticationError;
                }

                if (StatusCode == 403 || code.StartsWith("AccessDenied", StringComparison.Ordinal))
                {
                    return ErrorCategory.PermissionDenied;
                }

                if (StatusCode == 404 || code == "NoSuchEntity" || code.EndsWith("NotFoundException", StringComparison.Ordinal))
                {
                    return ErrorCategory.ObjectNotFound;
                }

                if (code == "LimitExceeded" || code.EndsWith("LimitExceededException", StringComparison.Ordinal))
                {
                    return ErrorCategory.QuotaExceeded;
                }

                return StatusCode >= 500 ? ErrorCategory.ConnectionError : ErrorCategory.InvalidOperation;
            }
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
