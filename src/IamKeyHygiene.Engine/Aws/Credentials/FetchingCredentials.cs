using System;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// Temporary credentials fetched on first use and again shortly before they expire (the SDK's
    /// RefreshingAWSCredentials does the timing; subclasses only fetch).
    /// </summary>
    internal abstract class FetchingCredentials : RefreshingAWSCredentials, IDescribedCredentials
    {
        /// <summary>What "never expires" means for sources that give no Expiration.</summary>
        protected static readonly TimeSpan NoExpiration = TimeSpan.FromDays(3650);

        protected FetchingCredentials()
        {
            // Within 5 minutes of the stated expiry the credentials count as expired (the next use waits for
            // new ones), so a long call never signs with a dying key; from 15 minutes out the SDK refreshes
            // them in the background while the current ones keep working.
            ExpirationBuffer = TimeSpan.FromMinutes(5);
            PreemptExpiryTime = TimeSpan.FromMinutes(15);
        }

        /// <summary>Names the source in messages, e.g. "container credentials endpoint".</summary>
        public abstract string Description { get; }

        protected abstract Task<TemporaryCredentialsDocument> FetchAsync();

        protected override CredentialsRefreshState GenerateNewCredentials()
            // Off the caller's thread, so a synchronous caller under a synchronization context cannot deadlock.
            => Task.Run(GenerateNewCredentialsAsync).GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            var document = await FetchAsync().ConfigureAwait(false);
            var expiration = document.Expiration ?? DateTime.UtcNow + NoExpiration;
            return new CredentialsRefreshState(document.Credentials, expiration);
        }
    }
}
