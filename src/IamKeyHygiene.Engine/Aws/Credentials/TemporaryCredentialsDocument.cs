using System;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// The JSON document the container endpoint, the instance metadata service and credential_process
    /// answer with: AccessKeyId, SecretAccessKey, Token (or SessionToken), Expiration (ISO 8601).
    /// Errors name the source and the missing field, never a value.
    /// </summary>
    internal sealed class TemporaryCredentialsDocument
    {
        private TemporaryCredentialsDocument(ImmutableCredentials credentials, DateTime? expiration)
        {
            Credentials = credentials;
            Expiration = expiration;
        }

        public ImmutableCredentials Credentials { get; }

        /// <summary>UTC; null when the source says the credentials do not expire.</summary>
        public DateTime? Expiration { get; }

        /// <param name="json">The document.</param>
        /// <param name="source">Names the source in errors, e.g. "credential_process of profile 'dev'".</param>
        /// <param name="requireVersion1">credential_process output must say "Version": 1.</param>
        public static TemporaryCredentialsDocument Parse(string json, string source, bool requireVersion1)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                // The text itself may hold a secret: describe it, don't echo it.
                throw new AwsConfigurationException($"{source} did not return a JSON credentials document ({json.Length} characters of other text).");
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new AwsConfigurationException($"{source} returned JSON that is not an object.");

                if (requireVersion1)
                {
                    if (!root.TryGetProperty("Version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 1)
                        throw new AwsConfigurationException($"{source} returned a document without \"Version\": 1 (the only version AWS defines).");
                }
                else if (root.TryGetProperty("Code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() != "Success")
                {
                    throw new AwsConfigurationException($"{source} answered with Code '{code.GetString()}'.");
                }

                var accessKeyId = RequiredString(root, "AccessKeyId", source);
                var secret = RequiredString(root, "SecretAccessKey", source);
                var token = OptionalString(root, "SessionToken") ?? OptionalString(root, "Token");

                DateTime? expiration = null;
                var expirationText = OptionalString(root, "Expiration");
                if (expirationText != null)
                {
                    if (!DateTimeOffset.TryParse(expirationText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                        throw new AwsConfigurationException($"{source} returned an Expiration that is not an ISO 8601 time: '{expirationText}'.");
                    expiration = parsed.UtcDateTime;
                }

                return new TemporaryCredentialsDocument(new ImmutableCredentials(accessKeyId, secret, token), expiration);
            }
        }

        private static string RequiredString(JsonElement root, string name, string source)
            => OptionalString(root, name) ?? throw new AwsConfigurationException($"{source} returned a document without {name}.");

        private static string? OptionalString(JsonElement root, string name)
            => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString())
                ? value.GetString()
                : null;
    }
}
