using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Engine.Notices.Templates
{
    /// <summary>Fills a template for one recipient: the header, each stage section that has keys (its heading, then one
    /// line per key), the footer; or, for the summary, counts, nearest keys, the module's own new keys and a breaker trip.</summary>
    public sealed class MessageRenderer
    {
        /// <summary>The command an owner runs to rotate the key of their own profile.</summary>
        public const string RotateCommand = "Invoke-AccessKeyRotation -Self -ProfileName <your-profile>";
        private static readonly Regex InnerSpaces = new Regex(@"(?<=\S) {2,}(?=\S)", RegexOptions.CultureInvariant);
        private readonly DateTimeOffset _now;

        public MessageRenderer(DateTimeOffset now) => _now = now;

        public NoticeMessage Render(NoticeTemplate template, NoticeRecipient recipient, IReadOnlyList<NoticeKey> keys)
        {
            var language = recipient.Language ?? "en";
            var context = new Context(language, recipient.TimeZone);
            var message = MessageValues(recipient, keys, context);
            var body = new List<string>();
            Add(body, template, "header", message);
            foreach (var section in NoticeSections.All)
            {
                var inSection = keys.Where(k => NoticeSections.Of(k) == section).ToList();
                if (inSection.Count == 0) continue;
                Add(body, template, section, message);
                foreach (var key in inSection) Add(body, template, section + ".key", KeyValues(key, message, context));
            }

            Add(body, template, "footer", message);
            return new NoticeMessage(recipient, Line(template.Render("subject", message)), string.Join("\n", body), keys, language);
        }

        public NoticeMessage RenderSummary(NoticeTemplate template, NoticeRecipient recipient, IReadOnlyList<NoticeKey> keys, NoticeOptions options)
        {
            var language = recipient.Language ?? "en";
            var context = new Context(language, recipient.TimeZone);
            var message = MessageValues(recipient, keys, context);
            var body = new List<string>();
            Add(body, template, "header", message);
            if (options.BreakerTrip is BreakerTrip trip)
            {
                Add(body, template, "breaker", With(message, new Dictionary<string, string?>
                {
                    ["wouldDisable"] = Number(trip.WouldDisable),
                    ["maxDisable"] = Number(trip.MaxDisable),
                    ["wouldDelete"] = Number(trip.WouldDelete),
                    ["maxDelete"] = Number(trip.MaxDelete),
                    ["breakerMessage"] = trip.Message,
                }));
            }

            Add(body, template, "counts", message);
            foreach (var stage in keys.GroupBy(k => k.Finding.Stage).OrderByDescending(g => g.Max(k => k.Finding.Urgency)).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                Add(body, template, "count", With(message, new Dictionary<string, string?>
                {
                    ["stage"] = context.Phrases.Stage(stage.Key),
                    ["count"] = Number(stage.Count()),
                }));
            }

            var nearest = keys.Where(k => NextDate(k) != null).OrderBy(k => NextDate(k)).ThenBy(k => k.Finding.AccessKeyId, StringComparer.Ordinal)
                .Take(options.NearestCount).ToList();
            AddKeys(body, template, "nearest", nearest, message, context);
            AddKeys(body, template, "ownRotations", keys.Where(NoticeSections.IsOwnRotation).ToList(), message, context);
            Add(body, template, "footer", message);
            return new NoticeMessage(recipient, Line(template.Render("subject", message)), string.Join("\n", body), Array.Empty<NoticeKey>(), language);
        }

        private void AddKeys(List<string> body, NoticeTemplate template, string section, IReadOnlyList<NoticeKey> keys,
            IReadOnlyDictionary<string, string?> message, Context context)
        {
            if (keys.Count == 0) return;
            Add(body, template, section, message);
            foreach (var key in keys) Add(body, template, section + ".key", KeyValues(key, message, context));
        }

        private Dictionary<string, string?> MessageValues(NoticeRecipient recipient, IReadOnlyList<NoticeKey> keys, Context context)
            => new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["recipient"] = recipient.ToString(),
                ["recipientName"] = recipient.Name ?? recipient.ToString(),
                ["keyCount"] = Number(keys.Count),
                ["topic"] = context.Phrases.Topic(keys.Count, keys.Count(k => k.Finding.Stage == nameof(KeyStage.NewKey))),
                ["accountCount"] = Number(keys.Select(k => k.Finding.AccountId).Distinct(StringComparer.Ordinal).Count()),
                ["runDate"] = context.Dates.Day(_now),
                ["timeZone"] = context.Dates.ZoneName,
                ["rotateCommand"] = RotateCommand,
            };

        private static Dictionary<string, string?> KeyValues(NoticeKey key, IReadOnlyDictionary<string, string?> message, Context context)
        {
            var finding = key.Finding;
            var action = key.Action;
            var nextStage = action?.NextStage ?? finding.NextStage;
            var nextDate = NextDate(key);
            var created = finding.CreationEvent;
            return With(message, new Dictionary<string, string?>
            {
                ["accountId"] = finding.AccountId,
                ["accountName"] = finding.AccountName.Length > 0 ? finding.AccountName : finding.AccountId,
                ["userName"] = finding.UserName,
                ["accessKeyId"] = finding.AccessKeyId.Length > 0 ? key.MaskedAccessKeyId : "-",
                ["status"] = finding.Status,
                ["age"] = finding.AgeDays.HasValue ? Number(finding.AgeDays.Value) : context.Phrases.Unknown,
                ["lastUsed"] = finding.LastUsedDate.HasValue ? context.Dates.Day(finding.LastUsedDate.Value)
                    : finding.CreateDate.HasValue ? context.Phrases.Never : context.Phrases.Unknown,
                ["lastUsedService"] = finding.LastUsedService,
                ["stage"] = context.Phrases.Stage(finding.Stage),
                ["reasons"] = string.Join(", ", finding.Reasons),
                ["done"] = Done(action, context) ?? Due(finding.Stage, context),
                ["next"] = nextStage != null && nextDate.HasValue ? context.Phrases.Next(nextStage, context.Dates.Time(nextDate.Value)) : "",
                ["nextStage"] = nextStage == null ? "" : context.Phrases.Stage(nextStage),
                ["nextDate"] = nextDate.HasValue ? context.Dates.Time(nextDate.Value) : "",
                ["newAccessKeyId"] = action?.NewAccessKeyId == null ? "" : NoticeKey.Mask(action.NewAccessKeyId),
                ["secretArn"] = action?.SecretArn ?? "",
                ["createdBy"] = created?.CreatedBy ?? "",
                ["createdFrom"] = created?.SourceIpAddress ?? "",
                ["createdAt"] = created == null ? "" : context.Dates.Time(created.EventTime),
                ["notes"] = finding.Notes ?? "",
            });
        }

        /// <summary>What was just done to the key, as a sentence; null when no action cmdlet acted on it.</summary>
        private static string? Done(KeyActionRecord? action, Context context)
        {
            if (action == null || action.Action == ActionNames.None) return null;
            var reason = action.Reason.Length > 0 ? action.Reason : action.Outcome.ToString();
            switch (action.Outcome)
            {
                case KeyActionOutcome.Done:
                    var done = context.Phrases.Done(action.Action, context.Dates.Time(action.Time));
                    return action.SecretArn != null && action.NewAccessKeyId != null
                        ? done + " " + context.Phrases.Rotated(NoticeKey.Mask(action.NewAccessKeyId), action.SecretArn)
                        : done;
                case KeyActionOutcome.WhatIf:
                    return context.Phrases.Preview(action.Action);
                case KeyActionOutcome.Deferred:
                    return context.Phrases.Deferred(reason);
                case KeyActionOutcome.Failed:
                    return context.Phrases.Failed(reason);
                default:
                    return context.Phrases.NotChanged(reason);
            }
        }

        /// <summary>A key whose stage calls for a change that no action result says was made: never "disabled".</summary>
        private static string Due(string stage, Context context) => stage switch
        {
            nameof(KeyStage.Disable) => context.Phrases.Due(ActionNames.Disable),
            nameof(KeyStage.Delete) => context.Phrases.Due(ActionNames.Delete),
            nameof(KeyStage.Rotate) => context.Phrases.Due(ActionNames.Rotate),
            _ => "",
        };

        private static DateTimeOffset? NextDate(NoticeKey key) => key.Action?.NextStage != null ? key.Action.NextStageDate : key.Finding.NextStageDate;

        private static void Add(List<string> body, NoticeTemplate template, string section, IReadOnlyDictionary<string, string?> values)
        {
            if (!template.HasText(section)) return;
            var text = template.Render(section, values);
            body.Add(section.EndsWith(".key", StringComparison.Ordinal) || section == "count" ? InnerSpaces.Replace(text, " ").TrimEnd() : text);
        }

        private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> message, Dictionary<string, string?> more)
        {
            foreach (var pair in message)
            {
                if (!more.ContainsKey(pair.Key)) more[pair.Key] = pair.Value;
            }

            return more;
        }

        private static string Line(string text) => text.Replace("\n", " ").Trim();

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        private sealed class Context
        {
            public Context(string language, string? timeZone)
            {
                Phrases = NoticePhrases.For(language);
                Dates = new NoticeDates(language, timeZone);
            }

            public NoticePhrases Phrases { get; }
            public NoticeDates Dates { get; }
        }
    }
}
