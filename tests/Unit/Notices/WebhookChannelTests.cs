using System.Text.Json;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Channels;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Notices.SlackKit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>The Slack, Teams and generic webhook channels against the emulator over HTTP: each body as its service takes
/// it, 429s waited out, failures that name the channel, host and status and never the URL's signature.</summary>
public sealed class WebhookChannelTests
{
    private static readonly NoticeRecipient Fallback = Channel(NoticeRecipientKind.FallbackChannel, "#key-hygiene");

    [Fact]
    public async Task The_Slack_webhook_gets_text_and_blocks()
    {
        await using var host = await StartAsync();
        var log = new MemoryLog();
        using var channel = new SlackWebhookChannel(Webhook(host, "slack"), log);

        var delivery = await channel.SendAsync(Message(Fallback, DisabledKey()), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        var body = Assert.Single(await WebhooksAsync(host, "slack")).GetProperty("body");
        Assert.StartsWith("Your access key was disabled", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("header", body.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("SlackWebhook", channel.Name);
        AssertNoSecret(log.Text, delivery.Message);
    }

    [Fact]
    public async Task Teams_gets_an_Adaptive_Card_message_with_the_subject_the_body_and_a_FactSet_per_key()
    {
        await using var host = await StartAsync();
        var log = new MemoryLog();
        using var channel = new TeamsChannel(Webhook(host, "teams"), log);

        var delivery = await channel.SendAsync(Message(Fallback, DisabledKey(), DisabledKey("AKIAEXAMPLEKEY00ABCD")), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        var body = Assert.Single(await WebhooksAsync(host, "teams")).GetProperty("body");
        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.False(body.TryGetProperty("@type", out _));
        var attachment = Assert.Single(body.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        var blocks = card.GetProperty("body").EnumerateArray().ToArray();
        Assert.Equal(("TextBlock", "Your access key was disabled"), (blocks[0].GetProperty("type").GetString(), blocks[0].GetProperty("text").GetString()));
        Assert.Equal("Bolder", blocks[0].GetProperty("weight").GetString());
        Assert.Equal(2, blocks.Count(b => b.GetProperty("type").GetString() == "TextBlock" && b.GetProperty("wrap").GetBoolean() && !b.TryGetProperty("weight", out _)));
        var factSets = blocks.Where(b => b.GetProperty("type").GetString() == "FactSet").ToArray();
        Assert.Equal(2, factSets.Length);
        var facts = factSets[0].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("****************WXYZ", facts["Access key"]);
        Assert.Equal("333333333333 (prod)", facts["Account"]);
        Assert.Equal("Disable (Done)", facts["Done"]);
        Assert.Equal("Delete on 2026-12-31T00:00:00Z", facts["Next"]);
        AssertNoSecret(log.Text, delivery.Message);
    }

    [Fact]
    public async Task The_generic_webhook_gets_subject_text_recipient_and_keys_with_masked_ids()
    {
        await using var host = await StartAsync();
        using var channel = new WebhookChannel(Webhook(host, "generic"), new MemoryLog());
        var owner = new NoticeRecipient(NoticeRecipientKind.Owner, "bob@example.com", Bob, "Bob", null, "ja", "Asia/Tokyo");

        var delivery = await channel.SendAsync(Message(owner, DisabledKey()), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        var body = Assert.Single(await WebhooksAsync(host, "generic")).GetProperty("body");
        Assert.Equal("Your access key was disabled", body.GetProperty("subject").GetString());
        Assert.StartsWith("We disabled 1 key", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        var recipient = body.GetProperty("recipient");
        Assert.Equal(("Owner", "bob@example.com", Bob, "Bob"), (recipient.GetProperty("kind").GetString(), recipient.GetProperty("email").GetString(),
            recipient.GetProperty("slackId").GetString(), recipient.GetProperty("name").GetString()));
        var key = Assert.Single(body.GetProperty("keys").EnumerateArray());
        Assert.Equal("333333333333", key.GetProperty("accountId").GetString());
        Assert.Equal("bob", key.GetProperty("userName").GetString());
        Assert.Equal("****************WXYZ", key.GetProperty("accessKeyId").GetString());
        Assert.Equal("Disable", key.GetProperty("stage").GetString());
        Assert.Equal("Delete", key.GetProperty("nextStage").GetString());
        Assert.Equal("2026-12-31T00:00:00Z", key.GetProperty("nextStageDate").GetString());
        Assert.Equal("Disable", key.GetProperty("action").GetString());
        Assert.Equal("Done", key.GetProperty("outcome").GetString());
        Assert.DoesNotContain("AKIAEXAMPLEKEY00WXYZ", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throttled_webhook_is_retried_after_Retry_After_and_delivered_once()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "webhook:teams", count = 1, retryAfterSeconds = 4 });
        var waits = new Waits();
        using var channel = new TeamsChannel(Webhook(host, "teams"), new MemoryLog(), null, waits.Delay);

        var delivery = await channel.SendAsync(Message(Fallback), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        Assert.Equal(new[] { TimeSpan.FromSeconds(4) }, waits.Asked);
        Assert.Single(await WebhooksAsync(host, "teams"));
        Assert.Equal(2, Calls(host, "webhook:teams"));
    }

    [Fact]
    public async Task A_refused_webhook_fails_naming_the_channel_host_and_status_only()
    {
        await using var host = await StartAsync();
        var log = new MemoryLog();
        using var channel = new WebhookChannel(Webhook(host, "retired"), log);

        var delivery = await channel.SendAsync(Message(Fallback), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.Equal("HttpStatus", delivery.Reason);
        Assert.Equal("The Webhook webhook (http://127.0.0.1) answered HTTP 404.", delivery.Message);
        AssertNoSecret(delivery.Message, log.Text);
    }

    [Fact]
    public async Task An_unreachable_webhook_fails_without_its_url()
    {
        var log = new MemoryLog();
        using var channel = new SlackWebhookChannel(new Uri($"http://127.0.0.1:1/webhooks/slack/T0/B0/{WebhookSignature}"), log);

        var delivery = await channel.SendAsync(Message(Fallback), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.Equal("Unreachable", delivery.Reason);
        Assert.Equal("The SlackWebhook webhook (http://127.0.0.1) could not be reached.", delivery.Message);
        AssertNoSecret(delivery.Message, log.Text);
    }

    [Fact]
    public void Webhooks_reach_every_recipient()
    {
        var url = new Uri("https://hooks.example.com/x");
        using var slack = new SlackWebhookChannel(url, new MemoryLog());
        using var teams = new TeamsChannel(url, new MemoryLog());
        using var generic = new WebhookChannel(url, new MemoryLog());
        var mailbox = new NoticeRecipient(NoticeRecipientKind.AccountEmail, "aws@example.com", null, null, null, null, null);

        Assert.All(new INoticeChannel[] { slack, teams, generic }, c => Assert.True(c.CanReach(mailbox) && c.CanReach(Fallback) && c.CanReach(Owner(slackId: Alice))));
    }

    [Fact]
    public async Task CreateAsync_builds_a_channel_for_each_address_given_and_none_otherwise()
    {
        var none = await NoticeChannels.CreateAsync(new NoticeChannelSettings(), null, new MemoryLog(), CancellationToken.None);
        var all = await NoticeChannels.CreateAsync(new NoticeChannelSettings
        {
            SlackToken = Secure(BotToken),
            SlackWebhookUrl = new Uri("https://hooks.slack.com/services/T0/B0/X"),
            TeamsWebhookUrl = new Uri("https://prod.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=X"),
            WebhookUrl = new Uri("https://hooks.example.com/notify"),
        }, null, new MemoryLog(), CancellationToken.None);

        Assert.Empty(none);
        Assert.Equal(new[] { "Slack", "SlackWebhook", "Teams", "Webhook" }, all.Select(c => c.Name));
        foreach (var channel in all.OfType<IDisposable>())
        {
            channel.Dispose();
        }
    }
}
