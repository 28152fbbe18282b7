using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.AwsProtocol.Pipeline;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>IAM (awsQuery, 2010-05-08) for exactly the operations the module uses. Lists page to the end.
    /// Build it with <see cref="AwsClients.CreateIam"/>.</summary>
    internal sealed partial class IamClient : ModelledServiceClient
    {
        internal static readonly ServiceModel ServiceModel = ModelSlices.Load("iam", "2010-05-08");

        internal IamClient(AWSCredentials credentials, ServiceClientConfig config)
            : base(credentials, config, ServiceModel, EndpointResolver.Iam)
        {
        }

        /// <summary>CreateAccessKey is never resent: a lost answer may still have made a key (callers reconcile).</summary>
        protected override IEnumerable<string> NeverRetried => new[] { "CreateAccessKey" };

        public IAsyncEnumerable<IamUser> ListUsersAllAsync(CancellationToken cancellationToken) =>
            ListUsersAllAsync(null, cancellationToken);

        /// <summary>Users whose path starts with <paramref name="pathPrefix"/> (all when null).</summary>
        public IAsyncEnumerable<IamUser> ListUsersAllAsync(string? pathPrefix, CancellationToken cancellationToken) =>
            PaginateAsync<IamUser>("ListUsers", new JsonObject { ["PathPrefix"] = pathPrefix }, null, cancellationToken);

        /// <summary>A user; null name means the caller's own user.</summary>
        public Task<IamUser> GetUserAsync(string? userName, CancellationToken cancellationToken) =>
            CallAsync<IamUser>("GetUser", new JsonObject { ["UserName"] = userName }, "User", cancellationToken);

        public IAsyncEnumerable<AccessKeyMetadata> ListAccessKeysAllAsync(string? userName, CancellationToken cancellationToken) =>
            PaginateAsync<AccessKeyMetadata>("ListAccessKeys", new JsonObject { ["UserName"] = userName }, null, cancellationToken);

        public async Task<AccessKeyLastUse> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken)
        {
            var output = await CallAsync("GetAccessKeyLastUsed", new JsonObject { ["AccessKeyId"] = accessKeyId }, cancellationToken)
                .ConfigureAwait(false);
            return ReadWhole<AccessKeyLastUse>(output);
        }

        /// <summary>Sets a key Active or Inactive.</summary>
        public Task UpdateAccessKeyAsync(string? userName, string accessKeyId, string status, CancellationToken cancellationToken) =>
            CallAsync("UpdateAccessKey",
                new JsonObject { ["UserName"] = userName, ["AccessKeyId"] = accessKeyId, ["Status"] = status },
                cancellationToken);

        public Task DeleteAccessKeyAsync(string? userName, string accessKeyId, CancellationToken cancellationToken) =>
            CallAsync("DeleteAccessKey", new JsonObject { ["UserName"] = userName, ["AccessKeyId"] = accessKeyId }, cancellationToken);

        public Task<NewAccessKey> CreateAccessKeyAsync(string? userName, CancellationToken cancellationToken) =>
            CallAsync<NewAccessKey>("CreateAccessKey", new JsonObject { ["UserName"] = userName }, "AccessKey", cancellationToken);

        public IAsyncEnumerable<ResourceTag> ListUserTagsAllAsync(string userName, CancellationToken cancellationToken) =>
            PaginateAsync<ResourceTag>("ListUserTags", new JsonObject { ["UserName"] = userName }, null, cancellationToken);

        public Task TagUserAsync(string userName, IEnumerable<ResourceTag> tags, CancellationToken cancellationToken) =>
            CallAsync("TagUser",
                new JsonObject
                {
                    ["UserName"] = userName,
                    ["Tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray()),
                },
                cancellationToken);

        public Task UntagUserAsync(string userName, IEnumerable<string> tagKeys, CancellationToken cancellationToken) =>
            CallAsync("UntagUser",
                new JsonObject
                {
                    ["UserName"] = userName,
                    ["TagKeys"] = new JsonArray(tagKeys.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray()),
                },
                cancellationToken);

        public async Task<CredentialReportGeneration> GenerateCredentialReportAsync(CancellationToken cancellationToken) =>
            ReadWhole<CredentialReportGeneration>(await CallAsync("GenerateCredentialReport", null, cancellationToken).ConfigureAwait(false));

        /// <summary>The newest report. Fails with ReportInProgress (404), ReportNotPresent or ReportExpired (410).</summary>
        public async Task<CredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken) =>
            ReadWhole<CredentialReport>(await CallAsync("GetCredentialReport", null, cancellationToken).ConfigureAwait(false));

        /// <summary>Entity counts and quotas of the account; AccountAccessKeysPresent says whether its root user has an access key.</summary>
        public async Task<AccountSummary> GetAccountSummaryAsync(CancellationToken cancellationToken) =>
            ReadWhole<AccountSummary>(await CallAsync("GetAccountSummary", null, cancellationToken).ConfigureAwait(false));

        public IAsyncEnumerable<string> ListAccountAliasesAllAsync(CancellationToken cancellationToken) =>
            PaginateAsync<string>("ListAccountAliases", null, null, cancellationToken);
    }
}
