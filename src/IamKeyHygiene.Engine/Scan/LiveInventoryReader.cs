using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// Reads an account live: ListUsers to the end (a failure fails the account), then per user ListAccessKeys
    /// and per key GetAccessKeyLastUsed. A failure below the user list marks that user or key as a read error:
    /// it is reported as ReadError, never as "unused".
    /// </summary>
    internal static class LiveInventoryReader
    {
        public static Task<IReadOnlyList<IamUserFacts>> ListUsersAsync(IAccountIam iam, CancellationToken cancellationToken)
            => iam.ListUsersAsync(cancellationToken);

        /// <summary>The user's keys with last use; null when the user no longer exists (deleted since ListUsers).</summary>
        public static async Task<UserInventory?> ReadUserAsync(IAccountIam iam, IamUserFacts user, CancellationToken cancellationToken)
        {
            IReadOnlyList<AccessKeyFacts> keys;
            try
            {
                keys = await iam.ListAccessKeysAsync(user.UserName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsReadFailure(exception, cancellationToken))
            {
                if (AwsErrors.Is(exception, "NoSuchEntity"))
                {
                    return null;
                }

                return new UserInventory(user, Array.Empty<AccessKeyFacts>(), $"ListAccessKeys failed: {AwsErrors.Describe(exception)}");
            }

            foreach (var key in keys)
            {
                await ReadLastUseAsync(iam, key, cancellationToken).ConfigureAwait(false);
            }

            return new UserInventory(user, keys);
        }

        /// <summary>Fills a key's last use from GetAccessKeyLastUsed, or its read error.</summary>
        public static async Task ReadLastUseAsync(IAccountIam iam, AccessKeyFacts key, CancellationToken cancellationToken)
        {
            try
            {
                var lastUse = await iam.GetAccessKeyLastUsedAsync(key.AccessKeyId, cancellationToken).ConfigureAwait(false);
                key.LastUsedDate = lastUse.LastUsedDate;
                key.LastUsedService = lastUse.ServiceName;
                key.LastUsedRegion = lastUse.Region;
                key.ReadLive = true;
            }
            catch (Exception exception) when (IsReadFailure(exception, cancellationToken))
            {
                key.ReadError = $"GetAccessKeyLastUsed failed: {AwsErrors.Describe(exception)}";
            }
        }

        /// <summary>Reads the user's tags into it; returns why they could not be read, or null. Tags carry
        /// exemptions and owners, so a user without them is not judged (ReadError).</summary>
        public static async Task<string?> ReadTagsAsync(IAccountIam iam, IamUserFacts user, CancellationToken cancellationToken)
        {
            try
            {
                user.Tags = await iam.ListUserTagsAsync(user.UserName, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (Exception exception) when (IsReadFailure(exception, cancellationToken))
            {
                return $"ListUserTags failed: {AwsErrors.Describe(exception)}";
            }
        }

        /// <summary>A failure of one read, for the caller to record: not a cancellation, and not an error the engine
        /// has already judged (an account's, or the caller's rejected credentials, which stop the scan).</summary>
        internal static bool IsReadFailure(Exception exception, CancellationToken cancellationToken)
            => !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested) && !(exception is EngineException);
    }
}
