using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>
    /// The AWS Tools common parameters as the cmdlet bound them, plus the session variables it read
    /// ($StoredAWSCredentials, $StoredAWSRegion). Plain values only: no AWSSDK type crosses into the
    /// cmdlet assembly.
    /// </summary>
    public sealed class AwsConnectionOptions
    {
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }

        /// <summary>
        /// An AWS.Tools AWSCredentials object (or anything with GetCredentials()), read by duck typing; also a
        /// dictionary or plain object with AccessKey/SecretKey(/SessionToken). Plain values: the cmdlet layer
        /// unwraps PowerShell's wrapper objects (a custom object becomes a dictionary of its properties).
        /// </summary>
        public object? Credential { get; set; }

        public string? ProfileName { get; set; }

        /// <summary>
        /// A shared credentials file path, as in AWS Tools (its sibling "config" is the config file). The cmdlet
        /// layer hands over a full path (a relative one is PowerShell's current location's); a relative path
        /// here is taken from the process's current folder.
        /// </summary>
        public string? ProfileLocation { get; set; }

        /// <summary>The value of $StoredAWSCredentials in the caller's session, if any, unwrapped like
        /// <see cref="Credential"/>: a profile name (string) or a credentials object such as AWS.Tools'
        /// AWSPSCredentials (duck typed).</summary>
        public object? StoredCredentials { get; set; }

        /// <summary>The value of $StoredAWSRegion in the caller's session, if any.</summary>
        public string? StoredRegion { get; set; }

        public string? Region { get; set; }
        public string? EndpointUrl { get; set; }

        /// <summary>
        /// Environment variables to read instead of the process environment (tests inject them).
        /// Null means the process environment.
        /// </summary>
        public IReadOnlyDictionary<string, string>? Environment { get; set; }
    }
}
