using System;
using System.Globalization;
using System.IO;
using System.Linq;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Errors;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// The profile whose key -Self rotates: the connection's credentials must come from a profile whose section in the
    /// shared credentials file holds a long-term key (aws_access_key_id + aws_secret_access_key, nothing that makes it a
    /// session, a role, SSO or a process). Anything else is a terminating SelfRotationCredentialSource error.
    /// </summary>
    internal sealed class SelfKeySource
    {
        private static readonly string[] NotAStaticKey =
        {
            "aws_session_token", "role_arn", "source_profile", "credential_source", "credential_process", "sso_session",
            "sso_start_url", "web_identity_token_file",
        };

        private SelfKeySource(string profileName, string credentialsPath, string accessKeyId)
        {
            ProfileName = profileName;
            CredentialsPath = credentialsPath;
            AccessKeyId = accessKeyId;
        }

        public string ProfileName { get; }
        public string CredentialsPath { get; }
        public string AccessKeyId { get; }

        public static SelfKeySource Check(AwsConnectionOptions options, AwsConnection connection)
        {
            var parameters = new[] { ("-AccessKey", options.AccessKey), ("-SecretKey", options.SecretKey), ("-SessionToken", options.SessionToken) }
                .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1).ToList();
            if (options.Credential != null) parameters.Add("-Credential");
            if (parameters.Count > 0)
                throw Refused(options.ProfileName, $"-Self rotates the key of a profile in the shared credentials file; {string.Join(", ", parameters)} cannot be rotated. Use -ProfileName (and -ProfileLocation).");
            var profile = connection.SourceProfile;
            var path = connection.SharedFiles?.CredentialsPath;
            if (profile is null || path is null || !connection.CredentialSource.StartsWith("profile ", StringComparison.Ordinal))
                throw Refused(options.ProfileName, $"-Self rotates the key of a profile in the shared credentials file, but the credentials came from {connection.CredentialSource}. Use -ProfileName (and -ProfileLocation).");
            var section = File.Exists(path) ? CredentialsFileProfile.Read(File.ReadAllText(path), profile.Name) : null;
            var blocking = NotAStaticKey.Where(profile.Has).ToList();
            if (blocking.Count > 0)
                throw Refused(profile.Name, $"Profile '{profile.Name}' gets its credentials through {string.Join(", ", blocking)}: there is no long-term key of its own to rotate.");
            if (section?.AccessKeyId is null || !section.HasSecret)
                throw Refused(profile.Name, $"Profile '{profile.Name}' has no aws_access_key_id and aws_secret_access_key in the credentials file {path}; -Self rewrites that file only (a key kept in the config file is not rotated).");
            if (!string.Equals(section.AccessKeyId, profile.Get("aws_access_key_id"), StringComparison.Ordinal))
                throw Refused(profile.Name, $"Profile '{profile.Name}' names a different key in the config file than in {path}; make them one before rotating.");
            return new SelfKeySource(profile.Name, path, section.AccessKeyId);
        }

        /// <summary>Backs the file up beside itself (credentials.bak-&lt;UTC time&gt;, owner-only) and replaces it atomically with
        /// this profile's key changed; throws InvalidOperationException when the profile no longer holds the key being rotated.</summary>
        public string WriteNewKey(string accessKeyId, string secretAccessKey, DateTimeOffset now)
        {
            var text = File.ReadAllText(CredentialsPath);
            if (CredentialsFileProfile.Read(text, ProfileName).AccessKeyId != AccessKeyId)
                throw new InvalidOperationException($"profile '{ProfileName}' no longer holds {AccessKeyId} (the file changed during the rotation)");
            var updated = CredentialsFileProfile.Rewrite(text, ProfileName, accessKeyId, secretAccessKey);
            var backup = CredentialsPath + ".bak-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            OwnerOnlyFile.Create(backup, text);
            OwnerOnlyFile.ReplaceAtomically(CredentialsPath, updated);
            return backup;
        }

        private static EngineException Refused(string? profile, string message) => new EngineException(ErrorCatalog.SelfRotationCredentialSource, profile, message);
    }
}
