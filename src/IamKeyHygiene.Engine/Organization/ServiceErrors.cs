using System;
using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>Reads AWS error codes off whatever exception a client threw.</summary>
    internal static class ServiceErrors
    {
        public const string ExpiredToken = "ExpiredToken";

        public static string? CodeOf(Exception exception)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is IamKeyHygiene.Engine.Aws.AwsServiceException service && !string.IsNullOrEmpty(service.ErrorCode))
                {
                    return service.ErrorCode;
                }

                if (current is AmazonServiceException amazon && !string.IsNullOrEmpty(amazon.ErrorCode))
                {
                    return amazon.ErrorCode;
                }
            }

            return null;
        }

        public static bool IsExpiredToken(Exception exception)
        {
            var code = CodeOf(exception);
            return code == ExpiredToken || code == "ExpiredTokenException";
        }

        public static bool Is(Exception exception, string code) => CodeOf(exception) == code;

        /// <summary>"AccessDenied: message" for log lines and account errors (never a secret: AWS never echoes one).</summary>
        public static string Describe(Exception exception)
        {
            var code = CodeOf(exception);
            return code == null ? exception.Message : $"{code}: {exception.Message}";
        }
    }
}
