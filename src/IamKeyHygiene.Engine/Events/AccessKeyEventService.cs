using System;
using System.Collections.Generic;
using System.Text.Json;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Events
{
    /// <summary>
    /// The engine's façade for ConvertFrom-AccessKeyEvent: a CloudTrail CreateAccessKey event, in any shape a runbook
    /// receives it (<see cref="EventShapes"/>), becomes a finding of stage NewKey naming who created which key for whom
    /// and from where, its owner resolved from the policy's owners file. No AWS call.
    /// </summary>
    public sealed class AccessKeyEventService
    {
        /// <summary>Where a NewKey finding came from (the finding's Source).</summary>
        public const string Source = "CloudTrail";

        private readonly HygienePolicy _policy;
        private readonly KeyJudge _judge;
        private readonly EngineClock _clock;
        private readonly string _moduleSessionName;

        /// <param name="policy">The owners file (and tag keys) owners are resolved from; its hash goes on the finding.</param>
        /// <param name="clock">The module's clock: EvaluatedAt and the key's age.</param>
        /// <param name="moduleSessionName">The role session name the module's rotation runs under in member accounts.</param>
        public AccessKeyEventService(HygienePolicy policy, EngineClock clock, string moduleSessionName)
        {
            _policy = policy ?? throw new ArgumentNullException(nameof(policy));
            _judge = new KeyJudge(policy);
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _moduleSessionName = moduleSessionName ?? throw new ArgumentNullException(nameof(moduleSessionName));
        }

        /// <summary>The events <paramref name="input"/> holds, each to give <see cref="Convert"/>: one, or each of a JSON
        /// array (an EventBridge batch, a PowerShell array) or of JSON lines.</summary>
        public IReadOnlyList<string> EventsIn(object input)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            return EventShapes.Split(input as string ?? JsonSerializer.Serialize(input));
        }

        /// <summary>
        /// The finding for one event: <paramref name="input"/> is JSON text, or what PowerShell objects become as plain
        /// values (dictionaries with string keys, lists, strings, numbers, booleans). Throws <see cref="EngineException"/>:
        /// NotACreateAccessKeyEvent (another event, a failed call) or InvalidAccessKeyEvent (not readable).
        /// </summary>
        public KeyFinding Convert(object input)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            var json = input as string ?? JsonSerializer.Serialize(input);
            var record = CreateAccessKeyRecord.Read(EventShapes.FindRecord(json, out var carrierId), carrierId);
            var observation = new KeyObservation
            {
                AccountId = record.AccountId,
                UserName = record.UserName,
                UserArn = record.UserArn,
                UserPath = record.UserPath ?? "/", // unknown: only an owners entry for "/" (every path) applies
                AccessKeyId = record.AccessKeyId,
                Status = string.Equals(record.Status, "Inactive", StringComparison.OrdinalIgnoreCase) ? KeyStatus.Inactive : KeyStatus.Active,
                CreateDate = record.CreateDate,
                IsRootKey = record.IsRootKey,
            };
            var verdict = _judge.JudgeNewKey(observation, KeyHygieneCaller.Made(record, _moduleSessionName), _clock.UtcNow);
            var finding = new KeyFinding
            {
                AccountId = record.AccountId,
                UserName = record.UserName,
                UserArn = record.UserArn,
                UserPath = record.UserPath ?? "",
                AccessKeyId = record.AccessKeyId,
                Status = record.Status,
                CreateDate = record.CreateDate,
                AgeDays = verdict.AgeDays,
                Source = Source,
                PolicyHash = _policy.Hash,
                CreationEvent = CreationEventOf(record),
            };
            return FindingBuilder.WithVerdict(finding, verdict);
        }

        private static KeyCreationEvent CreationEventOf(CreateAccessKeyRecord record) => new KeyCreationEvent
        {
            EventId = record.EventId,
            EventTime = record.EventTime,
            CreatedBy = record.CallerArn,
            CreatedByType = record.CallerType,
            RoleSessionName = record.CallerSessionName,
            SourceIpAddress = record.SourceIpAddress,
            UserAgent = record.UserAgent,
            Region = record.Region,
        };
    }
}
