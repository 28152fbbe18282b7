using System;
using System.Globalization;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>One key's facts as the structured channels (Teams, generic webhook) show them: the key id masked, and
    /// the next stage as the action's re-judge saw it when an action ran, else as the finding says.</summary>
    internal sealed class KeyFacts
    {
        public KeyFacts(NoticeKey key)
        {
            var finding = key.Finding;
            AccountId = finding.AccountId;
            AccountName = finding.AccountName;
            UserName = finding.UserName;
            MaskedAccessKeyId = key.MaskedAccessKeyId;
            Stage = finding.Stage;
            NextStage = key.Action?.NextStage ?? finding.NextStage;
            NextStageDate = key.Action != null ? key.Action.NextStageDate : finding.NextStageDate;
            Action = key.Action?.Action;
            Outcome = key.Action?.Outcome.ToString();
        }

        public string AccountId { get; }
        public string AccountName { get; }
        public string UserName { get; }
        public string MaskedAccessKeyId { get; }
        public string Stage { get; }
        public string? NextStage { get; }
        public DateTimeOffset? NextStageDate { get; }
        public string? Action { get; }
        public string? Outcome { get; }

        /// <summary>ISO 8601 in UTC, whole seconds; null stays null.</summary>
        public static string? Iso(DateTimeOffset? time) =>
            time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
