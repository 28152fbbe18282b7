using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>
    /// The organization's OU tree read in one walk (ListRoots, then ListAccountsForParent and
    /// ListOrganizationalUnitsForParent per node), so an account's OU path costs no call of its own. The walk is
    /// depth first: a node's accounts, then each child OU in turn, in the order AWS lists them; an account is handed
    /// on as soon as the page that lists it is read (an OU of 1,000 accounts is 50 pages), its whole path known by then.
    /// </summary>
    internal sealed class OrganizationTree
    {
        private readonly Dictionary<string, Placement> _accountPlacement = new Dictionary<string, Placement>(StringComparer.Ordinal);
        private readonly Dictionary<string, OuNode> _nodes = new Dictionary<string, OuNode>(StringComparer.OrdinalIgnoreCase);

        private OrganizationTree() { }

        public int NodeCount => _nodes.Count;

        public static Task<OrganizationTree> WalkAsync(IOrganizationReader reader, CancellationToken cancellationToken)
            => WalkAsync(reader, null, cancellationToken);

        /// <summary>Walks the whole tree, handing each account to <paramref name="found"/> (when given) as soon as its
        /// page is read: its placement (<see cref="PlacementOf"/>) is known by then.</summary>
        public static async Task<OrganizationTree> WalkAsync(IOrganizationReader reader, Func<OrganizationAccount, OrganizationTree, Task>? found,
            CancellationToken cancellationToken)
        {
            var tree = new OrganizationTree();
            foreach (var root in await reader.ListRootsAsync(cancellationToken).ConfigureAwait(false))
            {
                var node = new OuNode(root.Id, root.Name, null);
                tree._nodes[root.Id] = node;
                await tree.WalkNodeAsync(reader, node, found, cancellationToken).ConfigureAwait(false);
            }

            return tree;
        }

        private async Task WalkNodeAsync(IOrganizationReader reader, OuNode node, Func<OrganizationAccount, OrganizationTree, Task>? found,
            CancellationToken cancellationToken)
        {
            await foreach (var account in reader.ListAccountsForParentAsync(node.Id, cancellationToken).ConfigureAwait(false))
            {
                node.Accounts.Add(account);
                _accountPlacement[account.AccountId] = new Placement(node);
                if (found != null)
                {
                    await found(account, this).ConfigureAwait(false);
                }
            }

            foreach (var child in await reader.ListOrganizationalUnitsForParentAsync(node.Id, cancellationToken).ConfigureAwait(false))
            {
                var childNode = new OuNode(child.Id, child.Name, node);
                node.Children.Add(childNode);
                _nodes[child.Id] = childNode;
                await WalkNodeAsync(reader, childNode, found, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Whether <paramref name="ancestorId"/> is a root or OU above the placed account (or its own node).</summary>
        public bool IsUnder(string accountId, string ancestorId, bool directly)
        {
            if (!_accountPlacement.TryGetValue(accountId, out var placement))
            {
                return false;
            }

            if (directly)
            {
                return string.Equals(placement.Parent.Id, ancestorId, StringComparison.OrdinalIgnoreCase);
            }

            for (var node = placement.Parent; node != null; node = node.Parent)
            {
                if (string.Equals(node.Id, ancestorId, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        public bool Contains(string nodeId) => _nodes.ContainsKey(nodeId);

        /// <summary>Accounts directly under a root or OU, or in its whole subtree.</summary>
        public IEnumerable<OrganizationAccount> AccountsUnder(string nodeId, bool recurse)
        {
            if (!_nodes.TryGetValue(nodeId, out var node))
            {
                return Enumerable.Empty<OrganizationAccount>();
            }

            return recurse ? Descend(node).SelectMany(n => n.Accounts) : node.Accounts;
        }

        private static IEnumerable<OuNode> Descend(OuNode node)
        {
            var stack = new Stack<OuNode>();
            stack.Push(node);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                yield return current;
                for (var i = current.Children.Count - 1; i >= 0; i--)
                {
                    stack.Push(current.Children[i]);
                }
            }
        }

        /// <summary>Names from the root down ("Root/Workloads/Prod") and ids root first; empty when the
        /// account was not seen in the walk (it joined the organization since, for instance).</summary>
        public (string Path, IReadOnlyList<string> Ids) PlacementOf(string accountId)
        {
            if (!_accountPlacement.TryGetValue(accountId, out var placement))
            {
                return ("", Array.Empty<string>());
            }

            var names = new List<string>();
            var ids = new List<string>();
            for (var node = placement.Parent; node != null; node = node.Parent)
            {
                names.Add(node.Name);
                ids.Add(node.Id);
            }

            names.Reverse();
            ids.Reverse();
            return (string.Join("/", names), ids);
        }

        private sealed class OuNode
        {
            public OuNode(string id, string name, OuNode? parent)
            {
                Id = id;
                Name = name;
                Parent = parent;
            }

            public string Id { get; }
            public string Name { get; }
            public OuNode? Parent { get; }
            public List<OuNode> Children { get; } = new List<OuNode>();
            public List<OrganizationAccount> Accounts { get; } = new List<OrganizationAccount>();
        }

        private sealed class Placement
        {
            public Placement(OuNode parent) => Parent = parent;
            public OuNode Parent { get; }
        }
    }
}
