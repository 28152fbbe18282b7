using System;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Records
{
    /// <summary>An "s3://bucket/prefix" location of the records (audit log, run history): the bucket and the key prefix they go under ("" or ending in "/").</summary>
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

        /// <summary>The folder of every run's history parts: "&lt;prefix&gt;/history/".</summary>
        public string HistoryFolder => Prefix + "history/";

        public static S3AuditLocation Parse(string location) => Parse(location, ErrorCatalog.AuditLogUnavailable, "audit log");

        /// <summary>Parses a location of the records named <paramref name="what"/>; no bucket is <paramref name="failure"/>.</summary>
        public static S3AuditLocation Parse(string location, ErrorEntry failure, string what)
        {
            var rest = location.Substring(Scheme.Length);
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest.Substring(0, slash);
            var prefix = slash < 0 ? "" : rest.Substring(slash + 1).Trim('/');
            if (bucket.Length == 0)
                throw new EngineException(failure, location, $"The {what} location '{location}' names no bucket: give s3://bucket or s3://bucket/prefix.");
            return new S3AuditLocation(location, bucket, prefix.Length == 0 ? "" : prefix + "/");
        }
    }
}
