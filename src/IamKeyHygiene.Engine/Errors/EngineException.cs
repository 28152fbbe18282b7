using System;
using IamKeyHygiene.AwsProtocol.Errors;

namespace IamKeyHygiene.Engine.Errors
{
    /// <summary>
    /// An error the engine has judged: its catalogue entry, its target (an account id, a file, a profile…, never
    /// a secret) and what went wrong underneath. The cmdlet layer makes every error record from one of these.
    /// Code that catches failures of single calls lets these pass: they are already decided (the protocol layer's
    /// error translation too, as an <see cref="IDecidedError"/>).
    /// </summary>
    public class EngineException : Exception, IDecidedError
    {
        public EngineException(ErrorEntry entry, string? target, string message, Exception? innerException = null)
            : this(entry, target, message, innerException, entry?.Category ?? EngineErrorCategory.NotSpecified, null)
        {
        }

        /// <summary>For an error AWS answered: its code, and (for AwsServiceError) the category of its kind.</summary>
        internal EngineException(ErrorEntry entry, string? target, string message, Exception? innerException, EngineErrorCategory category,
            string? awsErrorCode)
            : base(message, innerException)
        {
            Entry = entry ?? throw new ArgumentNullException(nameof(entry));
            Target = target;
            Category = category;
            AwsErrorCode = awsErrorCode;
        }

        public ErrorEntry Entry { get; }

        /// <summary>The stable id, <see cref="ErrorEntry.Id"/>.</summary>
        public string ErrorId => Entry.Id;

        /// <summary>What the error is about, of the entry's <see cref="ErrorEntry.TargetKind"/>; null when not known here.</summary>
        public string? Target { get; }

        public EngineErrorCategory Category { get; }

        /// <summary>The AWS error code underneath (AccessDenied, SignatureDoesNotMatch…), when AWS answered with one.</summary>
        public string? AwsErrorCode { get; }

        /// <summary>Anything that is not yet an engine error becomes UnexpectedError (a bug to report).</summary>
        public static EngineException From(Exception exception) =>
            exception as EngineException ?? new EngineException(ErrorCatalog.UnexpectedError, null, exception.Message, exception);
    }
}
