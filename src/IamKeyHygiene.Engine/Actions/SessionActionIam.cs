using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>An action's IAM calls through an account session (the inventory's reads are <see cref="SessionIam"/>'s).
    /// Each change is one call, retried by the client only where it is idempotent (all of these are).</summary>
    internal sealed class SessionActionIam : IActionIam
    {
        private readonly AccountSession _session;
        private readonly SessionIam _reads;

        public SessionActionIam(AccountSession session)
        {
            _session = session;
            _reads = new SessionIam(session);
        }

        public Task<IamUserFacts> GetUserAsync(string userName, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                var user = await iam.GetUserAsync(userName, cancellationToken).ConfigureAwait(false);
                return new IamUserFacts(user.UserName, user.Arn, user.Path, user.CreateDate);
            }, cancellationToken);

        public Task UpdateAccessKeyAsync(string userName, string accessKeyId, string status, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                await iam.UpdateAccessKeyAsync(userName, accessKeyId, status, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken);

        public Task DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                await iam.DeleteAccessKeyAsync(userName, accessKeyId, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken);

        public Task<NewAccessKey> CreateAccessKeyAsync(string userName, CancellationToken cancellationToken)
            => _session.CallIamAsync(iam => iam.CreateAccessKeyAsync(userName, cancellationToken), cancellationToken);

        public Task TagUserAsync(string userName, string key, string value, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                await iam.TagUserAsync(userName, new[] { new ResourceTag(key, value) }, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken);

        public Task UntagUserAsync(string userName, string key, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                await iam.UntagUserAsync(userName, new[] { key }, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken);

        public Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken) => _reads.GenerateCredentialReportAsync(cancellationToken);
        public Task<RawCredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken) => _reads.GetCredentialReportAsync(cancellationToken);
        public Task<IReadOnlyList<IamUserFacts>> ListUsersAsync(CancellationToken cancellationToken) => _reads.ListUsersAsync(cancellationToken);
        public Task<IReadOnlyList<AccessKeyFacts>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) => _reads.ListAccessKeysAsync(userName, cancellationToken);
        public Task<KeyLastUse> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken) => _reads.GetAccessKeyLastUsedAsync(accessKeyId, cancellationToken);
        public Task<IReadOnlyDictionary<string, string>> ListUserTagsAsync(string userName, CancellationToken cancellationToken) => _reads.ListUserTagsAsync(userName, cancellationToken);
        public Task<bool> RootHasAccessKeyAsync(CancellationToken cancellationToken) => _reads.RootHasAccessKeyAsync(cancellationToken);
    }
}
