using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>
    /// Findings in the AWS Security Finding Format (schema 2018-10-08) for Security Hub's BatchImportFindings, one JSON
    /// array per file, at most <see cref="BatchLimit"/> findings each (the API's limit). One finding per failing control
    /// per key (<see cref="SecurityHubControl"/>), Id "&lt;account&gt;/&lt;accessKeyId&gt;/&lt;control&gt;" so a later
    /// export updates it. A finding the previous export held as failing whose key now passes (or is gone from an account
    /// this export covers) is written again with Compliance PASSED and RecordState ARCHIVED, so Security Hub resolves it.
    /// </summary>
    internal static class AsffReport
    {
        public const int BatchLimit = 100;
        public const string SchemaVersion = "2018-10-08";
        private const string Types = "Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices";
        private const int DescriptionLimit = 1024;

        /// <summary>The export's findings, by id: every failing control of every key, then the archived ones.</summary>
        public static IReadOnlyList<byte[]> Findings(IReadOnlyList<KeyFinding> findings, IReadOnlyList<PreviousFinding> previous, string region, DateTimeOffset now, IEngineLog log)
        {
            var current = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            var previews = 0;
            foreach (var finding in findings)
            {
                if (finding.IsPreview)
                {
                    previews++;
                    continue;
                }

                foreach (var control in SecurityHubControl.All.Where(c => c.Fails(finding)))
                    current[control.FindingId(finding)] = Failed(finding, control, region, now);
            }

            if (previews > 0)
                log.Warning($"{previews} -AsOf preview finding(s) are left out of the ASFF export: Security Hub takes what holds now, not a future date.");

            var accounts = new HashSet<string>(findings.Where(f => !f.IsPreview).Select(f => f.AccountId), StringComparer.Ordinal);
            foreach (var resolved in previous.Where(p => p.IsActiveFailure && !current.ContainsKey(p.Id) && accounts.Contains(p.AccountId)))
                current[resolved.Id] = Archived(resolved, now);
            return current.Values.ToList();
        }

        /// <summary>The findings as JSON arrays of at most <see cref="BatchLimit"/> each.</summary>
        public static IReadOnlyList<byte[]> Batches(IReadOnlyList<byte[]> findings)
        {
            var batches = new List<byte[]>();
            for (var start = 0; start < findings.Count; start += BatchLimit)
            {
                using (var buffer = new MemoryStream())
                {
                    buffer.WriteByte((byte)'[');
                    var batch = findings.Skip(start).Take(BatchLimit).ToList();
                    for (var i = 0; i < batch.Count; i++)
                    {
                        buffer.Write(Encoding.UTF8.GetBytes(i == 0 ? "\n  " : ",\n  "), 0, i == 0 ? 3 : 4);
                        buffer.Write(batch[i], 0, batch[i].Length);
                    }

                    buffer.Write(Encoding.UTF8.GetBytes("\n]\n"), 0, 3);
                    batches.Add(buffer.ToArray());
                }
            }

            return batches;
        }

        /// <summary>The findings of an earlier export's file (a JSON array); a file that is not one is skipped with a warning.</summary>
        public static IEnumerable<PreviousFinding> ReadPrevious(byte[] file, string path, IEngineLog log)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(file);
            }
            catch (JsonException exception)
            {
                log.Warning($"The earlier export '{path}' is not ASFF JSON ({exception.Message}); its findings are not resolved by this one.");
                return Array.Empty<PreviousFinding>();
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                    return Array.Empty<PreviousFinding>();
                return document.RootElement.EnumerateArray().Select(PreviousFinding.From).Where(p => p != null).Select(p => p!).ToList();
            }
        }

        private static byte[] Failed(KeyFinding finding, SecurityHubControl control, string region, DateTimeOffset now)
        {
            var partition = PartitionOf(finding.UserArn);
            var since = control.FailingSince(finding) ?? finding.EvaluatedAt;
            return Write(writer =>
            {
                Header(writer, control.FindingId(finding), finding.AccountId, control, region, partition);
                writer.WriteString("CreatedAt", Iso(since > now ? now : since));
                writer.WriteString("UpdatedAt", Iso(now));
                writer.WriteStartObject("Severity");
                writer.WriteString("Label", control.Severity);
                writer.WriteEndObject();
                writer.WriteString("Title", control.Title);
                writer.WriteString("Description", Clip(Describe(finding, control)));
                writer.WriteStartObject("ProductFields");
                writer.WriteString("IamKeyHygiene/Stage", finding.Stage);
                writer.WriteString("IamKeyHygiene/Reasons", string.Join(";", finding.Reasons));
                if (finding.ExemptFromStage != null)
                    writer.WriteString("IamKeyHygiene/ExemptFromStage", finding.ExemptFromStage);
                if (finding.NextStage != null)
                    writer.WriteString("IamKeyHygiene/NextStage", finding.NextStage);
                if (finding.NextStageDate.HasValue)
                    writer.WriteString("IamKeyHygiene/NextStageDate", Iso(finding.NextStageDate.Value));
                var owner = ReportFacts.OwnerText(finding);
                if (owner.Length > 0)
                    writer.WriteString("IamKeyHygiene/Owner", owner);
                writer.WriteEndObject();
                writer.WriteStartArray("Resources");
                if (control == SecurityHubControl.RootAccessKey)
                    AccountResource(writer, finding.AccountId, region, partition);
                else
                {
                    KeyResource(writer, finding, region, partition);
                    UserResource(writer, finding, region, partition);
                }

                writer.WriteEndArray();
                writer.WriteStartObject("Compliance");
                writer.WriteString("Status", "FAILED");
                writer.WriteEndObject();
                writer.WriteString("RecordState", "ACTIVE");
            });
        }

        /// <summary>The earlier finding as it was, now PASSED and ARCHIVED at <paramref name="now"/>.</summary>
        private static byte[] Archived(PreviousFinding previous, DateTimeOffset now)
            => Write(writer =>
            {
                foreach (var property in previous.Element.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "UpdatedAt":
                            writer.WriteString("UpdatedAt", Iso(now));
                            break;
                        case "Severity":
                            writer.WriteStartObject("Severity");
                            writer.WriteString("Label", "INFORMATIONAL");
                            writer.WriteEndObject();
                            break;
                        case "Compliance":
                            writer.WriteStartObject("Compliance");
                            writer.WriteString("Status", "PASSED");
                            writer.WriteEndObject();
                            break;
                        case "RecordState":
                            writer.WriteString("RecordState", "ARCHIVED");
                            break;
                        default:
                            property.WriteTo(writer);
                            break;
                    }
                }
            });

        private static void Header(Utf8JsonWriter writer, string id, string account, SecurityHubControl control, string region, string partition)
        {
            writer.WriteString("SchemaVersion", SchemaVersion);
            writer.WriteString("Id", id);
            writer.WriteString("ProductArn", $"arn:{partition}:securityhub:{region}:{account}:product/{account}/default");
            writer.WriteString("GeneratorId", "IamKeyHygiene/" + control.Id);
            writer.WriteString("AwsAccountId", account);
            writer.WriteStartArray("Types");
            writer.WriteStringValue(Types);
            writer.WriteEndArray();
        }

        private static void KeyResource(Utf8JsonWriter writer, KeyFinding finding, string region, string partition)
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "AwsIamAccessKey");
            writer.WriteString("Id", finding.AccessKeyId);
            writer.WriteString("Partition", partition);
            writer.WriteString("Region", region);
            writer.WriteStartObject("Details");
            writer.WriteStartObject("AwsIamAccessKey");
            writer.WriteString("Status", finding.Status);
            if (finding.CreateDate.HasValue)
                writer.WriteString("CreatedAt", Iso(finding.CreateDate.Value));
            writer.WriteString("PrincipalName", finding.UserName);
            writer.WriteString("PrincipalType", "IAMUser");
            writer.WriteString("AccountId", finding.AccountId);
            writer.WriteString("AccessKeyId", finding.AccessKeyId);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static void UserResource(Utf8JsonWriter writer, KeyFinding finding, string region, string partition)
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "AwsIamUser");
            writer.WriteString("Id", finding.UserArn.Length > 0 ? finding.UserArn : $"arn:{partition}:iam::{finding.AccountId}:user{UserPath(finding)}{finding.UserName}");
            writer.WriteString("Partition", partition);
            writer.WriteString("Region", region);
            writer.WriteStartObject("Details");
            writer.WriteStartObject("AwsIamUser");
            writer.WriteString("UserName", finding.UserName);
            writer.WriteString("Path", UserPath(finding));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static void AccountResource(Utf8JsonWriter writer, string account, string region, string partition)
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "AwsAccount");
            writer.WriteString("Id", $"AWS::::Account:{account}");
            writer.WriteString("Partition", partition);
            writer.WriteString("Region", region);
            writer.WriteEndObject();
        }

        private static string Describe(KeyFinding finding, SecurityHubControl control)
        {
            if (control == SecurityHubControl.RootAccessKey)
                return $"The root user of account {finding.AccountId} has an access key. Delete it; use IAM roles or users instead.";
            var fact = control == SecurityHubControl.KeyRotated
                ? $"is {finding.AgeDays} days old"
                : $"has not been used for {finding.DaysSinceLastUse} days{(finding.LastUsedDate.HasValue ? "" : " (never used since it was created)")}";
            var stage = finding.ExemptFromStage != null ? $"Exempt (from {finding.ExemptFromStage})" : finding.Stage;
            var next = finding.NextStage != null && finding.NextStageDate.HasValue ? $" Next stage {finding.NextStage} on {Iso(finding.NextStageDate.Value)}." : "";
            return $"Access key {finding.AccessKeyId} of IAM user {finding.UserName} in account {finding.AccountId} is Active and {fact} (control threshold {SecurityHubControl.ControlDays}). Key hygiene stage: {stage}.{next}";
        }

        private static string UserPath(KeyFinding finding) => finding.UserPath.Length > 0 ? finding.UserPath : "/";

        /// <summary>"aws", "aws-cn", "aws-us-gov" from the user's ARN; "aws" when unknown.</summary>
        private static string PartitionOf(string arn)
        {
            var parts = arn.Split(':');
            return parts.Length > 1 && parts[0] == "arn" && parts[1].Length > 0 ? parts[1] : "aws";
        }

        private static string Clip(string text) => text.Length <= DescriptionLimit ? text : text.Substring(0, DescriptionLimit - 1) + "…";

        /// <summary>ISO-8601 UTC with milliseconds, as Security Hub writes its own timestamps.</summary>
        internal static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static byte[] Write(Action<Utf8JsonWriter> body)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    body(writer);
                    writer.WriteEndObject();
                }

                return buffer.ToArray();
            }
        }
    }

    /// <summary>One finding of an earlier export, kept whole so an archived copy keeps its resources and CreatedAt.</summary>
    internal sealed class PreviousFinding
    {
        private PreviousFinding(string id, string accountId, bool isActiveFailure, JsonElement element)
        {
            Id = id;
            AccountId = accountId;
            IsActiveFailure = isActiveFailure;
            Element = element;
        }

        public string Id { get; }
        public string AccountId { get; }

        /// <summary>Compliance FAILED and RecordState ACTIVE: still open in Security Hub.</summary>
        public bool IsActiveFailure { get; }
        public JsonElement Element { get; }

        public static PreviousFinding? From(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(nameof(Id), out var id) || id.ValueKind != JsonValueKind.String)
                return null;
            var account = element.TryGetProperty("AwsAccountId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() ?? "" : "";
            var failed = element.TryGetProperty("Compliance", out var compliance) && compliance.ValueKind == JsonValueKind.Object
                && compliance.TryGetProperty("Status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "FAILED";
            var active = !element.TryGetProperty("RecordState", out var state) || state.GetString() != "ARCHIVED";
            return new PreviousFinding(id.GetString() ?? "", account, failed && active, element.Clone());
        }
    }
}
