using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>Lists the accounts a selection names: all, or under an OU, streamed as one walk of the OU tree reaches
    /// them (ListAccountsForParent per OU, so each comes with its whole OU path), filtered to explicit ids when given
    /// (any number of ids costs the one walk). Then exclusions, the state filter, tags if asked.</summary>
    internal sealed class AccountEnumerator
    {
        private readonly IOrganizationReader _reader;
        private readonly IEngineHost _host;

        public AccountEnumerator(IOrganizationReader reader, IEngineHost host)
        {
            _reader = reader;
            _host = host;
        }

        /// <summary>
        /// Hands each selected account to <paramref name="write"/>, its OU path and ids set, in the walk's order (see
        /// <see cref="OrganizationTree"/>) while the walk goes on. Named ids the walk never reached are each a
        /// non-terminating AccountNotFound once it ends.
        /// </summary>
        public async Task StreamAsync(AccountSelection selection, Func<OrganizationAccount, Task> write, CancellationToken cancellationToken)
        {
            var named = new AccountIdFilter(selection.AccountIds);
            var filter = new Filter(selection, named, _reader, _host, write);
            var unit = selection.OrganizationalUnitId;
            var walked = await OrganizationTree.WalkAsync(_reader, (account, tree) => string.IsNullOrEmpty(unit) || tree.IsUnder(account.AccountId, unit!, directly: !selection.Recurse)
                ? filter.WriteIfSelectedAsync(account, tree, cancellationToken)
                : Task.CompletedTask, cancellationToken).ConfigureAwait(false);
            _host.Debug($"Organization tree walked: {walked.NodeCount} roots and OUs.");
            foreach (var ou in (selection.ExcludeOrganizationalUnitIds ?? Array.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase).Where(ou => !walked.Contains(ou)))
            {
                _host.Warning($"Excluded organizational unit {ou} was not found in the organization.");
            }

            if (!string.IsNullOrEmpty(unit) && !walked.Contains(unit!))
            {
                throw new OrganizationQueryException(
                    ErrorCatalog.OrganizationalUnitNotFound,
                    unit!,
                    $"Organizational unit {unit} was not found in the organization.");
            }

            foreach (var id in named.NotListed)
            {
                _host.WriteError(new OrganizationQueryException(ErrorCatalog.AccountNotFound, id, $"Account {id} is not in the organization."));
            }
        }

        /// <summary>Named ids, exclusions (accounts, OUs and their sub-OUs), the state filter and duplicates; tags when asked.</summary>
        private sealed class Filter
        {
            private readonly AccountSelection _selection;
            private readonly AccountIdFilter _named;
            private readonly IOrganizationReader _reader;
            private readonly IEngineHost _host;
            private readonly Func<OrganizationAccount, Task> _write;
            private readonly HashSet<string> _excludedAccounts;
            private readonly HashSet<string> _excludedOus;
            private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

            public Filter(AccountSelection selection, AccountIdFilter named, IOrganizationReader reader, IEngineHost host, Func<OrganizationAccount, Task> write)
            {
                _selection = selection;
                _named = named;
                _reader = reader;
                _host = host;
                _write = write;
                _excludedAccounts = new HashSet<string>(selection.ExcludeAccountIds ?? Array.Empty<string>(), StringComparer.Ordinal);
                _excludedOus = new HashSet<string>(selection.ExcludeOrganizationalUnitIds ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            }

            public async Task WriteIfSelectedAsync(OrganizationAccount account, OrganizationTree tree, CancellationToken cancellationToken)
            {
                if (!_seen.Add(account.AccountId) || !_named.Selects(account.AccountId) || _excludedAccounts.Contains(account.AccountId))
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
                    SkipInactive(account, _named.Names(account.AccountId));
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

            /// <summary>Only ACTIVE accounts unless asked: an account named with -AccountId is worth a warning saying why.</summary>
            private void SkipInactive(OrganizationAccount account, bool named)
            {
                if (named)
                {
                    _host.Warning($"Account {account.AccountId} ({account.Name}) skipped: its state is {account.State}, and a suspended or closing "
                        + "account cannot be signed in to, so its keys cannot be read. Get-OrganizationAccount -IncludeInactive returns it anyway.");
                }
                else
                {
                    _host.Verbose($"Account {account.AccountId} ({account.Name}) skipped: state {account.State}.");
                }
            }
        }
    }
}
