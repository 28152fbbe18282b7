using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// A notice as Slack shows it (Web API and incoming webhook alike): <c>text</c> (the subject and body, what
    /// notifications show) and <c>blocks</c> (a header with the subject, the body in sections), within Slack's limits:
    /// 150 characters in a header, 3,000 in a section, 50 blocks, 40,000 characters of text
    /// (https://docs.slack.dev/reference/block-kit/blocks). &amp;, &lt; and &gt; are escaped, so a template's text is
    /// never read as a Slack link or mention.
    /// </summary>
    internal static class SlackMessageFormat
    {
        private const int MaxHeader = 150;
        private const int MaxSection = 3000;
        private const int MaxBlocks = 50;
        private const int MaxText = 40000;

        /// <summary>The message's fields; the caller adds <c>channel</c> for chat.postMessage.</summary>
        public static JsonObject Payload(NoticeMessage message)
        {
            var subject = Cut(Escape(message.Subject), MaxHeader);
            var body = MessageCut.ToFit(Escape(message.Body), MaxText - subject.Length - 2, text => text.Length, message.Language, "Slack");
            var payload = new JsonObject { ["text"] = subject + "\n\n" + body };
            var sections = Sections(Escape(message.Body));
            if (sections.Count + 1 <= MaxBlocks)
            {
                var blocks = new JsonArray
                {
                    new JsonObject
                    {
                        ["type"] = "header",
                        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(message.Subject, MaxHeader) },
                    },
                };
                foreach (var section in sections)
                {
                    blocks.Add(new JsonObject
                    {
                        ["type"] = "section",
                        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = section },
                    });
                }
                payload["blocks"] = blocks;
            }
            return payload;
        }

        /// <summary>Slack's three control characters in mrkdwn text (https://docs.slack.dev/messaging/formatting-message-text).</summary>
        public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        /// <summary>The body cut at line ends into pieces a section holds (a line longer than a section is cut inside).</summary>
        private static List<string> Sections(string body)
        {
            var sections = new List<string>();
            var current = new StringBuilder();
            foreach (var line in body.Replace("\r\n", "\n").Split('\n'))
            {
                var rest = line;
                while (rest.Length > MaxSection)
                {
                    Flush(sections, current);
                    sections.Add(rest.Substring(0, MaxSection));
                    rest = rest.Substring(MaxSection);
                }
                if (current.Length + rest.Length + 1 > MaxSection) Flush(sections, current);
                if (current.Length > 0) current.Append('\n');
                current.Append(rest);
            }
            Flush(sections, current);
            return sections;
        }

        private static void Flush(List<string> sections, StringBuilder current)
        {
            if (current.ToString().Trim().Length > 0) sections.Add(current.ToString());
            current.Clear();
        }

        private static string Cut(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 1) + "…";
    }
}
