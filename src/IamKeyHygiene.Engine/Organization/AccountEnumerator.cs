using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>Lists the accounts a selection names: all (ListAccounts), under an OU, or explicit ids
    /// (DescribeAccount); then exclusions, the state filter, OU paths from one tree walk, tags if asked.</summary>
    internal sealed class AccountEnumerator
    {
        private readonly IOrganizationReader _reader;
        private readonly IEngineLog _log;

        public AccountEnumerator(IOrganizationReader reader, IEngineLog log)
        {
            _reader = reader;
            _log = log;
        }

        public async Task<IReadOnlyList<OrganizationAccount>> ListAsync(AccountSelection selection, CancellationToken cancellationToken)
        {
            var tree = await OrganizationTree.WalkAsync(_reader, cancellationToken).ConfigureAwait(false);
            _log.Debug($"Organization tree walked: {tree.NodeCount} roots and OUs.");

            var candidates = await CandidatesAsync(selection, tree, cancellationToken).ConfigureAwait(false);
            var excludedAccounts = new HashSet<string>(selection.ExcludeAccountIds ?? Array.Empty<string>(), StringComparer.Ordinal);
            var excludedOus = new HashSet<string>(selection.ExcludeOrganizationalUnitIds ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            foreach (var ou in excludedOus.Where(ou => !tree.Contains(ou)))
            {
                _log.Warning($"Excluded organizational unit {ou} was not found in the organization.");
            }

            var result = new List<OrganizationAccount>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var account in candidates)
            {
                if (!seen.Add(account.AccountId) || excludedAccounts.Contains(account.AccountId))
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
                    _log.Verbose($"Account {account.AccountId} ({account.Name}) skipped: state {account.State}.");
                    continue;
                }

                account.OrganizationalUnitPath = path;
                account.OrganizationalUnitIds = ids;
                result.Add(account);
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

        private async Task<IReadOnlyList<OrganizationAccount>> CandidatesAsync(
            AccountSelection selection, OrganizationTree tree, CancellationToken cancellationToken)
        {
            if (selection.AccountIds != null && selection.AccountIds.Count > 0)
            {
                var accounts = new List<OrganizationAccount>();
                foreach (var id in selection.AccountIds.Distinct(StringComparer.Ordinal))
                {
                    try
                    {
                        accounts.Add(await _reader.DescribeAccountAsync(id, cancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception exception) when (AwsErrors.Is(exception, "AccountNotFoundException"))
                    {
                        throw new OrganizationQueryException(ErrorCatalog.AccountNotFound, id, $"Account {id} is not in the organization.", exception);
                    }
                }

                return accounts;
            }

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
