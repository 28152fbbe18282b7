using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Notices.Templates;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>
    /// The engine's façade for Send-KeyOwnerNotice: joins the run's findings with what was done to them, routes each key
    /// to one recipient (one message per owner per run, across accounts), renders each message from its channel's
    /// template in the recipient's language and time zone, asks the host per message, sends, and writes one
    /// <see cref="NoticeRecord"/> per message. A message that cannot be sent is one NoticeFailed error; the others go on.
    /// </summary>
    public sealed class NoticeService
    {
        /// <summary>NoticeRecord.Reason when no configured channel can reach the recipient.</summary>
        public const string NoChannel = nameof(NoChannel);

        /// <summary>NoticeRecord.Reason when a channel threw instead of answering.</summary>
        public const string ChannelError = nameof(ChannelError);

        private const string Activity = "Sending key owner notices";
        private readonly IEngineHost _host;
        private readonly EngineClock _clock;

        public NoticeService(IEngineHost host, EngineClock clock)
        {
            _host = host ?? throw new ArgumentNullException(nameof(host));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        }

        /// <summary>Reads and checks every template (InvalidTemplate, terminating): call before anything is sent.</summary>
        public static TemplateSet LoadTemplates(string? overrideFolder, string shippedFolder) => TemplateSet.Load(overrideFolder, shippedFolder);

        /// <summary>Sends the run's messages: the owners', the account e-mails', the fallback's, then the summary.</summary>
        public async Task<IReadOnlyList<NoticeRecord>> SendAsync(IEnumerable<KeyFinding> findings, IEnumerable<KeyActionRecord> actions,
            IReadOnlyList<INoticeChannel> channels, TemplateSet templates, NoticeOptions options, CancellationToken cancellationToken)
        {
            var keys = NoticeJoin.Join(findings, actions, out var unjoined);
            if (unjoined.Count > 0)
            {
                _host.Warning($"{unjoined.Count} action result(s) carry no finding and name no key of the findings given "
                    + $"({string.Join(", ", unjoined.Take(5).Select(a => a.AccessKeyId.Length > 0 ? a.AccessKeyId : "no key id"))}{(unjoined.Count > 5 ? ", …" : "")}): "
                    + "no notice can say whose keys they are, so they are left out. Pipe the findings (Get-StaleAccessKey) along with the action results.");
            }

            var batches = NoticeRouting.Route(keys, channels, options).ToList();
            var summary = NoticeRouting.Summary(keys, channels, options);
            if (summary != null) batches.Add(summary);
            _host.Verbose($"{keys.Count} keys, {batches.Count} messages on {channels.Count} channels ({string.Join(", ", channels.Select(c => c.Name))}).");

            var renderer = new MessageRenderer(_clock.UtcNow);
            var records = new List<NoticeRecord>();
            for (var i = 0; i < batches.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = batches[i];
                _host.Progress(Activity, $"{i + 1} of {batches.Count}: {batch.Recipient}", i * 100 / batches.Count);
                var record = await SendOneAsync(batch, batch == summary, templates, renderer, options, cancellationToken).ConfigureAwait(false);
                records.Add(record);
                _host.WriteResult(record);
            }

            _host.Progress(Activity, "done", 100);
            return records;
        }

        private async Task<NoticeRecord> SendOneAsync(NoticeBatch batch, bool isSummary, TemplateSet templates, MessageRenderer renderer,
            NoticeOptions options, CancellationToken cancellationToken)
        {
            var recipient = batch.Recipient;
            var first = batch.Channels.Count > 0 ? batch.Channels[0] : null;
            var message = Render(first?.Name ?? TemplateSet.DefaultName, batch, isSummary, templates, renderer, options);
            var record = new NoticeRecord
            {
                RunId = options.RunId,
                Channel = first?.Name ?? "",
                RecipientKind = recipient.Kind,
                Recipient = recipient.ToString(),
                AccessKeyIds = batch.Keys.Where(k => !isSummary).Select(k => k.Finding.AccessKeyId).Where(id => id.Length > 0).ToList(),
                Subject = message.Subject,
            };
            var keyCount = isSummary ? "summary" : batch.Keys.Count == 1 ? "1 key" : $"{batch.Keys.Count} keys";
            if (!_host.ShouldProcess($"{recipient} ({recipient.Kind}, {keyCount})", $"Send notice on {(first?.Name ?? "no channel")}: {message.Subject}"))
            {
                return Finish(record, NoticeOutcome.WhatIf, first == null ? NoChannel : "", first == null ? "No configured channel can reach this recipient." : null);
            }

            if (first == null)
            {
                return Fail(record, NoChannel, "no configured channel can reach this recipient (see about_IamKeyHygiene, Notices).");
            }

            NoticeDelivery? delivery = null;
            foreach (var channel in batch.Channels)
            {
                if (channel != first) message = Render(channel.Name, batch, isSummary, templates, renderer, options);
                record.Channel = channel.Name;
                record.Subject = message.Subject;
                delivery = await DeliverAsync(channel, message, cancellationToken).ConfigureAwait(false);
                if (delivery.IsSent) break;
                _host.Verbose($"{channel.Name} did not deliver to {recipient} ({delivery.Reason}); trying the next channel that can reach it, if any.");
            }

            return delivery!.IsSent
                ? Finish(record, NoticeOutcome.Sent, "", delivery.DeliveredTo == null ? null : $"Delivered to {delivery.DeliveredTo}.")
                : Fail(record, delivery.Reason, delivery.Message ?? delivery.Reason);
        }

        /// <summary>One send; a channel that throws (a bug, a connection it did not classify) is a failed delivery, never
        /// the end of the run, except for the terminating errors a channel raises on purpose (a rejected credential).</summary>
        private static async Task<NoticeDelivery> DeliverAsync(INoticeChannel channel, NoticeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                return await channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException failure) when (!failure.Entry.Terminating)
            {
                return NoticeDelivery.Failed(failure.ErrorId, failure.Message);
            }
            catch (Exception failure) when (!(failure is OperationCanceledException) && !(failure is EngineException))
            {
                return NoticeDelivery.Failed(ChannelError, failure.Message);
            }
        }

        private static NoticeMessage Render(string channel, NoticeBatch batch, bool isSummary, TemplateSet templates, MessageRenderer renderer,
            NoticeOptions options)
        {
            var language = batch.Recipient.Language ?? options.DefaultLanguage;
            var template = templates.For(channel, language, isSummary);
            return isSummary ? renderer.RenderSummary(template, batch.Recipient, batch.Keys, options) : renderer.Render(template, batch.Recipient, batch.Keys);
        }

        private NoticeRecord Fail(NoticeRecord record, string reason, string message)
        {
            _host.WriteError(new EngineException(ErrorCatalog.NoticeFailed, record.Recipient,
                $"The notice to {record.Recipient} ({record.RecipientKind}) on {(record.Channel.Length > 0 ? record.Channel : "no channel")} was not sent ({reason}): {message}"));
            return Finish(record, NoticeOutcome.Failed, reason, message);
        }

        private NoticeRecord Finish(NoticeRecord record, NoticeOutcome outcome, string reason, string? message)
        {
            record.Outcome = outcome;
            record.Reason = reason;
            record.Message = message;
            record.Time = _clock.UtcNow;
            return record;
        }
    }
}
