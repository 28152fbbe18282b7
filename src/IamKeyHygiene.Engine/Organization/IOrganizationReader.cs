using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Organization
{
    /// <summary>The Organizations reads the enumerator needs: accounts streamed, the other lists read to their end.
    /// <see cref="OrganizationsReader"/> is the real one; the seam keeps the walk testable on its own.</summary>
    internal interface IOrganizationReader
    {
        Task<IReadOnlyList<OrganizationNode>> ListRootsAsync(CancellationToken cancellationToken);

        Task<IReadOnlyList<OrganizationNode>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken);

        /// <summary>A parent's accounts page by page as AWS returns them (20 a page), so the first are handed on
        /// before the last page is read.</summary>
        IAsyncEnumerable<OrganizationAccount> ListAccountsForParentAsync(string parentId, CancellationToken cancellationToken);

        Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceId, CancellationToken cancellationToken);
    }

    /// <summary>A root or an organizational unit.</summary>
    internal sealed class OrganizationNode
    {
        public OrganizationNode(string id, string name)
        {
            Id = id;
            Name = name;
        }

        public string Id { get; }
        public string Name { get; }
    }
}
