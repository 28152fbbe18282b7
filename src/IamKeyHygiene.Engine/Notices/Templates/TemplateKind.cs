using System;
using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Notices.Templates
{
    /// <summary>The two kinds of template and what each may hold: its sections and, per section, its placeholders.</summary>
    public sealed class TemplateKind
    {
        /// <summary>What every section of a message may say.</summary>
        public static IReadOnlyList<string> MessagePlaceholders { get; } = new[]
        {
            "recipient", "recipientName", "keyCount", "topic", "accountCount", "runDate", "timeZone", "rotateCommand",
        };

        /// <summary>What a key line may say besides the message's placeholders.</summary>
        public static IReadOnlyList<string> KeyPlaceholders { get; } = new[]
        {
            "accountId", "accountName", "userName", "accessKeyId", "status", "age", "lastUsed", "lastUsedService", "stage",
            "reasons", "done", "next", "nextStage", "nextDate", "newAccessKeyId", "secretArn", "createdBy", "createdFrom",
            "createdAt", "notes",
        };

        /// <summary>What the summary's count line and breaker section may say besides the message's placeholders.</summary>
        public static IReadOnlyList<string> CountPlaceholders { get; } = new[] { "stage", "count" };

        public static IReadOnlyList<string> BreakerPlaceholders { get; } = new[]
        {
            "wouldDisable", "maxDisable", "wouldDelete", "maxDelete", "breakerMessage",
        };

        /// <summary>An owner's (or account e-mail's, or fallback's) message: a heading and a key line per stage.</summary>
        public static TemplateKind Message { get; } = new TemplateKind("message",
            new[] { "subject", "header", "footer" }
                .Concat(NoticeSections.All)
                .Concat(NoticeSections.All.Select(s => s + ".key")));

        /// <summary>The run's summary: counts per stage, the keys nearest their next stage, the module's own new keys,
        /// a breaker trip.</summary>
        public static TemplateKind Summary { get; } = new TemplateKind("summary",
            new[] { "subject", "header", "counts", "count", "nearest", "nearest.key", "ownRotations", "ownRotations.key", "breaker", "footer" });

        private TemplateKind(string name, IEnumerable<string> sections)
        {
            Name = name;
            Sections = sections.ToList();
        }

        public string Name { get; }
        public IReadOnlyList<string> Sections { get; }

        /// <summary>The placeholders a section may use.</summary>
        public IReadOnlyCollection<string> PlaceholdersOf(string section)
        {
            var allowed = new HashSet<string>(MessagePlaceholders, StringComparer.Ordinal);
            if (section.EndsWith(".key", StringComparison.Ordinal)) allowed.UnionWith(KeyPlaceholders);
            if (section == "count") allowed.UnionWith(CountPlaceholders);
            if (section == "breaker") allowed.UnionWith(BreakerPlaceholders);
            return allowed;
        }
    }
}
