using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws.Clients;
using ClientAccount = IamKeyHygiene.Engine.Aws.Clients.OrganizationAccount;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>The enumerator's reads on the Organizations client (its lists page to the end, ListAccounts 20 a
    /// page, one page at a time; throttling is retried with backoff by the client's retry policy).</summary>
    internal sealed class OrganizationsReader : IOrganizationReader
    {
        private readonly OrganizationsClient _client;

        public OrganizationsReader(OrganizationsClient client)
        {
            _client = client;
        }

        public async Task<IReadOnlyList<OrganizationNode>> ListRootsAsync(CancellationToken cancellationToken)
        {
            var roots = new List<OrganizationNode>();
            await foreach (var root in _client.ListRootsAllAsync(cancellationToken).ConfigureAwait(false))
            {
                roots.Add(new OrganizationNode(root.Id, root.Name));
            }

            return roots;
        }

        public async Task<IReadOnlyList<OrganizationNode>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken)
        {
            var units = new List<OrganizationNode>();
            await foreach (var unit in _client.ListOrganizationalUnitsForParentAllAsync(parentId, cancellationToken).ConfigureAwait(false))
            {
                units.Add(new OrganizationNode(unit.Id, unit.Name));
            }

            return units;
        }

        public async IAsyncEnumerable<OrganizationAccount> ListAccountsForParentAsync(string parentId,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var account in _client.ListAccountsForParentAllAsync(parentId, cancellationToken).ConfigureAwait(false))
            {
                yield return ToAccount(account);
            }
        }

        public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceId, CancellationToken cancellationToken)
        {
            var tags = new Dictionary<string, string>();
            await foreach (var tag in _client.ListTagsForResourceAllAsync(resourceId, cancellationToken).ConfigureAwait(false))
            {
                tags[tag.Key] = tag.Value;
            }

            return tags;
        }

        /// <summary>State, not the retired Status (the client falls back to Status only when State is absent).</summary>
        private static OrganizationAccount ToAccount(ClientAccount account)
            => new OrganizationAccount(account.Id, account.Name, account.Email, account.EffectiveState, account.Arn);
    }
}
