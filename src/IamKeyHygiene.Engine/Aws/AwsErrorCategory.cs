using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>The category of an error record for an AWS error, by what the one classifier says it means.</summary>
    internal static class AwsErrorCategory
    {
        public static EngineErrorCategory Of(AwsErrorKind kind)
        {
            switch (kind)
            {
                case AwsErrorKind.Throttling: return EngineErrorCategory.LimitsExceeded;
                case AwsErrorKind.Transient: return EngineErrorCategory.ConnectionError;
                case AwsErrorKind.CredentialsRejected:
                case AwsErrorKind.ExpiredToken: return EngineErrorCategory.AuthenticationError;
                case AwsErrorKind.AccessDenied: return EngineErrorCategory.PermissionDenied;
                case AwsErrorKind.NotFound: return EngineErrorCategory.ObjectNotFound;
                case AwsErrorKind.Quota: return EngineErrorCategory.QuotaExceeded;
                default: return ErrorCatalog.AwsServiceError.Category;
            }
        }
    }
}
