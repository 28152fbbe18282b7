using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>The IAM calls an action makes in one account: the inventory's reads (for the re-judge) and the
    /// changes. <see cref="SessionActionIam"/> is the real one.</summary>
    internal interface IActionIam : IAccountIam
    {
        /// <summary>GetUser: the user's ARN and path (scoped rules match on them); throws NoSuchEntity as is.</summary>
        Task<IamUserFacts> GetUserAsync(string userName, CancellationToken cancellationToken);

        /// <summary>UpdateAccessKey to "Active" or "Inactive".</summary>
        Task UpdateAccessKeyAsync(string userName, string accessKeyId, string status, CancellationToken cancellationToken);

        Task DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken);

        /// <summary>CreateAccessKey, sent once (never retried: after an ambiguous failure the caller re-lists and
        /// reconciles). The secret is in the answer only; the caller never logs it.</summary>
        Task<Aws.Clients.NewAccessKey> CreateAccessKeyAsync(string userName, CancellationToken cancellationToken);

        /// <summary>TagUser with one tag (added, or its value replaced).</summary>
        Task TagUserAsync(string userName, string key, string value, CancellationToken cancellationToken);

        /// <summary>UntagUser with one tag key.</summary>
        Task UntagUserAsync(string userName, string key, CancellationToken cancellationToken);
    }
}
