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

        /// <summary>An AWS.Tools AWSCredentials object (or anything with GetCredentials()), read by duck typing.</summary>
        public object? Credential { get; set; }

        public string? ProfileName { get; set; }
        public string? ProfileLocation { get; set; }

        /// <summary>The value of $StoredAWSCredentials in the caller's session, if any (duck typed).</summary>
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
