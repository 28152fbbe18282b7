using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// Invoke-AccessKeyRotation -Self: rotates the long-term key of a profile in the shared credentials file. The order
    /// (and what a re-run after a crash at any step does) is in <see cref="SelfKeyRotation"/> and docs/rotation-self.md.
    /// </summary>
    public static class SelfRotationService
    {
        /// <summary>
        /// Rotates once and returns what happened (Done, WhatIf, Blocked or Failed; a failure is also written to the host as
        /// SelfRotationFailed). Throws an engine error for what stops the cmdlet: a credential source that is not a key in
        /// the credentials file (SelfRotationCredentialSource), configuration, credentials AWS rejects.
        /// </summary>
        public static Task<SelfRotationResult> RotateAsync(SelfRotationRequest request, IEngineHost host, IAuditLog audit, CancellationToken cancellationToken)
            => new SelfKeyRotation(request, host, audit).RunAsync(cancellationToken);
    }
}
