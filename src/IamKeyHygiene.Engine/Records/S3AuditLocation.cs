using System;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>An "s3://bucket/prefix" location: the bucket and the key prefix the records go under ("" or ending in "/").</summary>
    internal sealed class S3AuditLocation
    {
        public const string Scheme = "s3://";

        private S3AuditLocation(string uri, string bucket, string prefix)
        {
            Uri = uri;
            Bucket = bucket;
            Prefix = prefix;
        }

        public string Uri { get; }
        public string Bucket { get; }
        public string Prefix { get; }

        /// <summary>The folder of every run's audit parts: "&lt;prefix&gt;/audit/".</summary>
        public string AuditFolder => Prefix + "audit/";

        /// <summary>The folder of one run's parts: "&lt;prefix&gt;/audit/&lt;yyyy-MM-dd&gt;/&lt;runId&gt;/".</summary>
        public string RunFolder(string date, string runId) => $"{AuditFolder}{date}/{runId}/";

        public static bool IsS3(string location) => location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

        public static S3AuditLocation Parse(string location)
        {
            var rest = location.Substring(Scheme.Length);
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest.Substring(0, slash);
            var prefix = slash < 0 ? "" : rest.Substring(slash + 1).Trim('/');
            if (bucket.Length == 0)
                throw new EngineException(ErrorCatalog.AuditLogUnavailable, location, $"The audit log location '{location}' names no bucket: give s3://bucket or s3://bucket/prefix.");
            return new S3AuditLocation(location, bucket, prefix.Length == 0 ? "" : prefix + "/");
        }
    }
}
