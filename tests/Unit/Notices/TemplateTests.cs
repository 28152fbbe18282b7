using System.Text.RegularExpressions;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Templates;
using IamKeyHygiene.Engine.Scan;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Notices.NoticeTestData;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>The templates: every shipped one, in both languages, renders every placeholder of every stage; a bad
/// template is an InvalidTemplate error naming file, line and placeholder, before anything is sent; dates follow the
/// recipient's language and time zone.</summary>
public sealed class TemplateTests : IDisposable
{
    private static readonly string[] Channels = { "Slack", "SlackWebhook", "Email", "Sns", "Teams", "Webhook" };
    private static readonly Regex Unfilled = new(@"\{[A-Za-z][A-Za-z0-9]*\}");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ikh-templates-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string, string> ChannelsAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var channel in Channels)
        {
            foreach (var language in new[] { "en", "ja" }) data.Add(channel, language);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ChannelsAndLanguages))]
    public void Every_shipped_template_renders_every_stage_with_every_placeholder_filled(string channel, string language)
    {
        var keys = OneKeyPerSection().Where(k => !NoticeSections.IsOwnRotation(k)).ToList(); // as routing hands them over
        var recipient = new NoticeRecipient(NoticeRecipientKind.Owner, "alice@example.com", null, "Alice", null, language, "Asia/Tokyo");
        var message = new MessageRenderer(Now).Render(Templates().For(channel, language, summary: false), recipient, keys);

        Assert.DoesNotMatch(Unfilled, message.Body + message.Subject);
        foreach (var key in keys.Where(k => k.Finding.AccessKeyId.Length > 0))
        {
            Assert.Contains(key.MaskedAccessKeyId, message.Body);
            Assert.DoesNotContain(key.Finding.AccessKeyId, message.Body);
        }

        Assert.Contains("Invoke-AccessKeyRotation -Self -ProfileName", message.Body);
        Assert.Contains(language == "ja" ? "2026年12月6日(日) 09:30 (UTC+9)" : "Sun 6 Dec 2026 09:30 UTC+9", message.Body);
        Assert.Contains(language == "ja" ? "対応が必要なアクセスキーが 7 件" : "7 of your keys need attention", message.Subject);
    }

    [Theory]
    [MemberData(nameof(ChannelsAndLanguages))]
    public void Every_shipped_summary_renders_counts_nearest_keys_own_rotations_and_a_breaker_trip(string channel, string language)
    {
        var options = new NoticeOptions { BreakerTrip = new BreakerTrip { WouldDisable = 67, MaxDisable = 25, WouldDelete = 3, MaxDelete = 25 } };
        var recipient = new NoticeRecipient(NoticeRecipientKind.SummaryChannel, null, null, null, "#iam", language, null);
        var keys = OneKeyPerSection();
        var message = new MessageRenderer(Now).RenderSummary(Templates().For(channel, language, summary: true), recipient, keys, options);

        Assert.DoesNotMatch(Unfilled, message.Body + message.Subject);
        Assert.Contains("67", message.Body);
        Assert.Contains(keys.Single(NoticeSections.IsOwnRotation).MaskedAccessKeyId, message.Body);
        Assert.Contains(language == "ja" ? "警告: 1 件" : "Warn: 1", message.Body);
    }

    [Fact]
    public void Japanese_messages_say_what_was_done_and_what_comes_next_in_Japanese()
    {
        var finding = Finding("111111111111", "alice", "AKIA1111111111111111", "Disable", "alice@example.com", language: "ja", timeZone: "Asia/Tokyo");
        var email = MemoryChannel.Email();
        Send(new[] { finding }, new[] { Done(finding, ActionNames.Disable, "Delete", Now.AddDays(60)) }, new[] { email });

        var message = Assert.Single(email.Sent);
        Assert.Equal("ja", message.Language);
        Assert.Contains("2026年12月1日(火) 09:30 (UTC+9)に無効化しました。2027年1月30日(土) 09:30 (UTC+9)に削除されます。", message.Body);
        Assert.Contains("日時はすべて Asia/Tokyo で表示しています。", message.Body);
    }

    [Fact]
    public void Dates_are_shown_in_the_owner_time_zone_and_UTC_by_default()
    {
        var instant = new DateTimeOffset(2026, 12, 6, 0, 30, 0, TimeSpan.Zero);
        Assert.Equal("Sun 6 Dec 2026 00:30 UTC", new NoticeDates("en", null).Time(instant));
        Assert.Equal("Sat 5 Dec 2026 19:30 UTC-5", new NoticeDates("en", "America/New_York").Time(instant));
        Assert.Equal("Sun 6 Dec 2026 06:00 UTC+5:30", new NoticeDates("en", "Asia/Kolkata").Time(instant));
        Assert.Equal("2026年12月6日(日) 09:30 (UTC+9)", new NoticeDates("ja", "Asia/Tokyo").Time(instant));
        Assert.Equal("2026年12月6日(日)", new NoticeDates("ja", "Asia/Tokyo").Day(instant));
    }

    [Fact]
    public void Each_owner_gets_their_own_language_others_the_default()
    {
        var email = MemoryChannel.Email();
        Send(new[]
        {
            Finding("111111111111", "hanako", "AKIA1111111111111111", "Warn", "hanako@example.com", language: "ja"),
            Finding("111111111111", "bob", "AKIA1111111111111112", "Warn", "bob@example.com"),
        }, Array.Empty<KeyActionRecord>(), new[] { email }, new NoticeOptions { DefaultLanguage = "en" });

        Assert.Equal(new[] { "ja", "en" }, email.Sent.Select(m => m.Language));
        Assert.Contains("早めのローテーションが必要なキー", email.Sent[0].Body);
        Assert.Contains("Keys to rotate now", email.Sent[1].Body);
    }

    [Fact]
    public void An_unknown_placeholder_is_an_error_naming_file_line_and_placeholder_before_anything_is_sent()
    {
        var file = Write("en/Email.txt", ShippedText("en/Default.txt").Replace("{age} days old", "{ageInDays} days old", StringComparison.Ordinal));
        var line = File.ReadAllLines(file).ToList().FindIndex(l => l.Contains("{ageInDays}", StringComparison.Ordinal)) + 1;
        var email = MemoryChannel.Email();

        var error = Assert.Throws<EngineException>(() => Send(new[] { Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "alice@example.com") },
            Array.Empty<KeyActionRecord>(), new[] { email }, templatePath: _folder));

        Assert.Same(ErrorCatalog.InvalidTemplate, error.Entry);
        Assert.True(error.Entry.Terminating);
        Assert.Equal(file, error.Target);
        Assert.StartsWith($"{file}, line {line}: unknown placeholder {{ageInDays}} in section [", error.Message);
        Assert.Empty(email.Sent);
    }

    [Theory]
    [InlineData("[subject]\nHi\n[greeting]\nHello", "line 3: unknown section [greeting]")]
    [InlineData("Hello\n[subject]\nHi", "line 1: text before the first [section]")]
    [InlineData("[subject]\nHi {accessKeyId}", "line 2: unknown placeholder {accessKeyId} in section [subject]")]
    [InlineData("[subject]\nHi {recipient", "line 2: a '{' that opens no placeholder")]
    [InlineData("[subject]\nHi\n[subject]\nAgain", "line 3: section [subject] is given twice")]
    [InlineData("[subject]\nHi", "section [header], [footer], [rootKey]")]
    public void A_malformed_template_is_an_error_naming_the_line(string text, string expected)
    {
        var error = Assert.Throws<EngineException>(() => NoticeTemplate.Parse(text, "x.txt", TemplateKind.Message));
        Assert.Same(ErrorCatalog.InvalidTemplate, error.Entry);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_file_that_is_no_template_name_is_an_error()
    {
        var file = Write("en/Emial.txt", "[subject]\nx");
        var error = Assert.Throws<EngineException>(() => TemplateSet.Load(_folder, ShippedTemplates));
        Assert.StartsWith(file + ": not a template name", error.Message);
    }

    [Fact]
    public void A_TemplatePath_file_overrides_the_shipped_one_for_its_channel_only()
    {
        Write("en/Email.txt", ShippedText("en/Default.txt").Replace("Hello {recipientName},", "Dear {recipientName}, {{team}}", StringComparison.Ordinal));
        var templates = TemplateSet.Load(_folder, ShippedTemplates);

        Assert.StartsWith(_folder, templates.For("Email", "en", summary: false).Path);
        Assert.StartsWith(ShippedTemplates, templates.For("Sns", "en", summary: false).Path);
        Assert.EndsWith(Path.Combine("en", "Slack.txt"), templates.For("SlackWebhook", "en", summary: false).Path);
        var recipient = new NoticeRecipient(NoticeRecipientKind.Owner, "alice@example.com", null, "Alice", null, "en", null);
        var body = new MessageRenderer(Now).Render(templates.For("Email", "en", false), recipient, OneKeyPerSection()).Body;
        Assert.StartsWith("Dear Alice, {team}", body);
    }

    [Theory]
    [InlineData("en", "Due to be disabled; not changed yet.", "Preview only: it would be disabled; nothing was changed.", "Not changed in this run (UsedSinceScan).", "Disabled on")]
    [InlineData("ja", "無効化の対象ですが、まだ変更していません。", "プレビューのため変更していません", "今回の実行では変更していません（UsedSinceScan）。", "に無効化しました")]
    public void A_key_at_stage_Disable_that_was_not_disabled_is_never_described_as_disabled(string language, string due, string preview, string skipped, string doneWords)
    {
        var recipient = new NoticeRecipient(NoticeRecipientKind.Owner, "alice@example.com", null, "Alice", null, language, null);
        NoticeKey Key(string id, KeyActionOutcome? outcome)
        {
            var finding = Finding("111111111111", "alice", id, "Disable", "alice@example.com");
            return new NoticeKey(finding, outcome == null ? null
                : new KeyActionRecord { Action = ActionNames.Disable, Outcome = outcome.Value, Reason = outcome == KeyActionOutcome.Skipped ? "UsedSinceScan" : "", Finding = finding, Time = Now });
        }

        foreach (var channel in new[] { "Email", "Slack" })
        {
            var template = Templates().For(channel, language, false);
            var notActed = new MessageRenderer(Now).Render(template, recipient, new[]
            {
                Key("AKIA1111111111111101", null), Key("AKIA1111111111111102", KeyActionOutcome.WhatIf), Key("AKIA1111111111111103", KeyActionOutcome.Skipped),
            }).Body.Split('\n');
            var acted = new MessageRenderer(Now).Render(template, recipient, new[] { Key("AKIA1111111111111104", KeyActionOutcome.Done) }).Body;

            Assert.Contains(notActed, l => l.Contains("1101", StringComparison.Ordinal) && l.Contains(due, StringComparison.Ordinal));
            Assert.Contains(notActed, l => l.Contains("1102", StringComparison.Ordinal) && l.Contains(preview, StringComparison.Ordinal));
            Assert.Contains(notActed, l => l.Contains("1103", StringComparison.Ordinal) && l.Contains(skipped, StringComparison.Ordinal));
            Assert.DoesNotContain(notActed, l => l.Contains(doneWords, StringComparison.Ordinal));
            Assert.Contains(doneWords, acted, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Email", "en", "AWS access keys: a new access key was created (Tue 1 Dec 2026)", "AWS access keys: 1 of your keys needs attention (Tue 1 Dec 2026)")]
    [InlineData("Slack", "ja", "【AWS】新しいアクセスキーが 1 件作成されました（2026年12月1日(火)）", "【AWS】対応が必要なアクセスキーが 1 件あります（2026年12月1日(火)）")]
    public void The_subject_of_a_new_key_only_notice_says_a_new_key_was_created(string channel, string language, string newKeySubject, string warnSubject)
    {
        var recipient = new NoticeRecipient(NoticeRecipientKind.Owner, "alice@example.com", null, "Alice", null, language, null);
        var newKey = Finding("111111111111", "alice", "AKIA1111111111111105", "NewKey", "alice@example.com");
        newKey.CreationEvent = new KeyCreationEvent { EventTime = Now, CreatedBy = "arn:aws:iam::111111111111:user/admin" };
        var template = Templates().For(channel, language, false);

        Assert.Equal(newKeySubject, new MessageRenderer(Now).Render(template, recipient, new[] { new NoticeKey(newKey, null) }).Subject);
        Assert.Equal(warnSubject, new MessageRenderer(Now).Render(template, recipient,
            new[] { new NoticeKey(Finding("111111111111", "alice", "AKIA1111111111111101", "Warn", "alice@example.com"), null) }).Subject);
    }

    /// <summary>A key for every stage section (and one of the module's own new keys), with every fact a line can show.</summary>
    private static IReadOnlyList<NoticeKey> OneKeyPerSection()
    {
        NoticeKey Key(string stage, string id, KeyActionRecord? action = null, Action<KeyFinding>? more = null)
        {
            var finding = Finding("111111111111", "alice", id, stage, "alice@example.com");
            finding.NextStage ??= "Delete";
            finding.NextStageDate ??= Now.AddDays(5);
            finding.LastUsedService = "s3";
            more?.Invoke(finding);
            if (action != null) action.Finding = finding;
            return new NoticeKey(finding, action);
        }

        var rotation = new KeyActionRecord { Action = ActionNames.Rotate, Outcome = KeyActionOutcome.Done, NewAccessKeyId = "AKIA9999999999999999", SecretArn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:k", Time = Now };
        var created = new KeyCreationEvent { EventTime = Now, CreatedBy = "arn:aws:iam::111111111111:user/admin", SourceIpAddress = "203.0.113.10" };
        return new[]
        {
            Key("Warn", "AKIA1111111111111101"),
            Key("Disable", "AKIA1111111111111102", new KeyActionRecord { Action = ActionNames.Disable, Outcome = KeyActionOutcome.Done, Time = Now }),
            Key("Delete", "AKIA1111111111111103", new KeyActionRecord { Action = ActionNames.Delete, Outcome = KeyActionOutcome.WhatIf, Time = Now }),
            Key("Rotate", "AKIA1111111111111104", rotation),
            Key("NewKey", "AKIA1111111111111105", more: f => f.CreationEvent = created),
            Key("RootAccessKey", "", more: f => f.UserName = "<root_account>"),
            Key("ReadError", "", more: f => { f.UserName = "carol"; f.Notes = "ListAccessKeys: AccessDenied"; }),
            Key("NewKey", "AKIA1111111111111106", more: f => { f.Reasons = new[] { NoticeSections.CreatedByKeyHygiene }; f.CreationEvent = created; }),
        };
    }

    private static string ShippedText(string relative) => File.ReadAllText(Path.Combine(ShippedTemplates, relative));

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
