using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Notices.NoticeTestData;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>Send-KeyOwnerNotice's engine: one message per owner per run across accounts, each key once with what was
/// done to it, unowned keys to the account e-mail or the fallback, failures one error each, the summary.</summary>
public sealed class NoticeServiceTests
{
    [Fact]
    public void An_owner_with_keys_in_two_accounts_gets_one_message_listing_both()
    {
        var email = MemoryChannel.Email();
        var (records, host) = Send(new[]
        {
            Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "Alice@Example.com"),
            Finding("222222222222", "alice-ci", "AKIA2222222222222222", "Warn", "alice@example.com"),
        }, Array.Empty<KeyActionRecord>(), new[] { email });

        var message = Assert.Single(email.Sent);
        Assert.Equal(2, message.Keys.Count);
        Assert.Contains("****************1111", message.Body);
        Assert.Contains("****************2222", message.Body);
        Assert.DoesNotContain("AKIA1111111111111111", message.Body);
        var record = Assert.Single(records);
        Assert.Equal(NoticeOutcome.Sent, record.Outcome);
        Assert.Equal(new[] { "AKIA1111111111111111", "AKIA2222222222222222" }, record.AccessKeyIds);
        Assert.Same(record, Assert.Single(host.Results));
    }

    [Fact]
    public void Action_results_without_their_finding_join_the_finding_of_their_key_and_the_others_are_a_warning_not_silence()
    {
        // Import-Csv of Disable-StaleAccessKey's results: the Finding column is text, so the results carry no finding.
        var finding = Finding("111111111111", "alice", "AKIA1111111111111111", "Disable", "alice@example.com");
        var joined = Done(finding, ActionNames.Disable, "Delete", Now.AddDays(60));
        joined.Finding = null;
        var stray = Done(Finding("111111111111", "bob", "AKIA1111111111119999", "Disable"), ActionNames.Disable);
        stray.Finding = null;
        var email = MemoryChannel.Email();

        var (records, host) = Send(new[] { finding }, new[] { joined, stray }, new[] { email });

        var message = Assert.Single(email.Sent);
        Assert.Contains("Disabled on", message.Body);
        Assert.Equal(new[] { "AKIA1111111111111111" }, Assert.Single(records).AccessKeyIds);
        var warning = Assert.Single(host.Log.WarningLines);
        Assert.Contains("1 action result(s) carry no finding", warning);
        Assert.Contains("AKIA1111111111119999", warning);
    }

    [Fact]
    public void A_key_appears_once_with_what_was_just_done_to_it()
    {
        var finding = Finding("111111111111", "alice", "AKIA1111111111111111", "Disable", "alice@example.com");
        var email = MemoryChannel.Email();
        Send(new[] { finding }, new[] { Done(finding, ActionNames.Disable, "Delete", Now.AddDays(60)) }, new[] { email });

        var message = Assert.Single(email.Sent);
        Assert.Single(message.Keys);
        Assert.Equal(1, CountOf(message.Body, "****************1111"));
        Assert.Contains("Disabled on Tue 1 Dec 2026 00:30 UTC.", message.Body);
        Assert.Contains("It will be deleted on Sat 30 Jan 2027 00:30 UTC.", message.Body);
    }

    [Fact]
    public void A_rotated_key_names_its_successor_masked_and_the_secret()
    {
        var finding = Finding("111111111111", "alice", "AKIA1111111111111111", "Rotate", "alice@example.com");
        var rotation = Done(finding, ActionNames.Rotate, "Disable", Now.AddDays(10));
        rotation.NewAccessKeyId = "AKIA9999999999999999";
        rotation.SecretArn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:keyhygiene/alice-AbCdEf";
        var email = MemoryChannel.Email();
        Send(new[] { finding }, new[] { rotation }, new[] { email });

        var body = Assert.Single(email.Sent).Body;
        Assert.Contains("Rotated keys", body);
        Assert.Contains("The new key ****************9999 is in secret arn:aws:secretsmanager:us-east-1:111111111111:secret:keyhygiene/alice-AbCdEf.", body);
        Assert.DoesNotContain("AKIA9999999999999999", body);
    }

    [Fact]
    public void Results_alone_are_enough_their_finding_says_whose_key_it_is()
    {
        var finding = Finding("111111111111", "alice", "AKIA1111111111111111", "Delete", "alice@example.com");
        var email = MemoryChannel.Email();
        var (records, _) = Send(Array.Empty<Engine.Scan.KeyFinding>(), new[] { Done(finding, ActionNames.Delete) }, new[] { email });

        Assert.Equal("alice@example.com", Assert.Single(records).Recipient);
        Assert.Contains("Deleted on", Assert.Single(email.Sent).Body);
    }

    [Fact]
    public void Unowned_keys_go_to_the_account_email()
    {
        var email = MemoryChannel.Email();
        var (records, _) = Send(new[]
        {
            Finding("111111111111", "svc-a", "AKIA1111111111111111", "Warn", accountEmail: "aws-prod@example.com"),
            Finding("111111111111", "svc-b", "AKIA1111111111111112", "Warn", accountEmail: "aws-prod@example.com"),
        }, Array.Empty<KeyActionRecord>(), new[] { email }, new NoticeOptions { FallbackChannel = "#iam" });

        var record = Assert.Single(records);
        Assert.Equal(NoticeRecipientKind.AccountEmail, record.RecipientKind);
        Assert.Equal("aws-prod@example.com", record.Recipient);
        Assert.Equal(2, Assert.Single(email.Sent).Keys.Count);
    }

    [Fact]
    public void Unowned_keys_go_to_the_fallback_when_no_channel_reaches_the_account_email()
    {
        var slackWebhook = new MemoryChannel("SlackWebhook", r => r.Channel != null);
        var (records, _) = Send(new[]
        {
            Finding("111111111111", "svc-a", "AKIA1111111111111111", "Warn", accountEmail: "aws-prod@example.com"),
            Finding("222222222222", "svc-b", "AKIA2222222222222222", "Warn"),
        }, Array.Empty<KeyActionRecord>(), new[] { slackWebhook }, new NoticeOptions { FallbackChannel = "#iam-keys" });

        var record = Assert.Single(records);
        Assert.Equal(NoticeRecipientKind.FallbackChannel, record.RecipientKind);
        Assert.Equal("#iam-keys", record.Recipient);
        Assert.Equal("SlackWebhook", record.Channel);
        Assert.Equal(2, Assert.Single(slackWebhook.Sent).Keys.Count);
    }

    [Fact]
    public void An_owner_no_channel_reaches_is_treated_as_unowned()
    {
        var email = MemoryChannel.Email();
        var (records, _) = Send(new[] { Finding("111111111111", "bob", "AKIA1111111111111111", "Warn", slackId: "U0BOB0001", accountEmail: "aws-prod@example.com") },
            Array.Empty<KeyActionRecord>(), new[] { email });

        Assert.Equal(NoticeRecipientKind.AccountEmail, Assert.Single(records).RecipientKind);
    }

    [Fact]
    public void Owner_messages_go_on_Slack_before_email_and_the_summary_on_a_webhook_before_Slack()
    {
        var slack = MemoryChannel.Slack();
        var email = MemoryChannel.Email();
        var webhook = new MemoryChannel("Webhook");
        var (records, _) = Send(new[] { Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "alice@example.com") },
            Array.Empty<KeyActionRecord>(), new INoticeChannel[] { email, webhook, slack }, new NoticeOptions { SummaryChannel = "#iam" });

        Assert.Equal(new[] { ("Slack", NoticeRecipientKind.Owner), ("Webhook", NoticeRecipientKind.SummaryChannel) },
            records.Select(r => (r.Channel, r.RecipientKind)));
        Assert.Empty(email.Sent);
    }

    [Fact]
    public void A_failing_send_is_one_non_terminating_error_and_the_others_still_go()
    {
        var email = MemoryChannel.Email();
        email.FailFor.Add("alice@example.com");
        var (records, host) = Send(new[]
        {
            Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "alice@example.com"),
            Finding("111111111111", "bob", "AKIA1111111111111112", "Warn", "bob@example.com"),
        }, Array.Empty<KeyActionRecord>(), new[] { email });

        Assert.Equal(new[] { NoticeOutcome.Failed, NoticeOutcome.Sent }, records.Select(r => r.Outcome));
        Assert.Equal("Refused", records[0].Reason);
        var error = Assert.Single(host.Errors);
        Assert.Same(ErrorCatalog.NoticeFailed, error.Entry);
        Assert.False(error.Entry.Terminating);
        Assert.Equal("alice@example.com", error.Target);
        Assert.Contains("on Email", error.Message);
        Assert.Equal("bob@example.com", Assert.Single(email.Sent).Recipient.Email);
    }

    [Fact]
    public void A_channel_that_does_not_deliver_hands_the_message_to_the_next_that_reaches_the_owner()
    {
        var slack = MemoryChannel.Slack();
        slack.FailFor.Add("alice@example.com");
        var email = MemoryChannel.Email();
        var (records, host) = Send(new[] { Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "alice@example.com") },
            Array.Empty<KeyActionRecord>(), new INoticeChannel[] { slack, email });

        Assert.Equal(("Email", NoticeOutcome.Sent), (records[0].Channel, records[0].Outcome));
        Assert.Single(email.Sent);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void A_no_to_the_question_or_WhatIf_sends_nothing_and_says_who_would_get_what()
    {
        var email = MemoryChannel.Email();
        var host = new TestHost { Answer = (_, _) => false };
        var (records, _) = Send(new[] { Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "alice@example.com") },
            Array.Empty<KeyActionRecord>(), new[] { email }, host: host);

        Assert.Empty(email.Sent);
        var record = Assert.Single(records);
        Assert.Equal((NoticeOutcome.WhatIf, "Email", "alice@example.com"), (record.Outcome, record.Channel, record.Recipient));
        var question = Assert.Single(host.Questions);
        Assert.Equal("alice@example.com (Owner, 1 key)", question.Target);
        Assert.StartsWith("Send notice on Email: AWS access keys: 1 of your keys needs attention", question.Action);
    }

    [Fact]
    public void Without_a_channel_that_reaches_anyone_each_message_fails_with_NoChannel()
    {
        var (records, host) = Send(new[] { Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "alice@example.com") },
            Array.Empty<KeyActionRecord>(), Array.Empty<INoticeChannel>());

        Assert.Equal((NoticeOutcome.Failed, NoticeService.NoChannel), (records[0].Outcome, records[0].Reason));
        Assert.Same(ErrorCatalog.NoticeFailed, Assert.Single(host.Errors).Entry);
    }

    [Fact]
    public void Healthy_and_exempt_keys_are_not_notified()
    {
        var email = MemoryChannel.Email();
        var (records, _) = Send(new[]
        {
            Finding("111111111111", "alice", "AKIA1111111111111111", "Healthy", "alice@example.com"),
            Finding("111111111111", "alice", "AKIA1111111111111112", "Exempt", "alice@example.com"),
        }, Array.Empty<KeyActionRecord>(), new[] { email });

        Assert.Empty(records);
    }

    [Fact]
    public void Keys_without_an_id_are_joined_by_account_and_user()
    {
        var root = Finding("111111111111", "<root_account>", "", "RootAccessKey", accountEmail: "aws-prod@example.com");
        var unreadable = Finding("111111111111", "carol", "", "ReadError", accountEmail: "aws-prod@example.com");
        unreadable.Notes = "ListAccessKeys: AccessDenied";
        var email = MemoryChannel.Email();
        Send(new[] { root, unreadable, root }, Array.Empty<KeyActionRecord>(), new[] { email });

        var message = Assert.Single(email.Sent);
        Assert.Equal(2, message.Keys.Count);
        Assert.Contains("the root user has an access key", message.Body);
        Assert.Contains("ListAccessKeys: AccessDenied", message.Body);
    }

    [Fact]
    public void A_new_key_goes_to_its_owner_but_one_the_module_made_goes_to_the_summary_only()
    {
        var theirs = Finding("111111111111", "alice", "AKIA1111111111111111", "NewKey", "alice@example.com");
        theirs.CreationEvent = Created("arn:aws:iam::111111111111:user/alice", "203.0.113.10");
        var ours = Finding("111111111111", "bob", "AKIA1111111111111112", "NewKey", "bob@example.com");
        ours.Reasons = new[] { NoticeSections.CreatedByKeyHygiene };
        ours.CreationEvent = Created("arn:aws:sts::111111111111:assumed-role/KeyHygiene/keyhygiene-rotation", "iam.amazonaws.com");
        var email = MemoryChannel.Email();
        var webhook = new MemoryChannel("Webhook");
        var (records, _) = Send(new[] { theirs, ours }, Array.Empty<KeyActionRecord>(), new INoticeChannel[] { email, webhook },
            new NoticeOptions { SummaryChannel = "security" });

        Assert.Equal(new[] { "alice@example.com", "security" }, records.Select(r => r.Recipient));
        Assert.Contains("created Tue 1 Dec 2026 00:30 UTC by arn:aws:iam::111111111111:user/alice from 203.0.113.10.", Assert.Single(email.Sent).Body);
        var summary = Assert.Single(webhook.Sent).Body;
        Assert.Contains("New keys made by IamKeyHygiene's own rotation", summary);
        Assert.Contains("user bob, key ****************1112", summary);
    }

    [Fact]
    public void The_summary_reports_a_breaker_trip_and_the_warn_notices_still_go_out()
    {
        var email = MemoryChannel.Email();
        var webhook = new MemoryChannel("Webhook");
        var findings = Enumerable.Range(1, 3)
            .Select(i => Finding("111111111111", "user" + i, $"AKIA111111111111111{i}", "Warn", $"user{i}@example.com"))
            .Append(Finding("111111111111", "user9", "AKIA1111111111111119", "Disable", "user9@example.com"))
            .ToList();
        findings[2].NextStageDate = Now.AddDays(1);
        var options = new NoticeOptions
        {
            SummaryChannel = "ops",
            NearestCount = 2,
            BreakerTrip = new BreakerTrip { WouldDisable = 67, MaxDisable = 25, WouldDelete = 0, MaxDelete = 25, Message = "67 > 25" },
        };
        var (records, _) = Send(findings, Array.Empty<KeyActionRecord>(), new INoticeChannel[] { email, webhook }, options);

        Assert.Equal(4, email.Sent.Count);
        Assert.All(records, r => Assert.Equal(NoticeOutcome.Sent, r.Outcome));
        var summary = Assert.Single(webhook.Sent).Body;
        Assert.Contains("CIRCUIT BREAKER TRIPPED: the run would have disabled 67 keys (limit 25) and deleted 0 (limit 25)", summary);
        Assert.Contains("- Disable: 1\n- Warn: 3", summary);
        var nearest = summary[summary.IndexOf("Keys nearest", StringComparison.Ordinal)..];
        Assert.Contains("Wed 2 Dec 2026 00:30 UTC: Disable of key ****************1113", nearest);
        Assert.Equal(2, CountOf(nearest, ": Disable of key"));
    }

    [Fact]
    public void Progress_is_reported_per_message_and_ends()
    {
        var email = MemoryChannel.Email();
        var (_, host) = Send(new[]
        {
            Finding("111111111111", "alice", "AKIA1111111111111111", "Warn", "alice@example.com"),
            Finding("111111111111", "bob", "AKIA1111111111111112", "Warn", "bob@example.com"),
        }, Array.Empty<KeyActionRecord>(), new[] { email });

        Assert.Equal(new[] { 0, 50, 100 }, host.Progress.Select(p => p.PercentComplete));
    }

    internal static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static Engine.Scan.KeyCreationEvent Created(string createdBy, string from) => new()
    {
        EventId = "e-1",
        EventTime = Now,
        CreatedBy = createdBy,
        CreatedByType = createdBy.Contains(":assumed-role/", StringComparison.Ordinal) ? "AssumedRole" : "IAMUser",
        SourceIpAddress = from,
        Region = "us-east-1",
    };
}
