using System;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>
    /// How the clients on the SDK's own service clients (S3, SSM) report a failed call: the SDK's exception translated
    /// (AwsErrors.Translate) into an <see cref="EngineException"/> of the entry their caller names, with the category and
    /// code of the AWS answer. An EngineException already decided (a credential source's) passes through as it is.
    /// </summary>
    internal static class SdkCallFailure
    {
        /// <summary>The failure of one call; <paramref name="what"/> is the call in words, without a secret ("S3 PutObject on
        /// s3://bucket/key", "SSM GetParameter of /name"), and the message is "<paramref name="what"/> failed: " and AWS's message.</summary>
        public static EngineException Of(ErrorEntry failure, string target, string service, string operation, string what, Exception exception)
        {
            var translated = AwsErrors.Translate(service, operation, exception);
            if (translated is AwsServiceException aws)
                return new EngineException(failure, target, $"{what} failed: {aws.Message}", aws, AwsErrorCategory.Of(aws.Kind), aws.ErrorCode);
            return translated as EngineException ?? new EngineException(failure, target, $"{what} failed: {translated.Message}", translated);
        }
    }
}
