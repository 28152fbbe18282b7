using System;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>
    /// Credentials or region could not be resolved from what the user configured: a named profile that
    /// does not exist, a profile that cannot produce credentials, a credential_process that failed or
    /// printed something unusable, no source at all. The message names the source; it never holds a secret.
    /// Error id AwsConfiguration; the cmdlet names the profile as its target.
    /// </summary>
    internal sealed class AwsConfigurationException : EngineException
    {
        public AwsConfigurationException(string message) : base(ErrorCatalog.AwsConfiguration, null, message) { }

        public AwsConfigurationException(string message, Exception innerException) : base(ErrorCatalog.AwsConfiguration, null, message, innerException) { }
    }
}
