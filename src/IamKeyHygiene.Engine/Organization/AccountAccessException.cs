using System;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>An account could not be reached or read (its role could not be assumed, its user list could
    /// not be read to the end…). It fails that account only; <see cref="ErrorId"/> is stable.</summary>
    public sealed class AccountAccessException : Exception
    {
        public const string AssumeRoleFailed = "AssumeRoleFailed";
        public const string AccountScanFailed = "AccountScanFailed";

        public AccountAccessException(string errorId, string accountId, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            AccountId = accountId;
        }

        public string ErrorId { get; }
        public string AccountId { get; }

        /// <summary>The AWS error code underneath, when there is one (AccessDenied, ExpiredToken…).</summary>
        public string? AwsErrorCode => InnerException == null ? null : ServiceErrors.CodeOf(InnerException);
    }
}
