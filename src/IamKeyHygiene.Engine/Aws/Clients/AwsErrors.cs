using System;
using Amazon.Runtime;
using IamKeyHygiene.Engine.Aws.Clients.Pipeline;
using IamKeyHygiene.Engine.Aws.Retry;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>Turns whatever the SDK threw into an <see cref="AwsServiceException"/>. Also for callers of the
    /// SDK's own STS client.</summary>
    internal static class AwsErrors
    {
        public static Exception Translate(string service, string operation, Exception exception)
        {
            switch (exception)
            {
                case AwsServiceException already:
                    return already;
                case WireServiceException wire:
                    return new AwsServiceException(service, operation, wire.Error.Code, wire.Error.Message, wire.Error.RequestId,
                        wire.Error.StatusCode, wire);
                case AmazonServiceException sdk when !string.IsNullOrEmpty(sdk.ErrorCode) || (int)sdk.StatusCode != 0:
                    if (string.IsNullOrEmpty(sdk.ErrorCode) && RetryClassifier.IsConnectionFailure(sdk))
                    {
                        return ConnectionFailure(service, operation, sdk);
                    }

                    // An SDK exception whose message quotes a canonical request is not kept as the inner exception.
                    var message = sdk.Message ?? "";
                    return new AwsServiceException(service, operation,
                        string.IsNullOrEmpty(sdk.ErrorCode) ? "Http" + (int)sdk.StatusCode : sdk.ErrorCode,
                        message, sdk.RequestId, (int)sdk.StatusCode, AwsServiceException.Redact(message) == message ? sdk : null);
                default:
                    if (RetryClassifier.IsConnectionFailure(exception) || exception is OperationCanceledException)
                    {
                        return ConnectionFailure(service, operation, exception);
                    }

                    return exception;
            }
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
