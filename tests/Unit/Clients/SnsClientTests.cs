using System.Text.Json;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Tests.Unit.Clients.Support;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Clients;

/// <summary>SnsClient (our awsQuery client) against a stub (wire form, retries) and against the emulator over HTTP.</summary>
public sealed class SnsClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string PublishAnswer = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>m-1</MessageId></PublishResult>" +
        "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>";

    private static SnsClient Client(EmulatorHost host) =>
        AwsClients.CreateSns(new BasicAWSCredentials(host.AccessKeyId, host.SecretAccessKey), TestClients.Settings(host.Url));

    [Fact]
    public async Task Publish_sends_message_attributes_as_awsQuery_map_entries_and_reads_the_MessageId()
    {
        await using var server = new StubAwsServer((_, _) => StubReply.Xml(PublishAnswer));
        var message = new SnsMessage("arn:aws:sns:us-east-1:123456789012:key-hygiene", "Your key is 85 days old & will be disabled.", "Key notice")
        {
            Attributes = { ["owner"] = "alice@example.com", ["kind"] = "Owner" },
        };

        var id = await TestClients.Sns(server).PublishAsync(message, None);

        Assert.Equal("m-1", id);
        Assert.Equal("Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Akey-hygiene" +
            "&Message=Your+key+is+85+days+old+%26+will+be+disabled.&Subject=Key+notice" +
            "&MessageAttributes.entry.1.Name=kind&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=Owner" +
            "&MessageAttributes.entry.2.Name=owner&MessageAttributes.entry.2.Value.DataType=String&MessageAttributes.entry.2.Value.StringValue=alice%40example.com",
            Assert.Single(server.Requests).BodyText);
        Assert.Contains("/us-east-1/sns/aws4_request", server.Requests[0].Header("Authorization"));
    }

    [Fact]
    public async Task Publish_is_retried_after_a_5xx_and_a_throttle()
    {
        await using var server = new StubAwsServer((_, n) => n switch
        {
            1 => StubReply.Xml("<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>boom</Message></Error><RequestId>a</RequestId></ErrorResponse>", 500),
            2 => StubReply.Xml("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>b</RequestId></ErrorResponse>", 400),
            _ => StubReply.Xml(PublishAnswer),
        });

        Assert.Equal("m-1", await TestClients.Sns(server).PublishAsync(new SnsMessage("arn:aws:sns:us-east-1:123456789012:t", "m", null), None));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Topics_are_created_listed_and_published_to_on_the_emulator()
    {
        await using var host = await StartAsync();
        var sns = Client(host);

        var topic = await sns.CreateTopicAsync("key-hygiene", None);
        var again = await sns.CreateTopicAsync("key-hygiene", None);
        await sns.CreateTopicAsync("other", None);
        var listed = await TestClients.ToListAsync(sns.ListTopicsAllAsync(None));
        var message = new SnsMessage(topic.TopicArn, "body", "subject") { Attributes = { ["owner"] = "bob@example.com" } };
        var id = await sns.PublishAsync(message, None);

        Assert.Equal($"arn:aws:sns:us-east-1:{Management}:key-hygiene", topic.TopicArn);
        Assert.Equal(topic.TopicArn, again.TopicArn);
        Assert.Equal(new[] { $"arn:aws:sns:us-east-1:{Management}:key-hygiene", $"arn:aws:sns:us-east-1:{Management}:other" }, listed.Select(t => t.TopicArn));
        var recorded = Assert.Single((await host.ControlAsync(HttpMethod.Get, "sns/messages")).GetProperty("messages").EnumerateArray());
        Assert.Equal((id, "body", "subject"), (recorded.GetProperty("messageId").GetString(), recorded.GetProperty("message").GetString(), recorded.GetProperty("subject").GetString()));
        Assert.Equal("bob@example.com", recorded.GetProperty("messageAttributes").GetProperty("owner").GetProperty("stringValue").GetString());
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => sns.PublishAsync(new SnsMessage($"arn:aws:sns:us-east-1:{Management}:none", "m", null), None));
        Assert.Equal(("NotFound", 404, AwsErrorKind.NotFound), (missing.ErrorCode, missing.StatusCode, missing.Kind));
    }
}
