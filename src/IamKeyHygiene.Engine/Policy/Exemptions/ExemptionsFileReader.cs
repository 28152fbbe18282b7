using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Policy.Exemptions
{
    /// <summary>
    /// Reads the reviewed exemptions file: a JSON array of
    /// <c>{ "accountId" | "userArn" | "accessKeyId": …, "reason": …, "approver": …, "expires": … }</c>,
    /// exactly one selector, all three of reason, approver and expires. Anything else is a
    /// <see cref="PolicyValidationException"/> naming file, line and field.
    /// </summary>
    internal static class ExemptionsFileReader
    {
        public static IReadOnlyList<Exemption> Load(string path) => Parse(JsonFile.ReadAllBytes(path, "exemptions"), path);

        public static IReadOnlyList<Exemption> Parse(byte[] utf8, string source)
            => JsonFile.ParseList(utf8, source, "exemptions", entry => ReadOne(entry, source));

        private static Exemption ReadOne(JsonFieldReader entry, string source)
        {
            var accountId = entry.String("accountId");
            var userArn = entry.String("userArn");
            var accessKeyId = entry.String("accessKeyId");
            var reason = entry.String("reason");
            var approver = entry.String("approver");
            var expiresText = entry.String("expires");
            entry.RejectUnknown();

            var selectors = (accountId != null ? 1 : 0) + (userArn != null ? 1 : 0) + (accessKeyId != null ? 1 : 0);
            if (selectors != 1)
                throw new PolicyValidationException(source, entry.Line, entry.Path,
                    selectors == 0 ? "needs one of accountId, userArn or accessKeyId." : "has more than one of accountId, userArn and accessKeyId; give exactly one.");
            if (accountId != null && !IamIdentifiers.IsAccountId(accountId))
                throw entry.Error("accountId", $"'{accountId}' is not a 12-digit account id.");
            if (userArn != null && !IamIdentifiers.IsUserArn(userArn))
                throw entry.Error("userArn", $"'{userArn}' is not {IamIdentifiers.UserArnShape}.");
            if (accessKeyId != null && !IamIdentifiers.IsAccessKeyId(accessKeyId))
                throw entry.Error("accessKeyId", $"'{accessKeyId}' is not {IamIdentifiers.AccessKeyIdShape}.");
            if (reason is null) throw entry.Error("reason", "is required: say why the key is exempt.");
            if (approver is null) throw entry.Error("approver", "is required: say who approved the exemption.");
            if (expiresText is null) throw entry.Error("expires", "is required: every exemption ends.");
            if (!ExpiryParser.TryParse(expiresText, out var expires, out var dateOnly))
                throw entry.Error("expires", $"'{expiresText}' is not {ExpiryParser.Expected}.");

            var scope = accessKeyId != null ? ExemptionScope.AccessKey : userArn != null ? ExemptionScope.User : ExemptionScope.Account;
            var selector = accessKeyId ?? userArn ?? accountId!;
            return new Exemption(scope, selector, reason, approver, expires, $"file:{source}:{entry.Line}", dateOnly, source, entry.Line);
        }
    }
}
