using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Emulator.Scenario;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Notices.SlackKit;

namespace IamKeyHygiene.Tests.Unit.Emulator;

/// <summary>The emulator's Slack Web API and incoming webhooks through raw HTTP, as Slack and Teams answer them, and
/// their control routes (directory, throttles, records, reset).</summary>
public sealed class SlackEmulatorTests
{
    private static readonly HttpClient Http = new();

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SlackAsync(EmulatorHost host, string method, HttpContent? content, string? token = BotToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.Url}/slack/api/{method}") { Content = content };
        if (token != null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] args) => new(args.Select(a => new KeyValuePair<string, string>(a.Key, a.Value)));

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, string Text)> PostAsync(EmulatorHost host, string path, string body)
    {
        using var response = await Http.PostAsync(host.Url + path, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LookupByEmail_answers_the_member_form_encoded_or_json_and_case_insensitively()
    {
        await using var host = await StartAsync();

        var form = await SlackAsync(host, "users.lookupByEmail", Form(("email", "alice@example.com")));
        var json = await SlackAsync(host, "users.lookupByEmail", Json(new { email = "bob@example.com" }));

        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.True(form.Body.GetProperty("ok").GetBoolean());
        var user = form.Body.GetProperty("user");
        Assert.Equal((Alice, "T0TEST001", "alice", "Alice Example", "alice@example.com"), (user.GetProperty("id").GetString(), user.GetProperty("team_id").GetString(),
            user.GetProperty("name").GetString(), user.GetProperty("real_name").GetString(), user.GetProperty("profile").GetProperty("email").GetString()));
        Assert.Equal(Bob, json.Body.GetProperty("user").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(null, "not_authed")]
    [InlineData("xoxb-wrong", "invalid_auth")]
    [InlineData(RevokedToken, "token_revoked")]
    public async Task A_missing_wrong_or_revoked_token_is_refused_as_Slack_refuses_it(string? token, string error)
    {
        await using var host = await StartAsync();

        var answer = await SlackAsync(host, "chat.postMessage", Json(new { channel = Alice, text = "hi" }), token);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.Body.GetProperty("ok").GetBoolean());
        Assert.Equal(error, answer.Body.GetProperty("error").GetString());
        Assert.Empty(await MessagesAsync(host));
    }

    [Fact]
    public async Task The_token_may_come_as_a_form_argument()
    {
        await using var host = await StartAsync();

        var answer = await SlackAsync(host, "chat.postMessage", Form(("token", BotToken), ("channel", "key-hygiene"), ("text", "hi")), token: null);

        Assert.True(answer.Body.GetProperty("ok").GetBoolean());
        Assert.Equal(KeysChannel, answer.Body.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Unknown_email_channel_and_method_get_Slacks_errors()
    {
        await using var host = await StartAsync();

        var user = await SlackAsync(host, "users.lookupByEmail", Form(("email", "nobody@example.com")));
        var channel = await SlackAsync(host, "chat.postMessage", Json(new { channel = "#nowhere", text = "hi" }));
        var empty = await SlackAsync(host, "chat.postMessage", Json(new { channel = Alice }));
        var method = await SlackAsync(host, "chat.scheduleMessage", Json(new { channel = Alice, text = "hi" }));
        var blocks = await SlackAsync(host, "chat.postMessage", Form(("channel", Alice), ("text", "hi"), ("blocks", "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + new string('x', 151) + "\"}}]")));

        Assert.Equal("users_not_found", user.Body.GetProperty("error").GetString());
        Assert.Equal("channel_not_found", channel.Body.GetProperty("error").GetString());
        Assert.Equal("no_text", empty.Body.GetProperty("error").GetString());
        Assert.Equal((HttpStatusCode.NotFound, "unknown_method"), (method.Status, method.Body.GetProperty("error").GetString()));
        Assert.Equal("invalid_blocks", blocks.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PostMessage_to_a_member_opens_their_DM_and_is_recorded_with_its_blocks()
    {
        await using var host = await StartAsync();
        var blocks = new object[] { new { type = "section", text = new { type = "mrkdwn", text = "body" } } };

        var answer = await SlackAsync(host, "chat.postMessage", Json(new { channel = Bob, text = "subject", blocks }));

        Assert.True(answer.Body.GetProperty("ok").GetBoolean());
        Assert.Equal("D0BOB0001", answer.Body.GetProperty("channel").GetString());
        Assert.Matches(@"^\d+\.\d{6}$", answer.Body.GetProperty("ts").GetString());
        Assert.Equal("subject", answer.Body.GetProperty("message").GetProperty("text").GetString());
        var recorded = Assert.Single(await MessagesAsync(host));
        Assert.Equal((Bob, Bob, "D0BOB0001", "subject"), (recorded.GetProperty("user").GetString(), recorded.GetProperty("requestedChannel").GetString(),
            recorded.GetProperty("channel").GetString(), recorded.GetProperty("text").GetString()));
        Assert.Equal("body", recorded.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal(answer.Body.GetProperty("ts").GetString(), recorded.GetProperty("ts").GetString());
    }

    [Fact]
    public async Task A_requested_throttle_answers_429_with_Retry_After_for_that_many_calls_then_serves_again()
    {
        await using var host = await StartAsync();
        await host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "chat.postMessage", count = 2, retryAfterSeconds = 7 });

        var first = await SlackAsync(host, "chat.postMessage", Json(new { channel = Alice, text = "hi" }));
        var lookup = await SlackAsync(host, "users.lookupByEmail", Form(("email", "alice@example.com")));
        var second = await SlackAsync(host, "chat.postMessage", Json(new { channel = Alice, text = "hi" }));
        var third = await SlackAsync(host, "chat.postMessage", Json(new { channel = Alice, text = "hi" }));

        Assert.Equal((HttpStatusCode.TooManyRequests, "ratelimited"), (first.Status, first.Body.GetProperty("error").GetString()));
        Assert.Equal(TimeSpan.FromSeconds(7), first.Response.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, lookup.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.True(third.Body.GetProperty("ok").GetBoolean());
        Assert.Single(await MessagesAsync(host));
        var throttle = Assert.Single((await host.ControlAsync(HttpMethod.Get, "slack")).GetProperty("throttles").EnumerateArray());
        Assert.Equal(("slack:chat.postMessage", 0, 2), (throttle.GetProperty("operation").GetString(), throttle.GetProperty("remaining").GetInt32(), throttle.GetProperty("answered").GetInt32()));
        Assert.Equal(3, Calls(host, "slack:chat.postMessage"));
    }

    [Fact]
    public async Task The_control_API_sets_the_token_and_adds_members_and_channels()
    {
        await using var host = await EmulatorHost.StartFromJsonAsync("""{ "managementAccountId": "111111111111" }""");
        var before = await SlackAsync(host, "users.lookupByEmail", Form(("email", "dan@example.com")), "xoxb-set-later");

        var workspace = await host.ControlAsync(HttpMethod.Post, "slack", new
        {
            botToken = "xoxb-set-later",
            members = new[] { new { id = "U0DAN0001", email = "dan@example.com" } },
            channels = new[] { new { id = "C0OPS0001", name = "#ops" } },
        });
        var after = await SlackAsync(host, "users.lookupByEmail", Form(("email", "dan@example.com")), "xoxb-set-later");
        var posted = await SlackAsync(host, "chat.postMessage", Json(new { channel = "ops", text = "hi" }), "xoxb-set-later");

        Assert.Equal("invalid_auth", before.Body.GetProperty("error").GetString());
        Assert.True(workspace.GetProperty("botTokenSet").GetBoolean());
        Assert.DoesNotContain("xoxb-set-later", workspace.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("U0DAN0001", after.Body.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("C0OPS0001", posted.Body.GetProperty("channel").GetString());
        Assert.Contains("xoxb-set-later", (await host.ControlAsync(HttpMethod.Get, "secrets")).GetProperty("secrets").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Webhooks_answer_as_Slack_Teams_Workflows_and_a_generic_receiver_do_and_are_recorded()
    {
        await using var host = await StartAsync();
        const string card = """{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"hi"}]}}]}""";

        var slack = await PostAsync(host, "/webhooks/slack/T0/B0/abc", """{"text":"hi"}""");
        var teams = await PostAsync(host, "/webhooks/teams/wf-1?sig=x", card);
        var generic = await PostAsync(host, "/webhooks/generic/any", """{"subject":"hi"}""");

        Assert.Equal((HttpStatusCode.OK, "ok"), slack);
        Assert.Equal(HttpStatusCode.Accepted, teams.Status);
        Assert.Equal(HttpStatusCode.OK, generic.Status);
        var all = (await host.ControlAsync(HttpMethod.Get, "webhooks")).GetProperty("webhooks").EnumerateArray().ToArray();
        Assert.Equal(new[] { "slack T0/B0/abc", "teams wf-1", "generic any" }, all.Select(w => $"{w.GetProperty("kind").GetString()} {w.GetProperty("id").GetString()}"));
        Assert.Equal("AdaptiveCard", Assert.Single(await WebhooksAsync(host, "teams")).GetProperty("body").GetProperty("attachments")[0].GetProperty("content").GetProperty("type").GetString());
        Assert.Equal(1, Calls(host, "webhook:generic"));
    }

    [Fact]
    public async Task Teams_refuses_a_legacy_MessageCard_and_Slack_a_message_without_text()
    {
        await using var host = await StartAsync();

        var messageCard = await PostAsync(host, "/webhooks/teams/wf-1", """{"@type":"MessageCard","@context":"http://schema.org/extensions","text":"hi"}""");
        var plain = await PostAsync(host, "/webhooks/teams/wf-1", """{"text":"hi"}""");
        var noText = await PostAsync(host, "/webhooks/slack/T0/B0/abc", """{"username":"x"}""");
        var notJson = await PostAsync(host, "/webhooks/slack/T0/B0/abc", "text=hi");
        var unknown = await PostAsync(host, "/webhooks/office365/x", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, messageCard.Status);
        Assert.Contains("MessageCard", messageCard.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, plain.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "no_text"), noText);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_payload"), notJson);
        Assert.Equal((HttpStatusCode.NotFound, "no_service"), unknown);
        Assert.Empty((await host.ControlAsync(HttpMethod.Get, "webhooks")).GetProperty("webhooks").EnumerateArray());
    }

    [Fact]
    public async Task Reset_clears_messages_webhooks_and_throttles_and_keeps_the_scenarios_workspace()
    {
        await using var host = await StartAsync();
        await SlackAsync(host, "chat.postMessage", Json(new { channel = Alice, text = "hi" }));
        await PostAsync(host, "/webhooks/generic/any", "{}");
        await host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "webhook:slack", count = 3 });

        await host.ControlAsync(HttpMethod.Post, "reset");

        Assert.Empty(await MessagesAsync(host));
        Assert.Empty((await host.ControlAsync(HttpMethod.Get, "webhooks")).GetProperty("webhooks").EnumerateArray());
        var workspace = await host.ControlAsync(HttpMethod.Get, "slack");
        Assert.Empty(workspace.GetProperty("throttles").EnumerateArray());
        Assert.Equal(3, workspace.GetProperty("members").GetArrayLength());
        Assert.True((await SlackAsync(host, "chat.postMessage", Json(new { channel = Alice, text = "again" }))).Body.GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData("""{ "id": "X1", "email": "a@example.com" }""", "members")]
    [InlineData("""{ "id": "U1", "email": "no-at-sign" }""", "members")]
    [InlineData("""{ "id": "D1", "name": "dm" }""", "channels")]
    public void A_scenario_member_or_channel_without_a_proper_id_is_refused(string entry, string list)
    {
        var json = $$"""{ "managementAccountId": "111111111111", "slack": { "{{list}}": [ {{entry}} ] } }""";

        Assert.Throws<ScenarioException>(() => new EmulatorRuntime(ScenarioDocument.Parse(json, "scenario"), new EmulatorOptions()));
    }

    [Fact]
    public async Task A_throttle_for_an_unknown_method_is_a_400()
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => host.ControlAsync(HttpMethod.Post, "slack/throttle", new { method = "chat.delete", count = 1 }));

        Assert.Contains("400", error.Message, StringComparison.Ordinal);
    }
}
