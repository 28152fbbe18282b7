using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Templates;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>Findings, action records and a notice run over in-memory channels.</summary>
internal static class NoticeTestData
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 30, 0, TimeSpan.Zero);

    public static string ShippedTemplates => Repository.Path("src", "IamKeyHygiene", "Templates");

    public static KeyFinding Finding(string accountId, string user, string keyId, string stage, string? ownerEmail = null,
        string accountEmail = "", string? language = null, string? timeZone = null, string? slackId = null) => new()
    {
        AccountId = accountId,
        AccountName = "acct-" + accountId[..4],
        AccountEmail = accountEmail,
        UserName = user,
        UserArn = $"arn:aws:iam::{accountId}:user/{user}",
        UserPath = "/",
        AccessKeyId = keyId,
        Status = "Active",
        CreateDate = Now.AddDays(-85),
        AgeDays = 85,
        LastUsedDate = Now.AddDays(-3),
        Stage = stage,
        Urgency = stage switch { "Disable" => 6, "Delete" => 5, "Warn" => 3, "NewKey" => 2, _ => 0 },
        NextStage = stage == "Warn" ? "Disable" : null,
        NextStageDate = stage == "Warn" ? Now.AddDays(5) : null,
        Owner = ownerEmail == null && slackId == null ? null : new FindingOwner
        {
            Email = ownerEmail, SlackId = slackId, Language = language, TimeZone = timeZone, Source = "ownersFile:" + accountId,
        },
        EvaluatedAt = Now,
    };

    public static KeyActionRecord Done(KeyFinding finding, string action, string? nextStage = null, DateTimeOffset? nextDate = null) => new()
    {
        RunId = "run-1",
        AccountId = finding.AccountId,
        UserName = finding.UserName,
        AccessKeyId = finding.AccessKeyId,
        Action = action,
        Outcome = KeyActionOutcome.Done,
        Finding = finding,
        NextStage = nextStage,
        NextStageDate = nextDate,
        Time = Now,
    };

    public static (IReadOnlyList<NoticeRecord> Records, TestHost Host) Send(IEnumerable<KeyFinding> findings, IEnumerable<KeyActionRecord> actions,
        IReadOnlyList<INoticeChannel> channels, NoticeOptions? options = null, TestHost? host = null, string? templatePath = null)
    {
        host ??= new TestHost();
        var service = new NoticeService(host, EngineClock.Fixed(Now));
        var templates = NoticeService.LoadTemplates(templatePath, ShippedTemplates);
        var records = service.SendAsync(findings, actions, channels, templates, options ?? new NoticeOptions { RunId = "run-1" }, CancellationToken.None)
            .GetAwaiter().GetResult();
        return (records, host);
    }

    public static TemplateSet Templates() => TemplateSet.Load(null, ShippedTemplates);
}
