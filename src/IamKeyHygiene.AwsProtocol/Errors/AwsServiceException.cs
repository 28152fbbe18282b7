using System;

namespace IamKeyHygiene.AwsProtocol.Errors
{
    /// <summary>
    /// A failed AWS call, after the retry policy gave up: the service's error (code, message, request id,
    /// HTTP status) or, with <see cref="IsConnectionFailure"/>, no answer at all (StatusCode 0).
    /// Messages carry what AWS said and which call failed, never credentials.
    /// </summary>
    public class AwsServiceException : Exception
    {
        public const string ConnectionFailureCode = "ConnectionFailure";

        public AwsServiceException(string service, string operation, string errorCode, string serviceMessage, string? requestId,
            int statusCode, Exception? innerException = null)
            : base(Describe(service, operation, errorCode, Redact(serviceMessage), requestId, statusCode), innerException)
        {
            Service = service;
            Operation = operation;
            ErrorCode = errorCode;
            ServiceMessage = Redact(serviceMessage);
            RequestId = requestId;
            StatusCode = statusCode;
        }

        /// <summary>"iam", "organizations", "sts".</summary>
        public string Service { get; }

        public string Operation { get; }

        /// <summary>The service's error code (NoSuchEntity, AccessDenied, Throttling…), or ConnectionFailure.</summary>
        public string ErrorCode { get; }

        /// <summary>The message as the service sent it, less any canonical request it quotes.</summary>
        public string ServiceMessage { get; }

        public string? RequestId { get; }

        /// <summary>The HTTP status; 0 when no answer came.</summary>
        public int StatusCode { get; }

        public bool IsConnectionFailure => ErrorCode == ConnectionFailureCode;

        /// <summary>What the error means (<see cref="AwsErrorClassifier"/>), for this operation.</summary>
        public AwsErrorKind Kind => AwsErrorClassifier.Classify(Operation, ErrorCode, StatusCode);

        public bool IsThrottling => Kind == AwsErrorKind.Throttling;

        public bool IsAccessDenied => Kind == AwsErrorKind.AccessDenied;

        public bool IsNotFound => Kind == AwsErrorKind.NotFound;

        /// <summary>The credentials themselves were refused: expired, unknown or badly signed.</summary>
        public bool IsCredentialsRejected => AwsErrorClassifier.RejectsCredentials(Kind);

        /// <summary>Query APIs answer SignatureDoesNotMatch with the canonical request and string to sign they
        /// expected, which hold the X-Amz-Security-Token of session credentials: that part is never kept.</summary>
        internal static string Redact(string message)
        {
            var cut = message.IndexOf("The Canonical String", StringComparison.OrdinalIgnoreCase);
            return cut < 0 ? message : message.Substring(0, cut).TrimEnd() + " (the canonical request AWS quoted is omitted: it can carry the session token)";
        }

        private static string Describe(string service, string operation, string code, string message, string? requestId, int status)
        {
            var where = $"{service}:{operation}";
            if (code == ConnectionFailureCode)
            {
                return $"{where} got no answer: {message}";
            }

            var text = $"{where} failed with {code} (HTTP {status})";
            if (!string.IsNullOrEmpty(message))
            {
                text += ": " + message;
            }

            return string.IsNullOrEmpty(requestId) ? text : text + $" [request id {requestId}]";
        }
    }
}
