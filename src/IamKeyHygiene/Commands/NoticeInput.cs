using System;
using System.Globalization;
using System.Management.Automation;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Scan;
using static IamKeyHygiene.Commands.FindingInput;

namespace IamKeyHygiene.Commands
{
    /// <summary>
    /// What Send-KeyOwnerNotice takes from the pipeline: a finding (AccessKeyFinding, or an object with its properties)
    /// or an action result (KeyActionResult: one with Action and Outcome), whose Finding is the finding acted on. Reads
    /// everything a notice shows: besides what the action cmdlets read, the account e-mail, age, last use, owner and
    /// the creation event of a new key.
    /// </summary>
    internal static class NoticeInput
    {
        public static bool IsActionResult(PSObject input)
            => input.Properties[nameof(KeyActionRecord.Action)] != null && input.Properties[nameof(KeyActionRecord.Outcome)] != null;

        public static KeyActionRecord Action(PSObject input)
        {
            var finding = Nested(input, nameof(KeyActionRecord.Finding));
            return new KeyActionRecord
            {
                RunId = Text(input, nameof(KeyActionRecord.RunId)),
                AccountId = Text(input, nameof(KeyActionRecord.AccountId)),
                UserName = Text(input, nameof(KeyActionRecord.UserName)),
                AccessKeyId = Text(input, nameof(KeyActionRecord.AccessKeyId)),
                Action = Text(input, nameof(KeyActionRecord.Action)),
                Outcome = Enum.TryParse<KeyActionOutcome>(Text(input, nameof(KeyActionRecord.Outcome)), true, out var outcome) ? outcome : KeyActionOutcome.Skipped,
                Reason = Text(input, nameof(KeyActionRecord.Reason)),
                Message = NullIfEmpty(Text(input, nameof(KeyActionRecord.Message))),
                Finding = finding == null ? null : Finding(finding),
                NextStage = NullIfEmpty(Text(input, nameof(KeyActionRecord.NextStage))),
                NextStageDate = Time(input, nameof(KeyActionRecord.NextStageDate)),
                NewAccessKeyId = NullIfEmpty(Text(input, nameof(KeyActionRecord.NewAccessKeyId))),
                SecretArn = NullIfEmpty(Text(input, nameof(KeyActionRecord.SecretArn))),
                Time = Time(input, nameof(KeyActionRecord.Time)) ?? default,
            };
        }

        public static KeyFinding Finding(PSObject input)
        {
            var finding = From(input);
            finding.AccountEmail = Text(input, nameof(KeyFinding.AccountEmail));
            finding.AgeDays = Number(input, nameof(KeyFinding.AgeDays));
            finding.DaysSinceLastUse = Number(input, nameof(KeyFinding.DaysSinceLastUse));
            finding.LastUsedService = NullIfEmpty(Text(input, nameof(KeyFinding.LastUsedService)));
            finding.Notes = NullIfEmpty(Text(input, nameof(KeyFinding.Notes)));
            finding.Urgency = Number(input, nameof(KeyFinding.Urgency)) ?? 0;
            finding.Owner = Owner(Nested(input, nameof(KeyFinding.Owner)));
            finding.CreationEvent = CreationEvent(Nested(input, nameof(KeyFinding.CreationEvent)));
            return finding;
        }

        /// <summary>An object property as a PSObject (a [pscustomobject]'s properties live only on its PSObject); null
        /// when absent, empty or text (a CSV cell).</summary>
        private static PSObject? Nested(PSObject input, string name)
        {
            var value = input.Properties[name]?.Value;
            if (value == null || (value is PSObject wrapped ? wrapped.BaseObject : value) is string) return null;
            return PSObject.AsPSObject(value);
        }

        private static FindingOwner? Owner(PSObject? owner)
        {
            if (owner == null) return null;
            var result = new FindingOwner
            {
                Email = NullIfEmpty(Text(owner, nameof(FindingOwner.Email))),
                SlackId = NullIfEmpty(Text(owner, nameof(FindingOwner.SlackId))),
                Name = NullIfEmpty(Text(owner, nameof(FindingOwner.Name))),
                Language = NullIfEmpty(Text(owner, nameof(FindingOwner.Language))),
                TimeZone = NullIfEmpty(Text(owner, nameof(FindingOwner.TimeZone))),
                Source = Text(owner, nameof(FindingOwner.Source)),
            };
            return result.Email == null && result.SlackId == null && result.Name == null ? null : result;
        }

        private static KeyCreationEvent? CreationEvent(PSObject? created)
        {
            if (created == null) return null;
            return new KeyCreationEvent
            {
                EventId = Text(created, nameof(KeyCreationEvent.EventId)),
                EventTime = Time(created, nameof(KeyCreationEvent.EventTime)) ?? default,
                CreatedBy = Text(created, nameof(KeyCreationEvent.CreatedBy)),
                CreatedByType = Text(created, nameof(KeyCreationEvent.CreatedByType)),
                RoleSessionName = NullIfEmpty(Text(created, nameof(KeyCreationEvent.RoleSessionName))),
                SourceIpAddress = NullIfEmpty(Text(created, nameof(KeyCreationEvent.SourceIpAddress))),
                UserAgent = NullIfEmpty(Text(created, nameof(KeyCreationEvent.UserAgent))),
                Region = NullIfEmpty(Text(created, nameof(KeyCreationEvent.Region))),
            };
        }

        private static int? Number(PSObject input, string name)
            => int.TryParse(Text(input, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;
    }
}
