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
    /// <summary>Lists the accounts a selection names: all, or under an OU, streamed as one walk of the OU tree reaches
    /// them (ListAccountsForParent per OU, so each comes with its whole OU path); or explicit ids (DescribeAccount,
    /// after the walk that gives their paths). Then exclusions, the state filter, tags if asked.</summary>
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
            var result = new List<OrganizationAccount>();
            await StreamAsync(selection, account =>
            {
                result.Add(account);
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            return result;
        }

        /// <summary>
        /// Hands each selected account to <paramref name="write"/>, its OU path and ids set. All accounts, or those
        /// under an OU, come in the walk's order (see <see cref="OrganizationTree"/>) while the walk goes on; explicit
        /// ids come in the order given, after the walk.
        /// </summary>
        public async Task StreamAsync(AccountSelection selection, Func<OrganizationAccount, Task> write, CancellationToken cancellationToken)
        {
            var filter = new Filter(selection, _reader, _log, write);
            if (selection.AccountIds != null && selection.AccountIds.Count > 0)
            {
                var tree = await WalkAsync(selection, null, cancellationToken).ConfigureAwait(false);
                foreach (var account in await CandidatesAsync(selection, cancellationToken).ConfigureAwait(false))
                {
                    await filter.WriteIfSelectedAsync(account, tree, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var unit = selection.OrganizationalUnitId;
            var walked = await WalkAsync(selection, (account, tree) => string.IsNullOrEmpty(unit) || tree.IsUnder(account.AccountId, unit!, directly: !selection.Recurse)
                ? filter.WriteIfSelectedAsync(account, tree, cancellationToken)
                : Task.CompletedTask, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(unit) && !walked.Contains(unit!))
            {
                throw new OrganizationQueryException(
                    ErrorCatalog.OrganizationalUnitNotFound,
                    unit!,
                    $"Organizational unit {unit} was not found in the organization.");
            }
        }

        private async Task<OrganizationTree> WalkAsync(AccountSelection selection, Func<OrganizationAccount, OrganizationTree, Task>? found,
            CancellationToken cancellationToken)
        {
            var tree = await OrganizationTree.WalkAsync(_reader, found, cancellationToken).ConfigureAwait(false);
            _log.Debug($"Organization tree walked: {tree.NodeCount} roots and OUs.");
            foreach (var ou in (selection.ExcludeOrganizationalUnitIds ?? Array.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase).Where(ou => !tree.Contains(ou)))
            {
                _log.Warning($"Excluded organizational unit {ou} was not found in the organization.");
            }

            return tree;
        }

        private async Task<IReadOnlyList<OrganizationAccount>> CandidatesAsync(AccountSelection selection, CancellationToken cancellationToken)
        {
            var accounts = new List<OrganizationAccount>();
            foreach (var id in selection.AccountIds!.Distinct(StringComparer.Ordinal))
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

        /// <summary>Exclusions (accounts, OUs and their sub-OUs), the state filter and duplicates; tags when asked.</summary>
        private sealed class Filter
        {
            private readonly AccountSelection _selection;
            private readonly IOrganizationReader _reader;
            private readonly IEngineLog _log;
            private readonly Func<OrganizationAccount, Task> _write;
            private readonly HashSet<string> _excludedAccounts;
            private readonly HashSet<string> _excludedOus;
            private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

            public Filter(AccountSelection selection, IOrganizationReader reader, IEngineLog log, Func<OrganizationAccount, Task> write)
            {
                _selection = selection;
                _reader = reader;
                _log = log;
                _write = write;
                _excludedAccounts = new HashSet<string>(selection.ExcludeAccountIds ?? Array.Empty<string>(), StringComparer.Ordinal);
                _excludedOus = new HashSet<string>(selection.ExcludeOrganizationalUnitIds ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            }

            public async Task WriteIfSelectedAsync(OrganizationAccount account, OrganizationTree tree, CancellationToken cancellationToken)
            {
                if (!_seen.Add(account.AccountId) || _excludedAccounts.Contains(account.AccountId))
                {
                    return;
                }

                var (path, ids) = tree.PlacementOf(account.AccountId);
                if (ids.Any(_excludedOus.Contains))
                {
                    return;
                }

                if (!account.IsActive && !_selection.IncludeInactive)
                {
                    _log.Verbose($"Account {account.AccountId} ({account.Name}) skipped: state {account.State}.");
                    return;
                }

                account.OrganizationalUnitPath = path;
                account.OrganizationalUnitIds = ids;
                if (_selection.IncludeTags)
                {
                    account.Tags = await _reader.ListTagsForResourceAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
                }

                await _write(account).ConfigureAwait(false);
            }
        }
    }
}
