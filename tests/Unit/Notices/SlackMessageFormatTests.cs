using IamKeyHygiene.Engine.Notices.Channels;
using Xunit;
using static IamKeyHygiene.Tests.Unit.Notices.SlackKit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>How a notice fits Slack: escaped text, a header within 150 characters, sections within 3,000.</summary>
public sealed class SlackMessageFormatTests
{
    [Fact]
    public void Text_is_escaped_so_a_template_never_makes_a_link_or_mention()
    {
        var message = new Engine.Notices.NoticeMessage(Owner(slackId: Alice), "Keys <of> A&B", "<!channel> see <https://x|y>", Array.Empty<Engine.Notices.NoticeKey>(), "en");

        var payload = SlackMessageFormat.Payload(message);

        Assert.Equal("Keys &lt;of&gt; A&amp;B\n\n&lt;!channel&gt; see &lt;https://x|y&gt;", payload["text"]!.GetValue<string>());
        Assert.Equal("Keys <of> A&B", payload["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("&lt;!channel&gt; see &lt;https://x|y&gt;", payload["blocks"]![1]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_long_body_is_cut_at_line_ends_into_sections_of_at_most_3000_characters()
    {
        var line = new string('k', 99);
        var body = string.Join("\n", Enumerable.Repeat(line, 100));
        var message = new Engine.Notices.NoticeMessage(Owner(slackId: Alice), new string('s', 200), body, Array.Empty<Engine.Notices.NoticeKey>(), "en");

        var blocks = SlackMessageFormat.Payload(message)["blocks"]!.AsArray();

        Assert.Equal(150, blocks[0]!["text"]!["text"]!.GetValue<string>().Length);
        var sections = blocks.Skip(1).Select(b => b!["text"]!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(4, sections.Count);
        Assert.All(sections, s => Assert.True(s.Length <= 3000));
        Assert.Equal(body, string.Join("\n", sections));
    }

    [Fact]
    public void A_body_over_40000_characters_is_cut_at_a_line_end_and_says_how_many_lines_were_left_out()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => $"• key {i:0000} " + new string('k', 89)).ToList(); // over 50 blocks too: text only
        var message = new Engine.Notices.NoticeMessage(Owner(slackId: Alice), "Keys", string.Join("\n", lines), Array.Empty<Engine.Notices.NoticeKey>(), "en");

        var payload = SlackMessageFormat.Payload(message);

        var text = payload["text"]!.GetValue<string>();
        Assert.True(text.Length <= 40000, $"{text.Length} characters");
        var sent = text.Split('\n');
        Assert.Equal(new[] { "Keys", "" }.Concat(lines.Take(sent.Length - 3)), sent.Take(sent.Length - 1));
        Assert.Equal($"… {lines.Count - (sent.Length - 3)} more lines left out: the message was longer than Slack takes. Ask your administrator for the full list.", sent[^1]);
        Assert.Null(payload["blocks"]);
    }
}
