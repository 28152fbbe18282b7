using System.Text;
using IamKeyHygiene.Engine.Inventory;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Judging;

namespace IamKeyHygiene.Tests.Unit.Policy
{
    /// <summary>Shared fixtures: a fixed "now", key observations built relative to it, and temp policy files.</summary>
    internal static class PolicyTestData
    {
        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        public static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

        public static DateTimeOffset DaysAgo(double days) => Now - TimeSpan.FromDays(days);

        /// <summary>An Active, tagged (no tags), recently used key created <paramref name="ageDays"/> ago.</summary>
        public static KeyObservation Key(TimeSpan age, TimeSpan? idle = null, KeyStatus status = KeyStatus.Active)
            => new KeyObservation
            {
                AccountId = "111122223333",
                AccountName = "workloads-prod",
                AccountEmail = "aws-prod@example.com",
                OrganizationalUnitIds = new[] { "r-ab12", "ou-ab12-11111111", "ou-ab12-22222222" },
                UserName = "alice",
                UserArn = "arn:aws:iam::111122223333:user/alice",
                UserPath = "/",
                UserTags = new List<KeyValuePair<string, string>>(),
                AccessKeyId = "AKIAAAAAAAAAAAAAAAA1",
                Status = status,
                CreateDate = Now - age,
                LastUsedDate = Now - (idle ?? TimeSpan.FromHours(2)),
                LastUsedService = "s3",
                LastUsedRegion = "us-east-1",
            };

        public static KeyObservation WithTags(this KeyObservation key, params (string Key, string Value)[] tags)
        {
            key.UserTags = tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)).ToList();
            return key;
        }

        public static KeyVerdict Judge(KeyObservation key, HygienePolicy? policy = null, DateTimeOffset? at = null)
            => new KeyJudge(policy ?? HygienePolicy.Default()).Judge(key, at ?? Now);

        public static HygienePolicy PolicyFromJson(string json, string? exemptionsJson = null, string? ownersJson = null)
        {
            using var dir = new TempFolder();
            var path = dir.Write("policy.json", json);
            var exemptions = exemptionsJson is null ? null : dir.Write("exemptions.json", exemptionsJson);
            var owners = ownersJson is null ? null : dir.Write("owners.json", ownersJson);
            return PolicyFileReader.Load(path, exemptions, owners);
        }
    }

    /// <summary>A temp folder deleted on dispose, for real files.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ikh-policy-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, string content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content, new UTF8Encoding(false));
            return file;
        }

        public void Dispose()
        {
            try { Directory.Delete(Path, true); } catch (IOException) { }
        }
    }
}
