using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Notices.Templates
{
    /// <summary>
    /// Every template a run may use, read and checked at once (so a bad one stops the run before anything is sent):
    /// <c>&lt;language&gt;/&lt;Channel&gt;.txt</c> for messages and <c>&lt;language&gt;/&lt;Channel&gt;.Summary.txt</c>
    /// for the summary, under the -TemplatePath folder first and the module's shipped folder after. A channel without its
    /// own file uses its family's (SlackWebhook → Slack), else <c>Default.txt</c> / <c>Summary.txt</c>.
    /// </summary>
    public sealed class TemplateSet
    {
        public const string DefaultName = "Default";
        public const string SummaryName = "Summary";
        private static readonly string[] ChannelNames = { "Slack", "SlackWebhook", "Email", "Sns", "Teams", "Webhook" };
        private static readonly Dictionary<string, string> Family = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SlackWebhook"] = "Slack",
        };

        private readonly List<Dictionary<string, NoticeTemplate>> _folders;

        private TemplateSet(List<Dictionary<string, NoticeTemplate>> folders) => _folders = folders;

        /// <summary>Reads <paramref name="overrideFolder"/> (may be null) and <paramref name="shippedFolder"/>.</summary>
        public static TemplateSet Load(string? overrideFolder, string shippedFolder)
        {
            var folders = new List<Dictionary<string, NoticeTemplate>>();
            if (overrideFolder != null)
            {
                if (!Directory.Exists(overrideFolder))
                    throw new EngineException(ErrorCatalog.InvalidTemplate, overrideFolder, $"{overrideFolder}: -TemplatePath is not a folder.");
                folders.Add(ReadFolder(overrideFolder));
            }

            var shipped = ReadFolder(shippedFolder);
            foreach (var language in OwnerPreferences.Languages)
            {
                foreach (var name in new[] { DefaultName, SummaryName })
                {
                    if (!shipped.ContainsKey(language + "/" + name))
                        throw new EngineException(ErrorCatalog.InvalidTemplate, shippedFolder,
                            $"{Path.Combine(shippedFolder, language, name + ".txt")}: the module's {name} template is missing; reinstall the module.");
                }
            }

            folders.Add(shipped);
            return new TemplateSet(folders);
        }

        /// <summary>The template for a message (or, with <paramref name="summary"/>, the summary) on a channel in a language.</summary>
        public NoticeTemplate For(string channel, string language, bool summary)
        {
            var names = new List<string> { channel };
            if (Family.TryGetValue(channel, out var family)) names.Add(family);
            var candidates = summary
                ? names.Select(n => n + "." + SummaryName).Concat(new[] { SummaryName })
                : names.Concat(new[] { DefaultName });
            foreach (var folder in _folders)
            {
                foreach (var name in candidates)
                {
                    if (folder.TryGetValue(language + "/" + name, out var template)) return template;
                }
            }

            throw new InvalidOperationException($"no {language} template for {channel}"); // Load checked the defaults
        }

        private static Dictionary<string, NoticeTemplate> ReadFolder(string folder)
        {
            var templates = new Dictionary<string, NoticeTemplate>(StringComparer.Ordinal);
            foreach (var language in OwnerPreferences.Languages)
            {
                var languageFolder = Path.Combine(folder, language);
                if (!Directory.Exists(languageFolder)) continue;
                foreach (var file in Directory.GetFiles(languageFolder, "*.txt").OrderBy(f => f, StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    var kind = KindOf(name) ?? throw new EngineException(ErrorCatalog.InvalidTemplate, file,
                        $"{file}: not a template name; use <Channel>.txt or <Channel>.Summary.txt (Channel: {string.Join(", ", ChannelNames)}), Default.txt or Summary.txt.");
                    templates[language + "/" + name] = NoticeTemplate.Parse(File.ReadAllText(file, Encoding.UTF8), file, kind);
                }
            }

            return templates;
        }

        private static TemplateKind? KindOf(string name)
        {
            if (name == DefaultName || ChannelNames.Contains(name, StringComparer.Ordinal)) return TemplateKind.Message;
            if (name == SummaryName) return TemplateKind.Summary;
            var suffix = "." + SummaryName;
            return name.EndsWith(suffix, StringComparison.Ordinal) && ChannelNames.Contains(name.Substring(0, name.Length - suffix.Length), StringComparer.Ordinal)
                ? TemplateKind.Summary
                : null;
        }
    }
}
