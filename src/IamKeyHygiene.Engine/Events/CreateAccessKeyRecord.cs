using System;
using System.Globalization;
using System.Text.Json;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy.Json;
using static IamKeyHygiene.Engine.Events.EventShapes;

namespace IamKeyHygiene.Engine.Events
{
    /// <summary>
    /// What a successful CloudTrail CreateAccessKey record says (CloudTrail record contents:
    /// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
    /// The record never holds the secret: CloudTrail logs the new key's id, status, user and date only.
    /// </summary>
    internal sealed class CreateAccessKeyRecord
    {
        private const string IamEventSource = "iam.amazonaws.com";
        private const string CreateAccessKey = "CreateAccessKey";

        /// <summary>How CloudTrail writes IAM's dates in responseElements ("Nov 30, 2026 9:14:03 AM", UTC).</summary>
        private static readonly string[] CloudTrailDateFormats = { "MMM d, yyyy h:mm:ss tt", "MMM d, yyyy, h:mm:ss tt" };

        public string EventId { get; private set; } = "";
        public DateTimeOffset EventTime { get; private set; }
        public string AccountId { get; private set; } = "";
        public string? Region { get; private set; }
        public string? SourceIpAddress { get; private set; }
        public string? UserAgent { get; private set; }

        public string CallerType { get; private set; } = "";
        public string CallerArn { get; private set; } = "";

        /// <summary>The role session name of an AssumedRole caller (the last part of its ARN).</summary>
        public string? CallerSessionName { get; private set; }

        /// <summary>The IAM user who owns the new key; <see cref="CredentialReportRow.RootUserName"/> for a root key.</summary>
        public string UserName { get; private set; } = "";
        public string UserArn { get; private set; } = "";

        /// <summary>The user's IAM path when the event tells it (the caller created its own key), else null.</summary>
        public string? UserPath { get; private set; }
        public bool IsRootKey { get; private set; }

        public string AccessKeyId { get; private set; } = "";
        public string Status { get; private set; } = "";
        public DateTimeOffset CreateDate { get; private set; }

        /// <summary>Reads <paramref name="record"/>; throws NotACreateAccessKeyEvent for another event or a failed call,
        /// InvalidAccessKeyEvent for a CreateAccessKey record without what a finding needs.</summary>
        public static CreateAccessKeyRecord Read(JsonElement record, string? carrierId)
        {
            var eventId = Text(record, "eventID");
            var target = eventId ?? carrierId;
            var eventName = Text(record, "eventName");
            var eventSource = Text(record, "eventSource");
            if (eventName != CreateAccessKey || eventSource != IamEventSource)
            {
                throw new EngineException(ErrorCatalog.NotACreateAccessKeyEvent, target,
                    $"The event is {eventName ?? "(no eventName)"} from {eventSource ?? "(no eventSource)"}, not {CreateAccessKey} from {IamEventSource}: no key was created.");
            }

            var errorCode = Text(record, "errorCode");
            if (!string.IsNullOrEmpty(errorCode))
            {
                throw new EngineException(ErrorCatalog.NotACreateAccessKeyEvent, target,
                    $"The CreateAccessKey call failed ({errorCode}): no key was created.");
            }

            var caller = Child(record, "userIdentity");
            var key = Child(Child(record, "responseElements"), "accessKey");
            var read = new CreateAccessKeyRecord
            {
                EventId = eventId ?? "",
                EventTime = Time(Text(record, "eventTime")) ?? throw Invalid(target, "the record has no eventTime (ISO 8601)"),
                Region = Text(record, "awsRegion"),
                SourceIpAddress = Text(record, "sourceIPAddress"),
                UserAgent = Text(record, "userAgent"),
                CallerType = Text(caller, "type") ?? "",
                CallerArn = Text(caller, "arn") ?? Text(caller, "invokedBy") ?? Text(caller, "principalId") ?? "",
                AccessKeyId = Text(key, "accessKeyId") ?? throw Invalid(target, "the record names no new key (responseElements.accessKey.accessKeyId)"),
                Status = Text(key, "status") ?? "Active",
            };
            read.AccountId = Text(record, "recipientAccountId") ?? Text(caller, "accountId") ?? "";
            if (!IamIdentifiers.IsAccountId(read.AccountId)) throw Invalid(target, "the record names no account (recipientAccountId)");
            read.CreateDate = Time(Text(key, "createDate")) ?? read.EventTime;
            if (read.CallerType == "AssumedRole") read.CallerSessionName = LastPart(read.CallerArn);
            read.ReadUser(Text(Child(record, "requestParameters"), "userName"), Text(key, "userName"), Text(caller, "userName"));
            if (read.UserName.Length == 0) throw Invalid(target, "the record names no user (requestParameters.userName)");
            return read;
        }

        /// <summary>As IAM decides: the user named in the request, else the caller's own (the root user's key for root).</summary>
        private void ReadUser(string? requested, string? answered, string? callerName)
        {
            var partition = Partition(CallerArn);
            if (requested == null && CallerType == "Root")
            {
                IsRootKey = true;
                UserName = CredentialReportRow.RootUserName;
                UserArn = $"arn:{partition}:iam::{AccountId}:root";
                return;
            }

            UserName = requested ?? answered ?? (CallerType == "IAMUser" ? callerName ?? LastPart(CallerArn) : null) ?? "";
            if (CallerType == "IAMUser" && string.Equals(UserName, callerName ?? LastPart(CallerArn), StringComparison.Ordinal)
                && CallerArn.IndexOf(":user/", StringComparison.Ordinal) > 0)
            {
                // The caller made its own key: its ARN is the user's, path and all.
                UserArn = CallerArn;
                var path = CallerArn.Substring(CallerArn.IndexOf(":user/", StringComparison.Ordinal) + ":user".Length);
                UserPath = path.Substring(0, path.LastIndexOf('/') + 1);
                return;
            }

            UserArn = $"arn:{partition}:iam::{AccountId}:user/{UserName}";
        }

        private static JsonElement Child(JsonElement element, string name)
            => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;

        /// <summary>"aws", "aws-cn", "aws-us-gov"… from an ARN; "aws" when there is none.</summary>
        private static string Partition(string arn)
        {
            var parts = arn.Split(':');
            return parts.Length > 2 && parts[0] == "arn" && parts[1].Length > 0 ? parts[1] : "aws";
        }

        private static string? LastPart(string arn)
        {
            var slash = arn.LastIndexOf('/');
            return slash >= 0 && slash < arn.Length - 1 ? arn.Substring(slash + 1) : null;
        }

        /// <summary>ISO 8601, or CloudTrail's "Nov 30, 2026 9:14:03 AM"; UTC unless it says otherwise.</summary>
        private static DateTimeOffset? Time(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
            if (DateTimeOffset.TryParseExact(text, CloudTrailDateFormats, CultureInfo.InvariantCulture, utc, out var written)) return written;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, utc, out var iso) ? iso : (DateTimeOffset?)null;
        }
    }
}
