using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// Loads and validates a policy JSON file (format in docs/policy.md). Exemptions and owners come from the
    /// paths given here, else from the file's <c>exemptionsPath</c> / <c>ownersPath</c> (relative to the policy
    /// file). Every problem is a <see cref="PolicyValidationException"/> naming file, line and field.
    /// </summary>
    internal static class PolicyFileReader
    {
        private static readonly string[] Ignored = { "$schema", "description" };

        public static HygienePolicy Load(string path, string? exemptionsPath = null, string? ownersPath = null)
        {
            var fullPath = Path.GetFullPath(path);
            return Parse(JsonFile.ReadAllBytes(fullPath, "policy"), fullPath, exemptionsPath, ownersPath);
        }

        /// <summary>Parses policy JSON; <paramref name="source"/> is the file path (relative exemptionsPath/ownersPath resolve against its folder).</summary>
        public static HygienePolicy Parse(byte[] utf8, string source, string? exemptionsPath = null, string? ownersPath = null)
        {
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            var root = new JsonFieldReader(PositionedJsonParser.Parse(utf8, source), "", source);
            var policy = new HygienePolicy { SourcePath = source };

            ReadSettings(root, policy.Defaults, lines);
            ReadCircuitBreaker(root, policy.CircuitBreaker, lines);
            policy.Mode = ReadMode(root) ?? policy.Mode;
            policy.OwnerTagKeys = root.StringList("ownerTagKeys") ?? HygienePolicy.DefaultOwnerTagKeys.ToList();
            if (policy.OwnerTagKeys.Count == 0) throw root.Error("ownerTagKeys", "must name at least one tag key.");
            policy.ExemptionTagKey = root.String("exemptionTagKey") ?? HygienePolicy.DefaultExemptionTagKey;
            var fileExemptions = root.String("exemptionsPath");
            var fileOwners = root.String("ownersPath");
            var rules = root.Array("rules");
            root.RejectUnknown(Ignored);

            if (rules != null)
                policy.Rules = rules.Items.Select((item, i) => ReadRule(new JsonFieldReader(item, $"rules[{i}]", source), i, lines)).ToList();

            new PolicyValidator(source, field => lines.TryGetValue(field, out var line) ? line : (int?)null, f => f).Validate(policy);

            var exemptions = exemptionsPath ?? Relative(source, fileExemptions);
            var owners = ownersPath ?? Relative(source, fileOwners);
            PolicyAssembly.AttachFiles(policy, exemptions, owners);
            return policy;
        }

        private static void ReadSettings(JsonFieldReader reader, PolicySettings settings, Dictionary<string, int> lines)
        {
            var action = ReadAction(reader);
            if (action.HasValue) { settings.Action = action.Value; Remember(reader, "action", lines); }
            var notifyOnly = reader.Bool("notifyOnly");
            if (notifyOnly.HasValue) { settings.NotifyOnly = notifyOnly.Value; Remember(reader, "notifyOnly", lines); }
            foreach (var field in ThresholdField.All)
            {
                var value = reader.Int(field.Name);
                if (!value.HasValue) continue;
                field.Set(settings, value.Value);
                Remember(reader, field.Name, lines);
            }
        }

        private static void ReadCircuitBreaker(JsonFieldReader reader, CircuitBreakerSettings cb, Dictionary<string, int> lines)
        {
            cb.MaxDisablePerRun = ReadInt(reader, "maxDisablePerRun", lines) ?? cb.MaxDisablePerRun;
            cb.MaxDeletePerRun = ReadInt(reader, "maxDeletePerRun", lines) ?? cb.MaxDeletePerRun;
            cb.MaxDisablePercent = ReadInt(reader, "maxDisablePercent", lines) ?? cb.MaxDisablePercent;
            cb.MaxDisablePercentMinKeys = ReadInt(reader, "maxDisablePercentMinKeys", lines) ?? cb.MaxDisablePercentMinKeys;
        }

        private static ScopedRule ReadRule(JsonFieldReader reader, int index, Dictionary<string, int> lines)
        {
            var name = reader.String("name") ?? $"rules[{index}]";
            var matchReader = reader.Object("match") ?? throw reader.Error("match", "is required: say which keys the rule applies to.");
            var match = ReadMatch(matchReader);
            var overrides = new PolicyOverrides();
            overrides.Action = ReadAction(reader);
            if (overrides.Action.HasValue) Remember(reader, "action", lines);
            overrides.NotifyOnly = reader.Bool("notifyOnly");
            foreach (var field in ThresholdField.All)
            {
                var value = reader.Int(field.Name);
                if (!value.HasValue) continue;
                overrides.SetThreshold(field, value.Value);
                Remember(reader, field.Name, lines);
            }
            reader.RejectUnknown(Ignored);
            if (overrides.IsEmpty)
                throw new PolicyValidationException(reader.Source, reader.Line, reader.Path,
                    "the rule changes nothing: set action, notifyOnly or a threshold.");
            return new ScopedRule(name, match, overrides);
        }

        private static RuleMatch ReadMatch(JsonFieldReader reader)
        {
            var match = new RuleMatch
            {
                OrganizationalUnitId = reader.String("organizationalUnitId"),
                AccountId = reader.String("accountId"),
                UserPathPrefix = reader.String("userPathPrefix"),
            };
            var tag = reader.Object("userTag");
            reader.RejectUnknown();
            if (match.OrganizationalUnitId != null && !IamIdentifiers.IsOrganizationalUnitId(match.OrganizationalUnitId))
                throw reader.Error("organizationalUnitId", $"'{match.OrganizationalUnitId}' is not an OU id (ou-…) or root id (r-…).");
            if (match.AccountId != null && !IamIdentifiers.IsAccountId(match.AccountId))
                throw reader.Error("accountId", $"'{match.AccountId}' is not a 12-digit account id.");
            if (match.UserPathPrefix != null && !IamIdentifiers.IsPathPrefix(match.UserPathPrefix))
                throw reader.Error("userPathPrefix", $"'{match.UserPathPrefix}' is not an IAM path: it must start and end with '/'.");
            if (tag != null)
            {
                match.UserTagKey = tag.RequiredString("key");
                match.UserTagValue = tag.String("value");
                tag.RejectUnknown();
            }
            if (match.OrganizationalUnitId is null && match.AccountId is null && match.UserPathPrefix is null && match.UserTagKey is null)
                throw new PolicyValidationException(reader.Source, reader.Line, reader.Path,
                    "needs at least one of organizationalUnitId, accountId, userPathPrefix or userTag.");
            return match;
        }

        private static PolicyAction? ReadAction(JsonFieldReader reader)
        {
            var text = reader.String("action");
            if (text is null) return null;
            if (PolicyParameters.TryParseAction(text, out var action)) return action;
            throw reader.Error("action", $"'{text}' is not DisableDelete or Rotate.");
        }

        private static RunMode? ReadMode(JsonFieldReader reader)
        {
            var text = reader.String("mode");
            if (text is null) return null;
            if (PolicyParameters.TryParseMode(text, out var mode)) return mode;
            throw reader.Error("mode", $"'{text}' is not Audit, Notify or Enforce.");
        }

        private static int? ReadInt(JsonFieldReader reader, string name, Dictionary<string, int> lines)
        {
            var value = reader.Int(name);
            if (value.HasValue) Remember(reader, name, lines);
            return value;
        }

        private static void Remember(JsonFieldReader reader, string name, Dictionary<string, int> lines)
            => lines[reader.FieldPath(name)] = reader.LineOf(name);

        private static string? Relative(string policySource, string? path)
        {
            if (path is null) return null;
            if (Path.IsPathRooted(path)) return path;
            var folder = Path.GetDirectoryName(Path.GetFullPath(policySource)) ?? "";
            return Path.Combine(folder, path);
        }
    }
}
