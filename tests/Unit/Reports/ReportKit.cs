using IamKeyHygiene.Engine.Records;
using IamKeyHygiene.Engine.Reports;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Tests.Unit.Reports;

/// <summary>Findings and histories as the scan and the run history make them, for the report tests, and a temporary folder.</summary>
internal sealed class ReportKit : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ikh-report-" + Guid.NewGuid().ToString("N"));

    public MemoryLog Log { get; } = new();

    public ReportKit() => Directory.CreateDirectory(Folder);

    public void Dispose()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, true);
    }

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>An Active key <paramref name="ageDays"/> old, last used <paramref name="unusedDays"/> ago, at <paramref name="stage"/>.</summary>
    public static KeyFinding Key(string account, string user, string keyId, string stage, int ageDays, int unusedDays = 1, string status = "Active",
        string? nextStage = null, int? nextStageInDays = null, int urgency = 0)
        => new()
        {
            AccountId = account,
            AccountName = "acct-" + account,
            UserName = user,
            UserArn = $"arn:aws:iam::{account}:user/{user}",
            UserPath = "/",
            AccessKeyId = keyId,
            Status = status,
            CreateDate = Now.AddDays(-ageDays).AddHours(-1),
            AgeDays = ageDays,
            LastUsedDate = Now.AddDays(-unusedDays).AddHours(-1),
            DaysSinceLastUse = unusedDays,
            Stage = stage,
            Reasons = stage == "Healthy" ? Array.Empty<string>() : new[] { "TooOld" },
            NextStage = nextStage,
            NextStageDate = nextStageInDays.HasValue ? Now.AddDays(nextStageInDays.Value) : null,
            EvaluatedAt = Now,
            Urgency = urgency,
            Owner = new FindingOwner { Email = user.Contains('@') ? user : null, Name = user, Source = "userName" },
        };

    public static KeyFinding RootKey(string account) => new()
    {
        AccountId = account,
        UserName = "<root_account>",
        UserArn = $"arn:aws:iam::{account}:root",
        Status = "Active",
        Stage = "RootAccessKey",
        EvaluatedAt = Now,
        Urgency = 8,
        Source = "CredentialReport",
    };

    /// <summary>Eight weeks of daily runs whose Disable and Warn counts fall to zero.</summary>
    public static IReadOnlyList<RunHistoryRecord> FallingHistory(int days = 56)
        => Enumerable.Range(0, days).Select(day => new RunHistoryRecord
        {
            RunId = $"run-{day:D2}",
            Start = Now.AddDays(day - days),
            End = Now.AddDays(day - days).AddMinutes(3),
            Stages = new Dictionary<string, int>
            {
                ["Healthy"] = 200 + day,
                ["Warn"] = Math.Max(0, 30 - day / 2),
                ["Disable"] = Math.Max(0, 67 - 2 * day),
                ["Delete"] = day is > 10 and < 40 ? 5 : 0,
            },
        }).ToList();

    public ReportRequest Request(IReadOnlyList<KeyFinding> findings, ReportFormat format, string file, DateTimeOffset? at = null)
        => new(findings, format, PathOf(file), at ?? Now)
        {
            Connection = AuditLogConnection.Local(Log),
            Region = "us-east-1",
        };

    public IReadOnlyList<string> Write(ReportRequest request) => KeyHygieneReports.WriteAsync(request, CancellationToken.None).GetAwaiter().GetResult();
}
