using System;
using System.Management.Automation;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Errors
{
    /// <summary>
    /// The one place error records are made, always from an engine error and so from an entry of the engine's
    /// catalogue (IamKeyHygiene.Engine.Errors.ErrorCatalog): its id (tests assert the fully qualified id, e.g.
    /// "CredentialsRejected,IamKeyHygiene.Commands.GetKeyHygieneIdentityCommand"), its category mapped by name,
    /// the AWS error code as the category's reason, its target (an account id, a file, a profile; never a
    /// secret). The exception stays inside the record for its message; engine messages never carry a secret.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <param name="error">What the engine judged.</param>
        /// <param name="profile">The profile the cmdlet was given: the target of a configuration error, which the
        /// engine does not name.</param>
        public static ErrorRecord Create(EngineException error, string? profile = null)
        {
            var target = error.Target ?? (error.Entry.TargetKind == ErrorTargetKind.Profile ? profile : null);
            var record = new ErrorRecord(error, error.ErrorId, CategoryOf(error.Category), target);
            if (!string.IsNullOrEmpty(error.AwsErrorCode))
            {
                // "InvalidClientTokenId" reads better than an exception type.
                record.CategoryInfo.Reason = error.AwsErrorCode;
            }

            return record;
        }

        /// <summary>The PowerShell category of the same name (a test checks every engine category has one).</summary>
        internal static ErrorCategory CategoryOf(EngineErrorCategory category)
            => Enum.TryParse(category.ToString(), out ErrorCategory mapped) ? mapped : ErrorCategory.NotSpecified;
    }
}
