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
            UseModuleTiming(this);
        }

        /// <summary>Names the source in messages, e.g. "container credentials endpoint".</summary>
        public abstract string Description { get; }

        /// <summary>
        /// Within 5 minutes of the stated expiry the credentials count as expired (the next use waits for new
        /// ones), so a long call never signs with a dying key; from 15 minutes out the SDK refreshes them in the
        /// background while the current ones keep working.
        /// </summary>
        public static void UseModuleTiming(RefreshingAWSCredentials credentials)
        {
            credentials.ExpirationBuffer = TimeSpan.FromMinutes(5);
            credentials.PreemptExpiryTime = TimeSpan.FromMinutes(15);
        }

        /// <summary>The SDK's times as UTC (an unspecified kind is taken as UTC, as STS sends it).</summary>
        public static DateTime AsUtc(DateTime time)
            => time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();

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
