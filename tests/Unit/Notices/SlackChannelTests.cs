using System.Text.Json;
using IamKeyHygiene.Engine;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Channels;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Notices.SlackKit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>The Slack Web API channel against the emulator over HTTP: DMs by Slack id and by looked-up e-mail (and the
/// lookup cache file), channel posts, 429 Retry-After, a refused token, an unknown member; never a token in a log.</summary>
public sealed class SlackChannelTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("slack-cache-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string CachePath => Path.Combine(folder, "slack-ids.json");

    [Fact]
    public async Task A_DM_by_Slack_id_lands_in_the_members_direct_conversation()
    {
        await using var host = await StartAsync();
        var log = new MemoryLog();
        using var slack = new SlackChannel(Settings(host), log, EngineClock.Wall);

        var delivery = await slack.SendAsync(Message(Owner("alice@example.com", Alice), DisabledKey()), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        var message = Assert.Single(await MessagesAsync(host));
        Assert.Equal(Alice, message.GetProperty("user").GetString());
        Assert.Equal("D" + Alice[1..], message.GetProperty("channel").GetString());
        Assert.StartsWith("Your access key was disabled", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = message.GetProperty("blocks");
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("Your access key was disabled", blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("section", blocks[1].GetProperty("type").GetString());
        Assert.Equal(0, Calls(host, "slack:users.lookupByEmail"));
        AssertNoSecret(log.Text, delivery.Message);
    }

    [Fact]
    public async Task An_owner_known_by_email_is_looked_up_once_and_the_cache_file_spares_the_next_runs_lookup()
    {
        await using var host = await StartAsync();
        var log = new MemoryLog();

        using (var firstRun = new SlackChannel(Settings(host, cachePath: CachePath), log, EngineClock.Wall))
        {
            var delivery = await firstRun.SendAsync(Message(Owner("bob@example.com"), DisabledKey()), CancellationToken.None);
            Assert.True(delivery.IsSent, delivery.Message);
            Assert.Equal(Bob, delivery.DeliveredTo);
        }

        Assert.Equal(1, Calls(host, "slack:users.lookupByEmail"));
        var cache = JsonDocument.Parse(File.ReadAllText(CachePath)).RootElement;
        Assert.Equal(Bob, cache.GetProperty("entries").GetProperty("bob@example.com").GetProperty("slackId").GetString());
        Assert.Empty(Directory.GetFiles(folder, ".*tmp*"));

        using (var nextRun = new SlackChannel(Settings(host, cachePath: CachePath), log, EngineClock.Wall))
        {
            var delivery = await nextRun.SendAsync(Message(Owner("BOB@example.com"), DisabledKey()), CancellationToken.None);
            Assert.True(delivery.IsSent, delivery.Message);
            Assert.Equal(Bob, delivery.DeliveredTo);
        }

        Assert.Equal(1, Calls(host, "slack:users.lookupByEmail"));
        var messages = await MessagesAsync(host);
        Assert.Equal(2, messages.Length);
        Assert.All(messages, m => Assert.Equal(Bob, m.GetProperty("user").GetString()));
        AssertNoSecret(log.Text);
    }

    [Fact]
    public async Task A_cached_id_older_than_seven_days_is_looked_up_again()
    {
        await using var host = await StartAsync();
        var now = DateTimeOffset.UtcNow;
        using (var first = new SlackChannel(Settings(host, cachePath: CachePath), new MemoryLog(), EngineClock.Fixed(now)))
        {
            await first.SendAsync(Message(Owner("carol@example.com")), CancellationToken.None);
        }

        using (var sixDaysOn = new SlackChannel(Settings(host, cachePath: CachePath), new MemoryLog(), EngineClock.Fixed(now.AddDays(6))))
        {
            await sixDaysOn.SendAsync(Message(Owner("carol@example.com")), CancellationToken.None);
        }

        Assert.Equal(1, Calls(host, "slack:users.lookupByEmail"));
        using (var eightDaysOn = new SlackChannel(Settings(host, cachePath: CachePath), new MemoryLog(), EngineClock.Fixed(now.AddDays(8))))
        {
            var delivery = await eightDaysOn.SendAsync(Message(Owner("carol@example.com")), CancellationToken.None);
            Assert.Equal("W0CAROL01", delivery.DeliveredTo);
        }

        Assert.Equal(2, Calls(host, "slack:users.lookupByEmail"));
    }

    [Fact]
    public async Task A_cache_file_that_is_not_json_is_a_warning_and_the_owner_is_looked_up()
    {
        await using var host = await StartAsync();
        File.WriteAllText(CachePath, "not json {");
        var log = new MemoryLog();
        using var slack = new SlackChannel(Settings(host, cachePath: CachePath), log, EngineClock.Wall);

        var delivery = await slack.SendAsync(Message(Owner("alice@example.com")), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        Assert.Contains(log.WarningLines, line => line.Contains("cannot be read", StringComparison.Ordinal));
        Assert.Equal(Alice, JsonDocument.Parse(File.ReadAllText(CachePath)).RootElement.GetProperty("entries").GetProperty("alice@example.com").GetProperty("slackId").GetString());
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_Retry_After_and_the_message_is_delivered_once()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "chat.postMessage", count = 2, retryAfterSeconds = 3 });
        await host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "users.lookupByEmail", count = 1, retryAfterSeconds = 2 });
        var waits = new Waits();
        var log = new MemoryLog();
        using var slack = new SlackChannel(Settings(host), log, EngineClock.Wall, null, waits.Delay);

        var delivery = await slack.SendAsync(Message(Owner("alice@example.com"), DisabledKey()), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Message);
        Assert.Equal(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) }, waits.Asked);
        Assert.Single(await MessagesAsync(host));
        Assert.Equal(3, Calls(host, "slack:chat.postMessage"));
        Assert.Equal(2, Calls(host, "slack:users.lookupByEmail"));
        Assert.Contains(log.VerboseLines, line => line.Contains("429", StringComparison.Ordinal) && line.Contains("Retry-After", StringComparison.Ordinal));
        AssertNoSecret(log.Text);
    }

    [Fact]
    public async Task A_Slack_that_answers_429_for_ever_fails_the_message_after_ten_minutes_of_waits_instead_of_hanging_the_run()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "chat.postMessage", count = 100000, retryAfterSeconds = 90 });
        var waits = new Waits();
        var log = new MemoryLog();
        using var slack = new SlackChannel(Settings(host), log, EngineClock.Wall, null, waits.Delay);

        var delivery = await slack.SendAsync(Message(Owner(slackId: Alice)), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.Equal("HttpStatus", delivery.Reason);
        Assert.Contains("429", delivery.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(90), 6), waits.Asked); // 9 minutes; a seventh would pass 10
        Assert.Equal(7, Calls(host, "slack:chat.postMessage"));
        Assert.Empty(await MessagesAsync(host));
        AssertNoSecret(log.Text);
    }

    [Theory]
    [InlineData(200, "<html>proxy login</html>", "answered HTTP 200 with a body that is not Slack's JSON")]
    [InlineData(200, "{\"ok\": false, \"error\": 42}", "answered HTTP 200 with a body that is not Slack's JSON")]
    [InlineData(500, "oops", "answered HTTP 500.")]
    public async Task A_Slack_that_answers_500_or_not_JSON_is_a_failed_delivery_that_says_which(int status, string body, string says)
    {
        var settings = new NoticeChannelSettings { SlackToken = Secure(BotToken), SlackApiUrl = new Uri("https://slack.invalid/api/") };
        using var slack = new SlackChannel(settings, new MemoryLog(), EngineClock.Wall, new Answering(status, body), null);

        var delivery = await slack.SendAsync(Message(Owner(slackId: Alice)), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.Equal("HttpStatus", delivery.Reason);
        Assert.Contains(says, delivery.Message, StringComparison.Ordinal);
        AssertNoSecret(delivery.Message!);
    }

    [Fact]
    public void A_SlackApiUrl_that_is_not_absolute_says_so_before_anything_is_sent()
    {
        var settings = new NoticeChannelSettings { SlackToken = Secure(BotToken), SlackApiUrl = new Uri("slack.example/api", UriKind.RelativeOrAbsolute) };

        var error = Assert.Throws<ArgumentException>(() => new SlackChannel(settings, new MemoryLog(), EngineClock.Wall));

        Assert.Contains("-SlackApiUrl 'slack.example/api' is not an absolute URL", error.Message, StringComparison.Ordinal);
    }

    private sealed class Answering(int status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage((System.Net.HttpStatusCode)status) { Content = new StringContent(body) });
    }

    [Fact]
    public async Task The_wait_for_a_429_can_be_cancelled_and_nothing_is_sent()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "chat.postMessage", count = 5, retryAfterSeconds = 30 });
        using var cancel = new CancellationTokenSource();
        using var slack = new SlackChannel(Settings(host), new MemoryLog(), EngineClock.Wall, null, (wait, token) =>
        {
            cancel.Cancel();
            return Task.Delay(wait, token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slack.SendAsync(Message(Owner(slackId: Alice)), cancel.Token));

        Assert.Empty(await MessagesAsync(host));
        Assert.Equal(1, Calls(host, "slack:chat.postMessage"));
    }

    [Theory]
    [InlineData("xoxb-0000000000-0000000000-WRONGTOKEN000000001", "invalid_auth")]
    [InlineData(RevokedToken, "token_revoked")]
    public async Task A_refused_token_stops_the_run_with_SlackTokenRejected_and_is_never_shown(string token, string slackError)
    {
        await using var host = await StartAsync();
        var log = new MemoryLog();
        using var slack = new SlackChannel(Settings(host, token), log, EngineClock.Wall);

        var error = await Assert.ThrowsAsync<EngineException>(() => slack.SendAsync(Message(Owner("alice@example.com")), CancellationToken.None));

        Assert.Same(ErrorCatalog.SlackTokenRejected, error.Entry);
        Assert.True(error.Entry.Terminating);
        Assert.Equal(EngineErrorCategory.AuthenticationError, error.Category);
        Assert.Equal("-SlackToken", error.Target);
        Assert.Contains(slackError, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message + log.Text, StringComparison.Ordinal);
        AssertNoSecret(error.Message, error.ToString(), log.Text);
        Assert.Empty(await MessagesAsync(host));
    }

    [Fact]
    public async Task An_email_Slack_does_not_know_is_a_failed_delivery_and_the_next_owner_still_gets_theirs()
    {
        await using var host = await StartAsync();
        var log = new MemoryLog();
        using var slack = new SlackChannel(Settings(host, cachePath: CachePath), log, EngineClock.Wall);

        var unknown = await slack.SendAsync(Message(Owner("nobody@example.com")), CancellationToken.None);
        var known = await slack.SendAsync(Message(Owner("alice@example.com")), CancellationToken.None);

        Assert.False(unknown.IsSent);
        Assert.Equal("SlackUserNotFound", unknown.Reason);
        Assert.Contains("nobody@example.com", unknown.Message, StringComparison.Ordinal);
        Assert.True(known.IsSent, known.Message);
        Assert.Single(await MessagesAsync(host));
        Assert.DoesNotContain("nobody@example.com", File.ReadAllText(CachePath), StringComparison.Ordinal);
        AssertNoSecret(unknown.Message, log.Text);
    }

    [Fact]
    public async Task The_summary_posts_to_its_channel_by_name_and_an_unknown_channel_is_a_failed_delivery()
    {
        await using var host = await StartAsync();
        using var slack = new SlackChannel(Settings(host), new MemoryLog(), EngineClock.Wall);

        var summary = await slack.SendAsync(Message(Channel(NoticeRecipientKind.SummaryChannel, "#key-hygiene")), CancellationToken.None);
        var fallback = await slack.SendAsync(Message(Channel(NoticeRecipientKind.FallbackChannel, "#no-such-channel"), DisabledKey()), CancellationToken.None);

        Assert.True(summary.IsSent, summary.Message);
        Assert.Equal(KeysChannel, Assert.Single(await MessagesAsync(host)).GetProperty("channel").GetString());
        Assert.False(fallback.IsSent);
        Assert.Equal("SlackChannelNotFound", fallback.Reason);
        Assert.Equal(0, Calls(host, "slack:users.lookupByEmail"));
    }

    [Fact]
    public void Slack_reaches_owners_by_id_or_email_and_channels_but_not_the_accounts_mailbox()
    {
        using var slack = new SlackChannel(new NoticeChannelSettings { SlackToken = Secure(BotToken) }, new MemoryLog(), EngineClock.Wall);

        Assert.True(slack.CanReach(Owner(slackId: Alice)));
        Assert.True(slack.CanReach(Owner("alice@example.com")));
        Assert.True(slack.CanReach(Channel(NoticeRecipientKind.SummaryChannel, "#key-hygiene")));
        Assert.False(slack.CanReach(Channel(NoticeRecipientKind.FallbackChannel, null!)));
        Assert.False(slack.CanReach(new NoticeRecipient(NoticeRecipientKind.AccountEmail, "aws+333333333333@example.com", null, null, null, null, null)));
        Assert.Equal("Slack", slack.Name);
    }
}
