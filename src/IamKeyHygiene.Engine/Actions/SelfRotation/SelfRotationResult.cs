using System.Security;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>The outcome of a self-rotation: the record the cmdlet turns into a KeyActionResult, and with -PassThru the new
    /// secret only as a read-only SecureString.</summary>
    public sealed class SelfRotationResult
    {
        public SelfRotationResult(KeyActionRecord record, SecureString? newSecretAccessKey)
        {
            Record = record;
            NewSecretAccessKey = newSecretAccessKey;
        }

        public KeyActionRecord Record { get; }

        public SecureString? NewSecretAccessKey { get; }
    }
}
