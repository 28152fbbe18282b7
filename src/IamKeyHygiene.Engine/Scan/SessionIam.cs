using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// The inventory's IAM reads through an account session: each call (a whole paginated list counts as one)
    /// runs on the session's current client and is retried once on a fresh session after an ExpiredToken.
    /// </summary>
    internal sealed class SessionIam : IAccountIam
    {
        private readonly AccountSession _session;

        public SessionIam(AccountSession session)
        {
            _session = session;
        }

        public Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam => (await iam.GenerateCredentialReportAsync(cancellationToken).ConfigureAwait(false)).State, cancellationToken);

        public Task<RawCredentialReport> GetCredentialReportAsync(CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                var report = await iam.GetCredentialReportAsync(cancellationToken).ConfigureAwait(false);
                // A report without a generation time cannot be judged for age: treat it as generated long ago.
                return new RawCredentialReport(Encoding.UTF8.GetString(report.Content), report.GeneratedTime ?? DateTimeOffset.MinValue);
            }, cancellationToken);

        public Task<IReadOnlyList<IamUserFacts>> ListUsersAsync(CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                var users = new List<IamUserFacts>();
                await foreach (var user in iam.ListUsersAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    users.Add(new IamUserFacts(user.UserName, user.Arn, user.Path, user.CreateDate));
                }

                return (IReadOnlyList<IamUserFacts>)users;
            }, cancellationToken);

        public Task<IReadOnlyList<AccessKeyFacts>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                var keys = new List<AccessKeyFacts>(2);
                await foreach (var key in iam.ListAccessKeysAllAsync(userName, cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(new AccessKeyFacts(key.AccessKeyId, key.Status, key.CreateDate));
                }

                return (IReadOnlyList<AccessKeyFacts>)keys;
            }, cancellationToken);

        public Task<KeyLastUse> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                var answer = (await iam.GetAccessKeyLastUsedAsync(accessKeyId, cancellationToken).ConfigureAwait(false)).AccessKeyLastUsed;
                return new KeyLastUse(answer.LastUsedDate, NullIfNone(answer.ServiceName), NullIfNone(answer.Region));
            }, cancellationToken);

        public Task<IReadOnlyDictionary<string, string>> ListUserTagsAsync(string userName, CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                await foreach (var tag in iam.ListUserTagsAllAsync(userName, cancellationToken).ConfigureAwait(false))
                {
                    tags[tag.Key] = tag.Value;
                }

                return (IReadOnlyDictionary<string, string>)tags;
            }, cancellationToken);

        public Task<bool> RootHasAccessKeyAsync(CancellationToken cancellationToken)
            => _session.CallIamAsync(async iam =>
            {
                var summary = await iam.GetAccountSummaryAsync(cancellationToken).ConfigureAwait(false);
                return summary.RootHasAccessKey
                    ?? throw new InvalidDataException($"GetAccountSummary answered without {AccountSummary.RootAccessKeysPresent}.");
            }, cancellationToken);

        /// <summary>IAM answers "N/A" for the service and region of a key never used.</summary>
        private static string? NullIfNone(string? value)
            => string.IsNullOrEmpty(value) || string.Equals(value, "N/A", StringComparison.OrdinalIgnoreCase) ? null : value;
    }
}
