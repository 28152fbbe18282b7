using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>Which credentials won, where from, and (for the region) which profile, if any, supplied them.</summary>
    internal sealed class ResolvedCredentials
    {
        public ResolvedCredentials(AWSCredentials credentials, string source, string detail, SharedProfile? profile)
        {
            Credentials = credentials;
            Source = source;
            Detail = detail;
            Profile = profile;
        }

        public AWSCredentials Credentials { get; }

        /// <summary>The short public name: "parameter", "profile dev", "environment", "container"…</summary>
        public string Source { get; }

        /// <summary>More for the debug line: the kind of credentials and at most the key id's last four characters.</summary>
        public string Detail { get; }

        public SharedProfile? Profile { get; }
    }
}
