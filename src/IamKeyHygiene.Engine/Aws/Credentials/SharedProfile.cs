using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>One named profile: its settings from the credentials file merged over the config file's.</summary>
    internal sealed class SharedProfile
    {
        private readonly IReadOnlyDictionary<string, string> _settings;

        public SharedProfile(string name, IReadOnlyDictionary<string, string> settings)
        {
            Name = name;
            _settings = settings;
        }

        public string Name { get; }

        public string? Get(string key)
            => _settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

        public bool Has(string key) => Get(key) != null;

        /// <summary>True when the key is there at all, even with an empty value (a parent such as "s3 =").</summary>
        public bool Contains(string key) => _settings.ContainsKey(key);

        public int Count => _settings.Count;

        public string? Region => Get("region");

        /// <summary>True when the profile names any way to get credentials (not only a region, say).</summary>
        public bool DefinesCredentials =>
            Has("aws_access_key_id") || Has("role_arn") || Has("credential_process") ||
            Has("sso_session") || Has("sso_start_url") || Has("web_identity_token_file");
    }
}
