using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Aws.Retry
{
    internal enum FailureKind
    {
        /// <summary>Not worth retrying: the same request would fail the same way.</summary>
        Permanent,

        /// <summary>The service asked us to slow down.</summary>
        Throttling,

        /// <summary>5xx answers, connection resets, timeouts.</summary>
        Transient,
    }

    /// <summary>Decides what a failure is, from the codes in botocore's _retry.json and the SDKs' standard
    /// throttling list. IAM's LimitExceeded is a quota ("too many keys"), not throttling, and is not here.</summary>
    internal static class RetryClassifier
    {
        /// <summary>_retry.json: Throttling, ThrottlingException, ThrottledException, RequestThrottledException,
        /// ProvisionedThroughputExceededException (all services); TooManyRequestsException (Organizations, HTTP 400).
        /// The SDKs' standard mode adds RequestLimitExceeded, BandwidthLimitExceeded, RequestThrottled,
        /// SlowDown, PriorRequestNotComplete and EC2ThrottledException.</summary>
        public static readonly HashSet<string> ThrottlingCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "ProvisionedThroughputExceededException",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "BandwidthLimitExceeded",
            "RequestThrottled",
            "SlowDown",
            "PriorRequestNotComplete",
            "EC2ThrottledException",
        };

        /// <summary>Codes that mean "try again" without a 5xx status (request timeouts on the service side).</summary>
        private static readonly HashSet<string> TransientCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "RequestTimeout",
            "RequestTimeoutException",
            "InternalError",
            "InternalFailure",
            "ServiceUnavailable",
        };

        /// <summary>_retry.json: 500, 502, 503, 504 and 509 are retried.</summary>
        private static readonly HashSet<int> TransientStatuses = new HashSet<int> { 500, 502, 503, 504, 509 };

        public static FailureKind Classify(Exception exception)
        {
            if (exception is AmazonServiceException service && !string.IsNullOrEmpty(service.ErrorCode))
            {
                return ClassifyCode(service.ErrorCode, (int)service.StatusCode);
            }

            if (exception is AmazonServiceException statusOnly && (int)statusOnly.StatusCode != 0)
            {
                var byStatus = ClassifyCode("", (int)statusOnly.StatusCode);
                if (byStatus != FailureKind.Permanent)
                {
                    return byStatus;
                }
            }

            return IsConnectionFailure(exception) ? FailureKind.Transient : FailureKind.Permanent;
        }

        public static FailureKind ClassifyCode(string code, int statusCode)
        {
            if (ThrottlingCodes.Contains(code) || statusCode == 429)
            {
                return FailureKind.Throttling;
            }

            return TransientStatuses.Contains(statusCode) || TransientCodes.Contains(code) ? FailureKind.Transient : FailureKind.Permanent;
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
    }
}
