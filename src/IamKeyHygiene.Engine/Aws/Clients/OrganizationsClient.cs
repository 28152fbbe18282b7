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
    /// <summary>Organizations (awsJson1_1, 2016-11-28) for exactly the operations the module uses; all reads.
    /// Build it with <see cref="AwsClients.CreateOrganizations"/>.</summary>
    internal sealed partial class OrganizationsClient : ModelledServiceClient
    {
        internal static readonly ServiceModel ServiceModel = ModelSlices.Load("organizations", "2016-11-28");

        /// <summary>ListAccountsForParent pages at 20, the service's maximum (DESIGN.md: 20 a page, serially).</summary>
        public const int AccountsPageSize = 20;

        internal OrganizationsClient(AWSCredentials credentials, ServiceClientConfig config)
            : base(credentials, config, ServiceModel, EndpointResolver.Organizations)
        {
        }

        protected override IEnumerable<string> NeverRetried => Enumerable.Empty<string>();

        public Task<OrganizationInfo> DescribeOrganizationAsync(CancellationToken cancellationToken) =>
            CallAsync<OrganizationInfo>("DescribeOrganization", null, "Organization", cancellationToken);

        public IAsyncEnumerable<OrganizationRoot> ListRootsAllAsync(CancellationToken cancellationToken) =>
            PaginateAsync<OrganizationRoot>("ListRoots", null, null, cancellationToken);

        public IAsyncEnumerable<OrganizationalUnit> ListOrganizationalUnitsForParentAllAsync(string parentId, CancellationToken cancellationToken) =>
            PaginateAsync<OrganizationalUnit>("ListOrganizationalUnitsForParent", new JsonObject { ["ParentId"] = parentId }, null, cancellationToken);

        public IAsyncEnumerable<OrganizationAccount> ListAccountsForParentAllAsync(string parentId, CancellationToken cancellationToken) =>
            PaginateAsync<OrganizationAccount>("ListAccountsForParent", new JsonObject { ["ParentId"] = parentId }, AccountsPageSize, cancellationToken);

        public IAsyncEnumerable<OrganizationParent> ListParentsAllAsync(string childId, CancellationToken cancellationToken) =>
            PaginateAsync<OrganizationParent>("ListParents", new JsonObject { ["ChildId"] = childId }, null, cancellationToken);

        public IAsyncEnumerable<ResourceTag> ListTagsForResourceAllAsync(string resourceId, CancellationToken cancellationToken) =>
            PaginateAsync<ResourceTag>("ListTagsForResource", new JsonObject { ["ResourceId"] = resourceId }, null, cancellationToken);
    }
}
