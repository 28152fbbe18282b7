using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Policy.Owners
{
    /// <summary>
    /// Reads the owners file: a JSON array of <c>{ "match": …, "owner": { "email", "slackId", "name", "language", "timeZone" } }</c>
    /// (at least one of email or slackId; language one the templates ship in, timeZone an IANA id; see <see cref="OwnerMapping.Classify"/> for <c>match</c>).
    /// </summary>
    internal static class OwnersFileReader
    {
        public static IReadOnlyList<OwnerMapping> Load(string path) => Parse(JsonFile.ReadAllBytes(path, "owners"), path);

        public static IReadOnlyList<OwnerMapping> Parse(byte[] utf8, string source)
        {
            var mappings = JsonFile.ParseList(utf8, source, "owner entries", ReadOne);
            RejectRepeatedMatch(mappings, source);
            return mappings;
        }

        /// <summary>The same <c>match</c> twice would leave the owner to the order of the file: an error naming both
        /// lines (user ARNs compare case-insensitively, as they match).</summary>
        private static void RejectRepeatedMatch(IReadOnlyList<OwnerMapping> mappings, string source)
        {
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < mappings.Count; i++)
            {
                var mapping = mappings[i];
                var key = mapping.Kind == OwnerMatchKind.UserArn ? mapping.Match.ToUpperInvariant() : mapping.Match;
                if (firstLine.TryGetValue(key, out var line))
                    throw new PolicyValidationException(source, mapping.Line, $"[{i}].match",
                        $"'{mapping.Match}' is matched on line {line} too; give each match once, with one owner.");
                firstLine[key] = mapping.Line;
            }
        }

        private static OwnerMapping ReadOne(JsonFieldReader entry)
        {
            var match = entry.RequiredString("match");
            var ownerReader = entry.Object("owner") ?? throw entry.Error("owner", "is required.");
            entry.RejectUnknown();
            var kind = OwnerMapping.Classify(match) ?? throw entry.Error("match",
                $"'{match}' is neither a 12-digit account id, {IamIdentifiers.UserArnShape}, a user path prefix " +
                "starting and ending with '/', nor an access key id.");

            var email = ownerReader.String("email");
            var slackId = ownerReader.String("slackId");
            var name = ownerReader.String("name");
            var language = ownerReader.String("language");
            var timeZone = ownerReader.String("timeZone");
            ownerReader.RejectUnknown();
            if (language != null && OwnerPreferences.KnownLanguage(language) == null)
                throw ownerReader.Error("language", $"'{language}' has no notice templates; use one of {string.Join(", ", OwnerPreferences.Languages)}.");
            if (timeZone != null && OwnerPreferences.FindTimeZone(timeZone) == null)
                throw ownerReader.Error("timeZone", $"'{timeZone}' is not a time zone this machine knows; use an IANA id such as Asia/Tokyo or Europe/London.");
            if (email != null && !IamIdentifiers.IsEmail(email))
                throw ownerReader.Error("email", $"'{email}' is not an e-mail address.");
            if (email is null && slackId is null)
                throw new PolicyValidationException(ownerReader.Source, ownerReader.Line, ownerReader.Path,
                    "needs an email or a slackId, so a notice can reach the owner.");
            return new OwnerMapping(kind, match, new Owner(email, slackId, name, "ownersFile:" + match,
                OwnerPreferences.KnownLanguage(language), timeZone?.Trim()), entry.Line);
        }
    }
}
