using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Notices.Templates;

namespace IamKeyHygiene.Engine.Notices.Channels
{
    /// <summary>
    /// A body longer than its channel takes (an owner with thousands of keys: SNS refuses a message over 256 KB, Slack
    /// cuts text at 40,000 characters) is cut at a line end and ends with a line, in the message's language, saying how
    /// many lines were left out, so the message is still sent and its reader knows it is not whole.
    /// </summary>
    internal static class MessageCut
    {
        /// <summary>The body unchanged when <paramref name="size"/> of it is at most <paramref name="max"/>; else its
        /// first lines and the note, together at most <paramref name="max"/>.</summary>
        public static string ToFit(string body, int max, Func<string, int> size, string language, string channel)
        {
            if (size(body) <= max) return body;
            var phrases = NoticePhrases.For(language);
            var lines = body.Split('\n');
            var kept = new List<string>();
            var used = 0;
            foreach (var line in lines)
            {
                var next = size(line) + 1;
                // Room for the note with the largest count it could name.
                if (used + next + size(phrases.Cut(lines.Length, channel)) > max) break;
                kept.Add(line);
                used += next;
            }

            kept.Add(phrases.Cut(lines.Length - kept.Count, channel));
            return string.Join("\n", kept);
        }
    }
}
