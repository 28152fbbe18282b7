using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    // IAM answers as the engine reads them. Property names are the model's member names; times are UTC instants.

    public sealed class IamUser
    {
        public string Path { get; set; } = "";
        public string UserName { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Arn { get; set; } = "";
        public DateTimeOffset CreateDate { get; set; }

        /// <summary>Last console sign-in; null when never (or not reported).</summary>
        public DateTimeOffset? PasswordLastUsed { get; set; }

        /// <summary>Only GetUser returns tags; ListUsers leaves this empty.</summary>
        public List<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
    }

    /// <summary>A tag on an IAM user or an Organizations resource.</summary>
    public sealed class ResourceTag
    {
        public ResourceTag()
        {
        }

        public ResourceTag(string key, string value)
        {
            Key = key;
            Value = value;
        }

        public string Key { get; set; } = "";
        public string Value { get; set; } = "";

        public override string ToString() => $"{Key}={Value}";
    }

    public sealed class AccessKeyMetadata
    {
        public string UserName { get; set; } = "";
        public string AccessKeyId { get; set; } = "";

        /// <summary>"Active", "Inactive" (or "Expired" for some credential types).</summary>
        public string Status { get; set; } = "";

        public DateTimeOffset CreateDate { get; set; }
    }

    /// <summary>GetAccessKeyLastUsed: who owns the key and when, where and for what it was last used.</summary>
    public sealed class AccessKeyLastUse
    {
        public string UserName { get; set; } = "";
        public AccessKeyLastUsed AccessKeyLastUsed { get; set; } = new AccessKeyLastUsed();
    }

    public sealed class AccessKeyLastUsed
    {
        /// <summary>Null when IAM has no record of use (never used, or used before IAM tracked it).</summary>
        public DateTimeOffset? LastUsedDate { get; set; }

        /// <summary>"N/A" when never used.</summary>
        public string ServiceName { get; set; } = "";

        public string Region { get; set; } = "";
    }

    /// <summary>A key CreateAccessKey just made. The secret is shown once by AWS; it never appears in ToString.</summary>
    public sealed class NewAccessKey
    {
        public string UserName { get; set; } = "";
        public string AccessKeyId { get; set; } = "";
        public string Status { get; set; } = "";
        public string SecretAccessKey { get; set; } = "";
        public DateTimeOffset? CreateDate { get; set; }

        public override string ToString() => $"{AccessKeyId} ({Status}) for {UserName}";
    }

    /// <summary>GenerateCredentialReport: State is STARTED, INPROGRESS or COMPLETE.</summary>
    public sealed class CredentialReportGeneration
    {
        public string State { get; set; } = "";
        public string Description { get; set; } = "";
    }

    /// <summary>GetCredentialReport: the CSV bytes (decoded from the base64 Content) and when IAM made them.</summary>
    public sealed class CredentialReport
    {
        public byte[] Content { get; set; } = Array.Empty<byte>();
        public string ReportFormat { get; set; } = "";
        public DateTimeOffset? GeneratedTime { get; set; }
    }

    /// <summary>GetAccountSummary: IAM entity usage and quotas by name (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html).</summary>
    public sealed class AccountSummary
    {
        /// <summary>The name that is 1 when the root user has an access key, 0 when it has none.</summary>
        public const string RootAccessKeysPresent = "AccountAccessKeysPresent";

        public Dictionary<string, long> SummaryMap { get; set; } = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>Whether the root user has an access key; null when the answer does not say.</summary>
        public bool? RootHasAccessKey => SummaryMap.TryGetValue(RootAccessKeysPresent, out var present) ? present > 0 : (bool?)null;
    }
}
