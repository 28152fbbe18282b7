using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Pipeline;

namespace IamKeyHygiene.AwsProtocol.Errors
{
    /// <summary>Reads AWS failures off exceptions: turns whatever the SDK threw into an
    /// <see cref="AwsServiceException"/> (also for callers of the SDK's own STS client), and reads the code
    /// and kind (<see cref="AwsErrorClassifier"/>) of the service error in an exception chain.</summary>
    internal static class AwsErrors
    {
        public static Exception Translate(string service, string operation, Exception exception)
        {
            switch (exception)
            {
                case AwsServiceException already:
                    return already;
                case IDecidedError _:
                    // A credential source's configuration error (its inner may be an SDK error): already decided.
                    return exception;
                case WireServiceException wire:
                    return new AwsServiceException(service, operation, wire.Error.Code, wire.Error.Message, wire.Error.RequestId,
                        wire.Error.StatusCode, wire);
                case AmazonServiceException sdk when !string.IsNullOrEmpty(sdk.ErrorCode) || (int)sdk.StatusCode != 0:
                    if (string.IsNullOrEmpty(sdk.ErrorCode) && IsConnectionFailure(sdk))
                    {
                        return ConnectionFailure(service, operation, sdk);
                    }

                    // An SDK exception whose message quotes a canonical request is not kept as the inner exception.
                    var message = sdk.Message ?? "";
                    return new AwsServiceException(service, operation,
                        string.IsNullOrEmpty(sdk.ErrorCode) ? "Http" + (int)sdk.StatusCode : sdk.ErrorCode,
                        message, sdk.RequestId, (int)sdk.StatusCode, AwsServiceException.Redact(message) == message ? sdk : null);
                default:
                    if (IsConnectionFailure(exception) || exception is OperationCanceledException)
                    {
                        return ConnectionFailure(service, operation, exception);
                    }

                    return exception;
            }
        }

        /// <summary>The code and status of the first service error (ours or the SDK's) in the exception chain.</summary>
        public static bool TryReadServiceError(Exception exception, out string code, out int statusCode)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is AwsServiceException ours)
                {
                    (code, statusCode) = (ours.ErrorCode, ours.StatusCode);
                    return true;
                }

                if (current is AmazonServiceException sdk && (!string.IsNullOrEmpty(sdk.ErrorCode) || (int)sdk.StatusCode != 0))
                {
                    (code, statusCode) = (sdk.ErrorCode ?? "", (int)sdk.StatusCode);
                    return true;
                }
            }

            (code, statusCode) = ("", 0);
            return false;
        }

        /// <summary>The AWS error code in the exception chain (AccessDenied, ExpiredToken…), or null.</summary>
        public static string? CodeOf(Exception exception)
            => TryReadServiceError(exception, out var code, out _) && code.Length > 0 ? code : null;

        public static bool Is(Exception exception, string code) => CodeOf(exception) == code;

        /// <summary>The kind of the AWS error in the exception chain, for the operation that failed
        /// (an <see cref="AwsServiceException"/> knows its own).</summary>
        public static AwsErrorKind KindOf(Exception exception, string? operation = null)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is AwsServiceException ours)
                {
                    return ours.Kind;
                }
            }

            return AwsErrorClassifier.Classify(operation, exception);
        }

        /// <summary>Unknown, badly signed or expired credentials: AWS refused who is calling.</summary>
        public static bool IsCredentialsRejected(Exception exception) => AwsErrorClassifier.RejectsCredentials(KindOf(exception));

        /// <summary>"AccessDenied: message" for log lines and account errors (never a secret: AWS never echoes one).</summary>
        public static string Describe(Exception exception)
        {
            var code = CodeOf(exception);
            return code == null ? exception.Message : $"{code}: {exception.Message}";
        }

        /// <summary>A reset, refused or dropped connection, or a timeout, anywhere in the exception chain.</summary>
        public static bool IsConnectionFailure(Exception exception)
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                if (current is IOException || current is SocketException || current is HttpRequestException || current is WebException
                    || current is TimeoutException)
                {
                    return true;
                }
            }

            return false;
        }

        private static AwsServiceException ConnectionFailure(string service, string operation, Exception exception)
        {
            var innermost = exception;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            return new AwsServiceException(service, operation, AwsServiceException.ConnectionFailureCode,
                $"{innermost.GetType().Name}: {innermost.Message}", null, 0, exception);
        }
    }
}
