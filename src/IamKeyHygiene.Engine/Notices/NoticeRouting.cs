using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// Who gets which keys, on which channel. A key goes to the first of its routes a channel can reach: its owner
    /// (grouped by lower-cased e-mail, else Slack id: one person, one message, every account), else the account's
    /// e-mail, else the fallback channel; when none can be reached, to the first route it has (its record then says
    /// NoChannel). Owner and account e-mail messages go on the first of Slack, Email, Sns, Teams, Webhook, SlackWebhook
    /// that can reach the recipient; the summary and the fallback on the first of SlackWebhook, Teams, Webhook, Slack,
    /// Sns, Email (a shared room first, a person's inbox last).
    /// </summary>
    public static class NoticeRouting
    {
        /// <summary>The recipient of keys with no owner, account e-mail or fallback channel.</summary>
        public const string NoRecipient = "(none)";

        public static IReadOnlyList<string> PersonOrder { get; } = new[] { "Slack", "Email", "Sns", "Teams", "Webhook", "SlackWebhook" };

        public static IReadOnlyList<string> RoomOrder { get; } = new[] { "SlackWebhook", "Teams", "Webhook", "Slack", "Sns", "Email" };

        /// <summary>One batch per recipient, in the order recipients were first met; NewKeys of the module's own rotation
        /// and keys no notice lists are left out (the summary counts them).</summary>
        public static IReadOnlyList<NoticeBatch> Route(IReadOnlyList<NoticeKey> keys, IReadOnlyList<INoticeChannel> channels, NoticeOptions options)
        {
            var groups = new List<(NoticeRecipient Recipient, List<NoticeKey> Keys, IReadOnlyList<INoticeChannel> Channels)>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (NoticeSections.Of(key) == null || NoticeSections.IsOwnRotation(key)) continue;
                var routes = RoutesOf(key.Finding, options).ToList();
                if (routes.Count == 0)
                {
                    // Nowhere to go: this message's record says so (NoChannel) rather than the key vanishing.
                    routes.Add(Room(NoticeRecipientKind.FallbackChannel, NoRecipient, options.DefaultLanguage));
                }

                var chosen = routes.Select(r => (Recipient: r, Channels: Reaching(r, channels))).FirstOrDefault(r => r.Channels.Count > 0);
                if (chosen.Recipient == null) chosen = (routes[0], Array.Empty<INoticeChannel>());
                var groupKey = chosen.Recipient.Kind + "\n" + chosen.Recipient.GroupKey;
                if (!index.TryGetValue(groupKey, out var at))
                {
                    index[groupKey] = at = groups.Count;
                    groups.Add((chosen.Recipient, new List<NoticeKey>(), chosen.Channels));
                }

                groups[at].Keys.Add(key);
            }

            return groups.Select(g => new NoticeBatch(g.Recipient, g.Keys, g.Channels)).ToList();
        }

        /// <summary>The summary's recipient and channels, or null when no summary channel is set.</summary>
        public static NoticeBatch? Summary(IReadOnlyList<NoticeKey> keys, IReadOnlyList<INoticeChannel> channels, NoticeOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.SummaryChannel)) return null;
            var recipient = Room(NoticeRecipientKind.SummaryChannel, options.SummaryChannel!, options.DefaultLanguage);
            return new NoticeBatch(recipient, keys, Reaching(recipient, channels));
        }

        /// <summary>The channels that can carry a message to the recipient, in the order they are tried.</summary>
        public static IReadOnlyList<INoticeChannel> Reaching(NoticeRecipient recipient, IReadOnlyList<INoticeChannel> channels)
        {
            var order = recipient.Kind == NoticeRecipientKind.Owner || recipient.Kind == NoticeRecipientKind.AccountEmail ? PersonOrder : RoomOrder;
            return channels
                .Where(c => order.Contains(c.Name, StringComparer.Ordinal) && c.CanReach(recipient))
                .OrderBy(c => IndexOf(order, c.Name))
                .ToList();
        }

        private static IEnumerable<NoticeRecipient> RoutesOf(KeyFinding finding, NoticeOptions options)
        {
            var owner = finding.Owner;
            if (owner != null && (owner.Email != null || owner.SlackId != null))
            {
                yield return new NoticeRecipient(NoticeRecipientKind.Owner, owner.Email?.ToLowerInvariant(), owner.SlackId, owner.Name, null,
                    owner.Language ?? options.DefaultLanguage, owner.TimeZone);
            }

            if (IamIdentifiers.IsEmail(finding.AccountEmail))
            {
                yield return new NoticeRecipient(NoticeRecipientKind.AccountEmail, finding.AccountEmail, null,
                    finding.AccountName.Length > 0 ? finding.AccountName : null, null, options.DefaultLanguage, null);
            }

            if (!string.IsNullOrWhiteSpace(options.FallbackChannel))
            {
                yield return Room(NoticeRecipientKind.FallbackChannel, options.FallbackChannel!, options.DefaultLanguage);
            }
        }

        /// <summary>A summary or fallback channel; an e-mail address there is an inbox the e-mail channel can reach.</summary>
        private static NoticeRecipient Room(NoticeRecipientKind kind, string channel, string language)
            => new NoticeRecipient(kind, IamIdentifiers.IsEmail(channel) ? channel : null, null, null, channel, language, null);

        private static int IndexOf(IReadOnlyList<string> order, string name)
        {
            for (var i = 0; i < order.Count; i++) if (order[i] == name) return i;
            return order.Count;
        }
    }
}
