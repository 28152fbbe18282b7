using System.Runtime.CompilerServices;
using IamKeyHygiene.Engine.Organization;
using Xunit;

namespace IamKeyHygiene.Tests.Unit.Scan;

/// <summary>The OU walk hands accounts on page by page: an OU of many accounts does not hold the first back until
/// its last page is read (ListAccountsForParent gives 20 a page; 1,000 accounts in one OU were 2 s of waiting at 40 ms).</summary>
public sealed class OrganizationTreeStreamingTests
{
    [Fact]
    public async Task The_first_page_of_an_OU_is_handed_on_before_the_second_page_is_read()
    {
        var reader = new PagedReader();
        var found = new List<(string Id, string Path)>();

        var walk = OrganizationTree.WalkAsync(reader, (account, tree) =>
        {
            lock (found) found.Add((account.AccountId, tree.PlacementOf(account.AccountId).Path));
            return Task.CompletedTask;
        }, CancellationToken.None);

        await reader.SecondPageAsked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (found)
        {
            Assert.Equal(20, found.Count); // all of page one, before page two is read
            Assert.All(found, f => Assert.Equal("Root/Workloads", f.Path));
        }

        Assert.False(walk.IsCompleted);
        reader.SecondPage.SetResult();
        var tree = await walk.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(45, found.Count);
        Assert.Equal(Enumerable.Range(0, 45).Select(i => $"2000000000{i:D2}"), found.Select(f => f.Id));
        Assert.Equal(2, tree.NodeCount);
    }

    /// <summary>One root with one OU of 45 accounts in pages of 20; page two waits for <see cref="SecondPage"/>.</summary>
    private sealed class PagedReader : IOrganizationReader
    {
        public TaskCompletionSource SecondPage { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource SecondPageAsked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyList<OrganizationNode>> ListRootsAsync(CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<OrganizationNode>>(new[] { new OrganizationNode("r-test", "Root") });

        public Task<IReadOnlyList<OrganizationNode>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<OrganizationNode>>(parentId == "r-test" ? new[] { new OrganizationNode("ou-test-workloads", "Workloads") } : Array.Empty<OrganizationNode>());

        public async IAsyncEnumerable<OrganizationAccount> ListAccountsForParentAsync(string parentId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (parentId != "ou-test-workloads") yield break;
            for (var i = 0; i < 45; i++)
            {
                if (i == 20)
                {
                    SecondPageAsked.SetResult();
                    await SecondPage.Task.WaitAsync(cancellationToken);
                }

                yield return new OrganizationAccount($"2000000000{i:D2}", $"member-{i}", $"aws+{i}@example.com", "ACTIVE", "");
            }
        }

        public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceId, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
    }
}
