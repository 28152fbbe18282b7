using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>Lists the accounts a selection names: all (ListAccounts) or under an OU, filtered to explicit ids
    /// when given; then exclusions, the state filter, OU paths from one tree walk, tags if asked.</summary>
    internal sealed class AccountEnumerator
    {
        private readonly IOrganizationReader _reader;
        private readonly IEngineHost _host;

        public AccountEnumerator(IOrganizationReader reader, IEngineHost host)
        {
            _reader = reader;
            _host = host;
        }

        public async Task<IReadOnlyList<OrganizationAccount>> ListAsync(AccountSelection selection, CancellationToken cancellationToken)
        {
            var tree = await OrganizationTree.WalkAsync(_reader, cancellationToken).ConfigureAwait(false);
            _host.Debug($"Organization tree walked: {tree.NodeCount} roots and OUs.");

            var candidates = await CandidatesAsync(selection, tree, cancellationToken).ConfigureAwait(false);
            var excludedAccounts = new HashSet<string>(selection.ExcludeAccountIds ?? Array.Empty<string>(), StringComparer.Ordinal);
            var excludedOus = new HashSet<string>(selection.ExcludeOrganizationalUnitIds ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            foreach (var ou in excludedOus.Where(ou => !tree.Contains(ou)))
            {
                _host.Warning($"Excluded organizational unit {ou} was not found in the organization.");
            }

            var named = new AccountIdFilter(selection.AccountIds);
            var result = new List<OrganizationAccount>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var account in candidates)
            {
                if (!seen.Add(account.AccountId) || !named.Selects(account.AccountId) || excludedAccounts.Contains(account.AccountId))
                {
                    continue;
                }

                var (path, ids) = tree.PlacementOf(account.AccountId);
                if (ids.Any(excludedOus.Contains))
                {
                    continue;
                }

                if (!account.IsActive && !selection.IncludeInactive)
                {
                    SkipInactive(account, named.Names(account.AccountId));
                    continue;
                }

                account.OrganizationalUnitPath = path;
                account.OrganizationalUnitIds = ids;
                result.Add(account);
            }

            foreach (var id in named.NotListed)
            {
                _host.WriteError(new OrganizationQueryException(ErrorCatalog.AccountNotFound, id, $"Account {id} is not in the organization."));
            }

            if (selection.IncludeTags)
            {
                foreach (var account in result)
                {
                    account.Tags = await _reader.ListTagsForResourceAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
                }
            }

            return result;
        }

        /// <summary>Only ACTIVE accounts unless asked: an account named with -AccountId is worth a warning saying why.</summary>
        private void SkipInactive(OrganizationAccount account, bool named)
        {
            if (named)
            {
                _host.Warning($"Account {account.AccountId} ({account.Name}) skipped: its state is {account.State}, and a suspended or closing "
                    + "account cannot be signed in to, so its keys cannot be read. -IncludeInactive returns it anyway.");
            }
            else
            {
                _host.Verbose($"Account {account.AccountId} ({account.Name}) skipped: state {account.State}.");
            }
        }

        private async Task<IReadOnlyList<OrganizationAccount>> CandidatesAsync(
            AccountSelection selection, OrganizationTree tree, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(selection.OrganizationalUnitId))
            {
                if (!tree.Contains(selection.OrganizationalUnitId!))
                {
                    throw new OrganizationQueryException(
                        ErrorCatalog.OrganizationalUnitNotFound,
                        selection.OrganizationalUnitId!,
                        $"Organizational unit {selection.OrganizationalUnitId} was not found in the organization.");
                }

                return tree.AccountsUnder(selection.OrganizationalUnitId!, selection.Recurse).ToList();
            }

            return await _reader.ListAccountsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
