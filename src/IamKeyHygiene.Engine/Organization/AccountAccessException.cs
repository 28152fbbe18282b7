using System;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>An account could not be reached or read (its role could not be assumed, its user list could
    /// not be read to the end…): AssumeRoleFailed or AccountScanFailed. It fails that account only; its target
    /// is the account id.</summary>
    internal sealed class AccountAccessException : EngineException
    {
        public AccountAccessException(ErrorEntry entry, string accountId, string message, Exception? inner = null)
            : base(entry, accountId, message, inner, entry.Category, inner == null ? null : AwsErrors.CodeOf(inner))
        {
            AccountId = accountId;
        }

        public string AccountId { get; }
    }
}
