using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>What the judge (default policy) says comes next for the old key once it is Inactive and tagged disabled=.</summary>
    internal static class SelfRotationNextStage
    {
        public static (string? Stage, DateTimeOffset? At) Of(KeyActionRecord record, string oldKeyId, ModuleKeyTag tag, DateTimeOffset now, DateTimeOffset createDate)
        {
            var key = new KeyObservation
            {
                AccountId = record.AccountId,
                UserName = record.UserName,
                AccessKeyId = oldKeyId,
                Status = KeyStatus.Inactive,
                CreateDate = createDate,
                UserTags = new List<KeyValuePair<string, string>>(),
                ModuleTag = tag,
            };
            var verdict = new KeyJudge(HygienePolicy.Default()).Judge(key, now);
            return (verdict.NextStage?.ToString(), verdict.NextStageDate);
        }
    }
}
