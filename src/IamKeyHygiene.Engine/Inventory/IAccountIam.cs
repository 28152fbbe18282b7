using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>The IAM reads one account's inventory needs, each list read to its end.
    /// <c>SessionIam</c> is the real one (an account session's IAM client).</summary>
    internal interface IAccountIam
    {
        /// <summary>GenerateCredentialReport: "STARTED", "INPROGRESS" or "COMPLETE".</summary>
        Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken);

        /// <summary>GetCredentialReport; throws the service error (ReportInProgress, ReportNotPresent…) as is.</summary>
        Task<RawCredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken);

        Task<IReadOnlyList<IamUserFacts>> ListUsersAsync(CancellationToken cancellationToken);

        Task<IReadOnlyList<AccessKeyFacts>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken);

        Task<KeyLastUse> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken);

        Task<IReadOnlyDictionary<string, string>> ListUserTagsAsync(string userName, CancellationToken cancellationToken);

        /// <summary>GetAccountSummary's AccountAccessKeysPresent: whether the root user has an access key (presence only:
        /// no key id, status or dates).</summary>
        Task<bool> RootHasAccessKeyAsync(CancellationToken cancellationToken);
    }

    /// <summary>The CSV of a credential report and when AWS generated it.</summary>
    internal sealed class RawCredentialReport
    {
        public RawCredentialReport(string csv, DateTimeOffset generatedAt)
        {
            Csv = csv;
            GeneratedAt = generatedAt;
        }

        public string Csv { get; }
        public DateTimeOffset GeneratedAt { get; }
    }

    /// <summary>GetAccessKeyLastUsed's answer; a null date means never used.</summary>
    internal sealed class KeyLastUse
    {
        public KeyLastUse(DateTimeOffset? lastUsedDate, string? serviceName, string? region)
        {
            LastUsedDate = lastUsedDate;
            ServiceName = serviceName;
            Region = region;
        }

        public DateTimeOffset? LastUsedDate { get; }
        public string? ServiceName { get; }
        public string? Region { get; }
    }
}
