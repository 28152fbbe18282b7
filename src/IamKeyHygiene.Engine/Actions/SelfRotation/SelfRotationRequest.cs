using System;
using IamKeyHygiene.Engine.Aws;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>What to do with the old key once its successor is in the file.</summary>
    public enum OldKeyAction
    {
        /// <summary>Deactivate it and tag it <c>disabled=&lt;now&gt;</c>; a later run deletes it after the recovery window.</summary>
        Deactivate,

        /// <summary>The same now (deactivate and tag): deletion follows the recovery window on a later run; the result says so.</summary>
        Delete,
    }

    /// <summary>Invoke-AccessKeyRotation -Self as the cmdlet bound it.</summary>
    public sealed class SelfRotationRequest
    {
        /// <summary>The AWS Tools parameters: only -ProfileName/-ProfileLocation (or the profile the usual order lands on),
        /// -Region and -EndpointUrl make sense; any other credential source is refused.</summary>
        public AwsConnectionOptions Connection { get; set; } = new AwsConnectionOptions();

        public string? MfaSerialNumber { get; set; }

        /// <summary>The MFA device's current code (never logged).</summary>
        public string? TokenCode { get; set; }

        public OldKeyAction OldKeyAction { get; set; } = OldKeyAction.Deactivate;

        /// <summary>Return the new secret (as a SecureString, in <see cref="SelfRotationResult.NewSecretAccessKey"/>).</summary>
        public bool PassThru { get; set; }

        /// <summary>The module's clock (dates written in tags and the backup's name).</summary>
        public EngineClock Clock { get; set; } = EngineClock.Wall;

        /// <summary>How long a new key may take to authenticate (IAM's propagation) before the rotation gives up.</summary>
        public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The pause between verification attempts.</summary>
        public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The run's id (audit lines, the <c>rotating … run=</c> tag); a new one when null.</summary>
        public string? RunId { get; set; }
    }
}
