using System;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>
    /// Credentials or region could not be resolved from what the user configured: a named profile that
    /// does not exist, a profile that cannot produce credentials, a credential_process that failed or
    /// printed something unusable, no source at all. The message names the source; it never holds a secret.
    /// </summary>
    public sealed class AwsConfigurationException : Exception
    {
        public AwsConfigurationException(string message) : base(message) { }

        public AwsConfigurationException(string message, Exception innerException) : base(message, innerException) { }
    }
}
