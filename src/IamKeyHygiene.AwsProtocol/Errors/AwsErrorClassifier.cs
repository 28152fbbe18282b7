using System;
using System.Collections.Generic;

namespace IamKeyHygiene.AwsProtocol.Errors
{
    /// <summary>
    /// The one AWS error classifier: what an error code (and HTTP status) means, for the retry policy, the engine
    /// (renew a session, skip a deleted user) and the cmdlets (the error record's category: the engine's
    /// AwsErrorCategory). Keyed on the operation where AWS gives one code two meanings: IAM's LimitExceeded is a quota
    /// for CreateAccessKey or TagUser, but AWS has answered GenerateCredentialReport with it to mean "not now" (a
    /// refusal to retry later).
    /// </summary>
    internal static class AwsErrorClassifier
    {
        /// <summary>Codes whose meaning depends on the operation: (operation, code) → kind.</summary>
        private static readonly Dictionary<(string Operation, string Code), AwsErrorKind> ByOperation =
            new Dictionary<(string, string), AwsErrorKind>
            {
                [("GenerateCredentialReport", "LimitExceeded")] = AwsErrorKind.Transient,
            };

        /// <summary>Codes with one meaning everywhere. Throttling: botocore's _retry.json (Throttling,
        /// ThrottlingException, ThrottledException, RequestThrottledException, ProvisionedThroughputExceededException;
        /// Organizations' TooManyRequestsException) and the SDKs' standard mode additions. Transient: service-side
        /// timeouts and failures that come without a 5xx status, and no answer at all.</summary>
        private static readonly Dictionary<string, AwsErrorKind> ByCode = new Dictionary<string, AwsErrorKind>(StringComparer.Ordinal)
        {
            ["Throttling"] = AwsErrorKind.Throttling,
            ["ThrottlingException"] = AwsErrorKind.Throttling,
            ["ThrottledException"] = AwsErrorKind.Throttling,
            ["RequestThrottledException"] = AwsErrorKind.Throttling,
            ["ProvisionedThroughputExceededException"] = AwsErrorKind.Throttling,
            ["TooManyRequestsException"] = AwsErrorKind.Throttling,
            ["RequestLimitExceeded"] = AwsErrorKind.Throttling,
            ["BandwidthLimitExceeded"] = AwsErrorKind.Throttling,
            ["RequestThrottled"] = AwsErrorKind.Throttling,
            ["SlowDown"] = AwsErrorKind.Throttling,
            ["PriorRequestNotComplete"] = AwsErrorKind.Throttling,
            ["EC2ThrottledException"] = AwsErrorKind.Throttling,
            // SNS's ThrottledException travels as "Throttled" (its model's error code).
            ["Throttled"] = AwsErrorKind.Throttling,

            ["RequestTimeout"] = AwsErrorKind.Transient,
            ["RequestTimeoutException"] = AwsErrorKind.Transient,
            ["InternalError"] = AwsErrorKind.Transient,
            ["InternalFailure"] = AwsErrorKind.Transient,
            ["ServiceUnavailable"] = AwsErrorKind.Transient,
            [AwsServiceException.ConnectionFailureCode] = AwsErrorKind.Transient,

            ["InvalidClientTokenId"] = AwsErrorKind.CredentialsRejected,
            ["SignatureDoesNotMatch"] = AwsErrorKind.CredentialsRejected,
            ["UnrecognizedClientException"] = AwsErrorKind.CredentialsRejected,
            ["IncompleteSignature"] = AwsErrorKind.CredentialsRejected,
            ["IncompleteSignatureException"] = AwsErrorKind.CredentialsRejected,
            ["AuthFailure"] = AwsErrorKind.CredentialsRejected,
            ["InvalidAccessKeyId"] = AwsErrorKind.CredentialsRejected,
            ["InvalidSignatureException"] = AwsErrorKind.CredentialsRejected,
            ["MissingAuthenticationToken"] = AwsErrorKind.CredentialsRejected,
            ["MissingAuthenticationTokenException"] = AwsErrorKind.CredentialsRejected,

            ["ExpiredToken"] = AwsErrorKind.ExpiredToken,
            ["ExpiredTokenException"] = AwsErrorKind.ExpiredToken,

            ["AccessDenied"] = AwsErrorKind.AccessDenied,
            ["AccessDeniedException"] = AwsErrorKind.AccessDenied,
            ["UnauthorizedOperation"] = AwsErrorKind.AccessDenied,

            ["NoSuchEntity"] = AwsErrorKind.NotFound,
            // SNS (awsQuery) says NotFound for an unknown topic; SSM (awsJson) ParameterNotFound, with status 400.
            ["NotFound"] = AwsErrorKind.NotFound,
            ["ParameterNotFound"] = AwsErrorKind.NotFound,
            // SNS's AuthorizationErrorException: the caller may not publish to the topic.
            ["AuthorizationError"] = AwsErrorKind.AccessDenied,

            ["LimitExceeded"] = AwsErrorKind.Quota,
            ["ServiceQuotaExceededException"] = AwsErrorKind.Quota,
        };

        /// <summary>botocore's _retry.json retries 500, 502, 503, 504 and 509.</summary>
        private static readonly HashSet<int> TransientStatuses = new HashSet<int> { 500, 502, 503, 504, 509 };

        /// <summary>What <paramref name="errorCode"/> means for <paramref name="operation"/> (null: any operation); the
        /// HTTP status decides only for a code the tables do not know (including "Http503" for a body without one).</summary>
        public static AwsErrorKind Classify(string? operation, string? errorCode, int statusCode)
        {
            var code = errorCode ?? "";
            if (operation != null && ByOperation.TryGetValue((operation, code), out var special))
            {
                return special;
            }

            if (ByCode.TryGetValue(code, out var kind))
            {
                return kind;
            }

            if (code.StartsWith("AccessDenied", StringComparison.Ordinal)) return AwsErrorKind.AccessDenied;
            if (code.EndsWith("NotFoundException", StringComparison.Ordinal)) return AwsErrorKind.NotFound;
            if (code.EndsWith("LimitExceededException", StringComparison.Ordinal)) return AwsErrorKind.Quota;

            if (statusCode == 429) return AwsErrorKind.Throttling;
            if (TransientStatuses.Contains(statusCode)) return AwsErrorKind.Transient;
            if (statusCode == 403) return AwsErrorKind.AccessDenied;
            if (statusCode == 404) return AwsErrorKind.NotFound;
            return AwsErrorKind.Other;
        }

        /// <summary>What a failure of <paramref name="operation"/> means: the first service error in the exception
        /// chain (ours or the SDK's), else Transient for a reset, refused or dropped connection or a timeout.</summary>
        public static AwsErrorKind Classify(string? operation, Exception exception)
        {
            var kind = AwsErrors.TryReadServiceError(exception, out var code, out var status)
                ? Classify(operation, code, status)
                : AwsErrorKind.Other;
            return kind == AwsErrorKind.Other && AwsErrors.IsConnectionFailure(exception) ? AwsErrorKind.Transient : kind;
        }

        /// <summary>Unknown, badly signed or expired credentials: AWS refused who is calling.</summary>
        public static bool RejectsCredentials(AwsErrorKind kind) => kind == AwsErrorKind.CredentialsRejected || kind == AwsErrorKind.ExpiredToken;

    }
}
