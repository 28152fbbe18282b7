using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// One key as it is right before a change: its user, all the user's keys with last use, and the user's tags, read
    /// live (GetUser, ListAccessKeys, GetAccessKeyLastUsed per key, ListUserTags), judged by the one judge at the
    /// module's clock. A read that fails makes the verdict a ReadError (never "unused"); a key or user that is gone
    /// leaves <see cref="Verdict"/> null.
    /// </summary>
    internal sealed class LiveKey
    {
        private LiveKey(AccessKeyFacts? key, KeyObservation? observation, KeyVerdict? verdict, IReadOnlyDictionary<string, string>? tags, string? problem,
            bool gone = false)
        {
            IsGone = gone;
            Key = key;
            Observation = observation;
            Verdict = verdict;
            Tags = tags;
            Problem = problem;
        }

        /// <summary>The key's live facts; null when the key (or its user) no longer exists.</summary>
        public AccessKeyFacts? Key { get; }
        public KeyObservation? Observation { get; }
        public KeyVerdict? Verdict { get; }

        /// <summary>The user's tags as read (null when they could not be read).</summary>
        public IReadOnlyDictionary<string, string>? Tags { get; }

        /// <summary>Why the key could not be re-judged, for people.</summary>
        public string? Problem { get; }

        /// <summary>The key (or its user) no longer exists.</summary>
        public bool IsGone { get; }

        /// <summary>Not judged in full: a read failed (the verdict, if any, is a ReadError).</summary>
        public bool IsUnread => !IsGone && (Verdict == null || Verdict.Stage == KeyStage.ReadError);
        public bool IsActive => Key?.IsActive == true;

        public static async Task<LiveKey> ReadAsync(IActionIam iam, OrganizationAccount account, string userName, string accessKeyId,
            KeyJudge judge, DateTimeOffset now, CancellationToken cancellationToken)
        {
            IamUserFacts user;
            try
            {
                user = await iam.GetUserAsync(userName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (LiveInventoryReader.IsReadFailure(exception, cancellationToken))
            {
                return AwsErrors.Is(exception, "NoSuchEntity")
                    ? Gone($"user {userName} no longer exists")
                    : Unread($"GetUser failed: {AwsErrors.Describe(exception)}");
            }

            var inventory = await LiveInventoryReader.ReadUserAsync(iam, user, cancellationToken).ConfigureAwait(false);
            if (inventory == null)
            {
                return Gone($"user {userName} no longer exists");
            }

            var key = inventory.Keys.FirstOrDefault(k => string.Equals(k.AccessKeyId, accessKeyId, StringComparison.Ordinal));
            if (key == null && inventory.ReadError == null)
            {
                return Gone($"user {userName} no longer has key {accessKeyId}");
            }

            var tagProblem = await LiveInventoryReader.ReadTagsAsync(iam, user, cancellationToken).ConfigureAwait(false);
            var observations = Observations.Of(account, inventory);
            if (tagProblem != null)
            {
                foreach (var observation in observations)
                {
                    observation.ReadError ??= tagProblem;
                }
            }

            var verdicts = judge.JudgeUser(observations, now);
            var index = key == null ? -1 : inventory.Keys.ToList().IndexOf(key);
            if (index < 0)
            {
                return Unread(inventory.ReadError ?? "the key could not be read");
            }

            var verdict = verdicts[index];
            var observed = observations[index].Copy();
            observed.OtherActiveKeyIds = observations.Where(o => o.Status == KeyStatus.Active && o.AccessKeyId != accessKeyId).Select(o => o.AccessKeyId).ToList();
            return new LiveKey(key, observed, verdict, user.Tags, verdict.Stage == KeyStage.ReadError ? string.Join("; ", verdict.Notes) : null);
        }

        /// <summary>The stage the key would have after a change (its status and the module's tag
        /// changed in memory), judged again at <paramref name="now"/>: the result's next stage and date.</summary>
        public KeyVerdict JudgedAfter(KeyJudge judge, DateTimeOffset now, KeyStatus status, ModuleKeyTag? tag)
        {
            var after = Observation!.Copy();
            after.Status = status;
            after.ModuleTag = tag;
            return judge.Judge(after, now);
        }

        /// <summary>The module's tag on this key as read (null when absent or malformed).</summary>
        public string? ModuleTagValue
            => Tags != null && Key != null && Tags.TryGetValue(ModuleKeyTag.TagKeyFor(Key.AccessKeyId), out var value) ? value : null;

        private static LiveKey Gone(string why) => new LiveKey(null, null, null, null, why, gone: true);

        private static LiveKey Unread(string why) => new LiveKey(null, null, null, null, why);
    }
}
