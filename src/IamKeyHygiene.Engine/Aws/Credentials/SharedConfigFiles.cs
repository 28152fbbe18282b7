using System;
using System.Collections.Generic;
using System.IO;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// The shared credentials and config files, located as AWS Tools and the SDKs do:
    /// -ProfileLocation names the credentials file (its sibling "config" is the config file), else
    /// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/credentials and ~/.aws/config.
    /// The files are read once, when this is built.
    /// </summary>
    internal sealed class SharedConfigFiles
    {
        private readonly IniFile? _credentials;
        private readonly IniFile? _config;

        public SharedConfigFiles(string? credentialsPath, string? configPath)
        {
            CredentialsPath = credentialsPath;
            ConfigPath = configPath;
            _credentials = credentialsPath == null ? null : IniFile.Load(credentialsPath);
            _config = configPath == null ? null : IniFile.Load(configPath);
        }

        public string? CredentialsPath { get; }
        public string? ConfigPath { get; }

        public static SharedConfigFiles Locate(string? profileLocation, AwsEnvironment environment)
        {
            var awsFolder = environment.HomeDirectory is string home ? Path.Combine(home, ".aws") : null;
            if (profileLocation != null)
            {
                var credentialsPath = Path.GetFullPath(environment.ExpandHome(profileLocation));
                var siblingConfig = Path.Combine(Path.GetDirectoryName(credentialsPath) ?? ".", "config");
                return new SharedConfigFiles(credentialsPath, siblingConfig);
            }

            var credentials = environment.Get("AWS_SHARED_CREDENTIALS_FILE") is string c
                ? environment.ExpandHome(c)
                : awsFolder == null ? null : Path.Combine(awsFolder, "credentials");
            var config = environment.Get("AWS_CONFIG_FILE") is string f
                ? environment.ExpandHome(f)
                : awsFolder == null ? null : Path.Combine(awsFolder, "config");
            return new SharedConfigFiles(credentials, config);
        }

        /// <summary>The files searched, for error messages: "'/home/u/.aws/credentials' and '/home/u/.aws/config'".</summary>
        public string DescribeSearched()
        {
            var parts = new List<string>();
            if (CredentialsPath != null) parts.Add($"'{CredentialsPath}'" + (File.Exists(CredentialsPath) ? "" : " (not found)"));
            if (ConfigPath != null) parts.Add($"'{ConfigPath}'" + (File.Exists(ConfigPath) ? "" : " (not found)"));
            return parts.Count == 0 ? "no files (no home folder and no AWS_SHARED_CREDENTIALS_FILE/AWS_CONFIG_FILE)" : string.Join(" and ", parts);
        }

        public bool TryGetProfile(string name, out SharedProfile profile)
        {
            var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var found = false;

            // Config file first, so the credentials file wins on a key both set (as the CLI does).
            if (_config != null)
            {
                foreach (var section in ConfigSectionNames(name))
                {
                    if (_config.TryGetSection(section, out var settings))
                    {
                        found = true;
                        foreach (var pair in settings) merged[pair.Key] = pair.Value;
                    }
                }
            }
            if (_credentials != null && _credentials.TryGetSection(name, out var credentialSettings))
            {
                found = true;
                foreach (var pair in credentialSettings) merged[pair.Key] = pair.Value;
            }

            profile = found ? new SharedProfile(name, merged) : null!;
            return found;
        }

        /// <summary>An [sso-session NAME] section of the config file.</summary>
        public IReadOnlyDictionary<string, string>? GetSsoSession(string name)
            => _config != null && _config.TryGetSection("sso-session " + name, out var settings) ? settings : null;

        private static IEnumerable<string> ConfigSectionNames(string profileName)
        {
            // [default] or [profile default] for the default profile; [profile NAME] for the others.
            if (profileName == "default")
            {
                yield return "default";
                yield return "profile default";
            }
            else
            {
                yield return "profile " + profileName;
            }
        }
    }
}
