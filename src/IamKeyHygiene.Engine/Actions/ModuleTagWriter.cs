using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>Writes one pair (<c>disabled=T</c>, <c>seen-inactive=T</c>…) into a key's <c>keyhygiene:&lt;AccessKeyId&gt;</c>
    /// tag, keeping the tag's other pairs. A user at IAM's 50-tag quota refuses a new tag (LimitExceeded): that is
    /// <see cref="ActionReasons.TagQuotaFull"/>, and the audit line is then the record.</summary>
    internal static class ModuleTagWriter
    {
        /// <summary>The value written and an empty reason, or the reason (TagQuotaFull, TagNotWritten) and why.</summary>
        public static Task<(string Value, string Reason, string? Problem)> WriteAsync(ActionStep step, string pair, DateTimeOffset at,
            CancellationToken cancellationToken)
            => WriteWholeAsync(step, Merged(step.Live.ModuleTagValue, pair, at), cancellationToken);

        /// <summary>Replaces the key's tag with <paramref name="value"/> (a rotation's markers), as <see cref="WriteAsync"/> reports.</summary>
        public static async Task<(string Value, string Reason, string? Problem)> WriteWholeAsync(ActionStep step, string value, CancellationToken cancellationToken)
        {
            var (reason, problem) = await WriteValueAsync(step, value, cancellationToken).ConfigureAwait(false);
            return (value, reason, problem);
        }

        /// <summary>Writes the whole tag value: an empty reason, or the reason (TagQuotaFull, TagNotWritten) and why.</summary>
        public static async Task<(string Reason, string? Problem)> WriteValueAsync(ActionStep step, string value, CancellationToken cancellationToken)
        {
            try
            {
                await step.Iam.TagUserAsync(step.UserName, ModuleKeyTag.TagKeyFor(step.AccessKeyId), value, cancellationToken).ConfigureAwait(false);
                return ("", null);
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var reason = AwsErrors.Is(exception, "LimitExceeded") ? ActionReasons.TagQuotaFull : ActionReasons.TagNotWritten;
                return (reason, $"tag {ModuleKeyTag.TagKeyFor(step.AccessKeyId)} not written ({AwsErrors.Describe(exception)}); the audit log records the change");
            }
        }

        /// <summary>Best effort: the key's tag back as it was before a change that was then refused (none: untagged).
        /// A failure here is only logged; the change's own error is the one reported.</summary>
        public static async Task PutBackAsync(ActionStep step, string? before)
        {
            var key = ModuleKeyTag.TagKeyFor(step.AccessKeyId);
            try
            {
                if (before == null) await step.Iam.UntagUserAsync(step.UserName, key, CancellationToken.None).ConfigureAwait(false);
                else await step.Iam.TagUserAsync(step.UserName, key, before, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The key stays Active with a disabled= pair, which the judge ignores on an Active key and the next disable rewrites.
            }
        }

        /// <summary>The existing value with <paramref name="pair"/> set to <paramref name="at"/> (other pairs kept).</summary>
        internal static string Merged(string? existing, string pair, DateTimeOffset at)
        {
            var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var kept = (existing ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.StartsWith(pair + "=", StringComparison.Ordinal));
            return string.Join(" ", kept.Concat(new[] { $"{pair}={stamp}" }));
        }

        /// <summary>The tag as the judge will read it after the write.</summary>
        internal static ModuleKeyTag? Parsed(string value) => ModuleKeyTag.TryParse(value, out var tag, out _) ? tag : null;
    }
}
