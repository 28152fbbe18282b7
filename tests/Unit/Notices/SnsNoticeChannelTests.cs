using System.Text.Json;
using IamKeyHygiene.AwsProtocol.Retry;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Channels;
using IamKeyHygiene.Tests.Unit.Clients;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>The SNS notice channel against the emulator: each message published to the topic with its owner and kind
/// attributes (what subscription filter policies route on), 5xx answers retried, an unknown topic a failed delivery
/// with a stable reason, rejected credentials a terminating error.</summary>
public sealed class SnsNoticeChannelTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string TopicArn = $"arn:aws:sns:us-east-1:{Management}:key-hygiene";
    private EmulatorHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync(SsmParameterReaderTests.Scenario);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private SnsNoticeChannel Channel(string topicArn = "", AwsConnection? connection = null)
    {
        connection ??= SsmParameterReaderTests.Connect(_host);
        connection.ClientSettings.Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20) };
        return new SnsNoticeChannel(connection, topicArn.Length == 0 ? TopicArn : topicArn);
    }

    private static NoticeMessage Message(NoticeRecipient recipient, string subject = "Your access keys", string body = "Key ****WXYZ is 85 days old.") =>
        new(recipient, subject, body, Array.Empty<NoticeKey>(), "en");

    private static NoticeRecipient Owner(string? email, string? slackId = null) => new(NoticeRecipientKind.Owner, email, slackId, null, null, null, null);

    private async Task<List<JsonElement>> MessagesAsync() =>
        (await _host.ControlAsync(HttpMethod.Get, "sns/messages")).GetProperty("messages").EnumerateArray().ToList();

    [Fact]
    public async Task Each_message_is_recorded_with_its_owner_and_kind_attributes()
    {
        var channel = Channel();

        var toAlice = await channel.SendAsync(Message(Owner("Alice@Example.com")), None);
        var toSlackId = await channel.SendAsync(Message(Owner(null, "U012ABCDEF")), None);
        var summary = await channel.SendAsync(Message(new NoticeRecipient(NoticeRecipientKind.SummaryChannel, null, null, null, "#key-hygiene", null, null), "Summary"), None);

        Assert.Equal("Sns", channel.Name);
        Assert.True(channel.CanReach(Owner(null, "U1")));
        Assert.All(new[] { toAlice, toSlackId, summary }, d => Assert.True(d.IsSent, d.Message));
        var messages = await MessagesAsync();
        Assert.Equal(new[] { ("alice@example.com", "Owner"), ("U012ABCDEF", "Owner"), ("#key-hygiene", "SummaryChannel") },
            messages.Select(m => (Attribute(m, "owner"), Attribute(m, "kind"))));
        Assert.All(messages, m => Assert.Equal(TopicArn, m.GetProperty("topicArn").GetString()));
        Assert.Equal(("Your access keys", "Key ****WXYZ is 85 days old."), (messages[0].GetProperty("subject").GetString(), messages[0].GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_long_subject_over_several_lines_becomes_one_line_SNS_takes()
    {
        var subject = "Access keys\r\nto rotate: " + new string('x', 150);

        var delivery = await Channel().SendAsync(Message(Owner("bob@example.com"), subject), None);

        Assert.True(delivery.IsSent, delivery.Message);
        var sent = (await MessagesAsync()).Single().GetProperty("subject").GetString()!;
        Assert.Equal(SnsNoticeChannel.MaxSubjectLength, sent.Length);
        Assert.StartsWith("Access keys  to rotate: xxx", sent, StringComparison.Ordinal);
        Assert.Null(SnsNoticeChannel.SubjectLine(" \n "));
    }

    [Fact]
    public async Task A_body_over_256_KB_for_an_owner_with_thousands_of_keys_is_cut_at_a_line_end_and_still_sent()
    {
        // 4,000 key lines in Japanese (three bytes a character): about 700 KB, which SNS refuses whole.
        var lines = Enumerable.Range(0, 4000).Select(i => $"• アカウント 111111111111 ユーザー user{i:0000} キー ****{i:0000}: 経過日数 95 日、最終使用日 未使用。").ToList();
        var message = new NoticeMessage(Owner("many@example.com"), "キー", string.Join("\n", lines), Array.Empty<NoticeKey>(), "ja");

        var delivery = await Channel().SendAsync(message, None);

        Assert.True(delivery.IsSent, delivery.Message);
        var sent = (await MessagesAsync()).Single().GetProperty("message").GetString()!;
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(sent) <= SnsNoticeChannel.MaxMessageBytes);
        var sentLines = sent.Split('\n');
        Assert.Equal(lines.Take(sentLines.Length - 1), sentLines.Take(sentLines.Length - 1));
        Assert.Contains($"以降の {lines.Count - (sentLines.Length - 1)} 行は SNS で送れる長さを超える", sentLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_no_message_is_lost()
    {
        await _host.ControlAsync(HttpMethod.Post, "faults", new { seed = 4, rules = new[] { new { operation = "sns:Publish", serverErrorProbability = 0.5 } } });
        var channel = Channel();

        for (var i = 0; i < 8; i++)
        {
            Assert.True((await channel.SendAsync(Message(Owner($"user{i}@example.com")), None)).IsSent);
        }

        var counts = await _host.ControlAsync(HttpMethod.Get, "faults/counts");
        Assert.True(FaultCount(counts, "serverError", "sns:Publish") > 0, "no 5xx was injected");
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"user{i}@example.com"), (await MessagesAsync()).Select(m => Attribute(m, "owner")));
    }

    [Fact]
    public async Task An_unknown_topic_is_a_failed_delivery_with_a_stable_reason()
    {
        var delivery = await Channel($"arn:aws:sns:us-east-1:{Management}:no-such-topic").SendAsync(Message(Owner("carol@example.com")), None);

        Assert.False(delivery.IsSent);
        Assert.Equal(SnsNoticeChannel.TopicNotFound, delivery.Reason);
        Assert.Equal("SnsTopicNotFound", delivery.Reason);
        Assert.Contains("NotFound", delivery.Message, StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync());
    }

    [Fact]
    public async Task A_denied_publish_fails_the_delivery_and_rejected_credentials_stop_the_run()
    {
        await _host.ControlAsync(HttpMethod.Post, "faults", new { denyActions = new[] { new { action = "sns:Publish" } } });
        var denied = await Channel().SendAsync(Message(Owner("dave@example.com")), None);
        await _host.ControlAsync(HttpMethod.Delete, "faults");
        var wrongSecret = AwsConnection.Resolve(new AwsConnectionOptions
        {
            AccessKey = _host.AccessKeyId,
            SecretKey = "not/the/secret/0000000000000000000000000",
            Region = "us-east-1",
            EndpointUrl = _host.Url,
            Environment = new Dictionary<string, string>(),
        }, new MemoryLog());

        var rejected = await Assert.ThrowsAsync<EngineException>(() => Channel(connection: wrongSecret).SendAsync(Message(Owner("dave@example.com")), None));

        Assert.Equal((false, SnsNoticeChannel.PublishDenied), (denied.IsSent, denied.Reason));
        Assert.Equal(ErrorCatalog.CredentialsRejected, rejected.Entry);
        Assert.DoesNotContain("not/the/secret", rejected.ToString(), StringComparison.Ordinal);
    }

    private static string Attribute(JsonElement message, string name) =>
        message.GetProperty("messageAttributes").GetProperty(name).GetProperty("stringValue").GetString()!;
}
