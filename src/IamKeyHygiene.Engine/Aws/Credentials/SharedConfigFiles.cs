using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Amazon.Runtime.Internal.Util;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// The shared credentials and config files, located as AWS Tools and the SDKs do:
    /// -ProfileLocation names the credentials file (its sibling "config" is the config file), else
    /// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/credentials and ~/.aws/config.
    /// AWSSDK.Core's ProfileIniFile reads them, after <see cref="SharedFileCheck"/> has refused what it would let
    /// through. The paths are ours, not SharedCredentialsFile's: that class takes AWS_CONFIG_FILE from the process
    /// once per process, and the caller's environment (injected, or changed between runs in one session) must win.
    /// The files are read once, when this is built.
    /// </summary>
    internal sealed class SharedConfigFiles
    {
        private readonly ProfileIniFile? _credentials;
        private readonly ProfileIniFile? _config;

        public SharedConfigFiles(string? credentialsPath, string? configPath)
        {
            CredentialsPath = credentialsPath;
            ConfigPath = configPath;
            _credentials = Read(credentialsPath, profileMarkerRequired: false);
            _config = Read(configPath, profileMarkerRequired: true);
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

        /// <summary>A profile: its config-file settings ([default] or [profile NAME]) with the credentials file's
        /// [NAME] over them, as the CLI merges them.</summary>
        public bool TryGetProfile(string name, out SharedProfile profile)
        {
            var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var found = false;
            if (_config != null)
            {
                // [default] may go without the "profile" marker in the config file; every other profile needs it.
                _config.ProfileMarkerRequired = name != "default";
                found |= Merge(_config, name, isSsoSession: false, isServices: false, merged);
            }
            if (_credentials != null)
                found |= Merge(_credentials, name, isSsoSession: false, isServices: false, merged);

            profile = found ? new SharedProfile(name, merged) : null!;
            return found;
        }

        /// <summary>An [sso-session NAME] section of the config file.</summary>
        public IReadOnlyDictionary<string, string>? GetSsoSession(string name) => ConfigSection(name, isSsoSession: true);

        /// <summary>
        /// A [services NAME] section of the config file: each service's nested settings by its key
        /// ("sts", "iam", "sso_oidc"…), e.g. sts → endpoint_url.
        /// </summary>
        public IReadOnlyDictionary<string, Dictionary<string, string>>? GetServicesSection(string name)
        {
            if (_config == null)
                return null;
            _config.ProfileMarkerRequired = true;
            return _config.TryGetSection(name, false, true, out _, out var nested) ? nested : null;
        }

        /// <summary>Every profile name in the two files (for argument completion).</summary>
        public IReadOnlyList<string> ProfileNames()
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            if (_credentials != null)
                names.UnionWith(_credentials.ListSectionNames().Where(n => !n.StartsWith("sso-session ", StringComparison.Ordinal) && !n.StartsWith("services ", StringComparison.Ordinal)));
            if (_config != null)
            {
                _config.ProfileMarkerRequired = true;
                names.UnionWith(_config.ListSectionNames());
                _config.ProfileMarkerRequired = false;
                if (_config.ListSectionNames().Contains("default"))
                    names.Add("default");
            }
            return names.ToList();
        }

        private IReadOnlyDictionary<string, string>? ConfigSection(string name, bool isSsoSession)
        {
            if (_config == null)
                return null;
            _config.ProfileMarkerRequired = true;
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            return Merge(_config, name, isSsoSession, isServices: false, settings) ? settings : null;
        }

        private static bool Merge(ProfileIniFile file, string name, bool isSsoSession, bool isServices, Dictionary<string, string> into)
        {
            if (!file.TryGetSection(name, isSsoSession, isServices, out var properties, out var nested))
                return false;
            foreach (var pair in properties)
                into[pair.Key] = pair.Value;
            // A parent key such as "s3 =" keeps its (empty) place among the profile's settings; its sub-settings do not.
            foreach (var parent in nested?.Keys ?? Enumerable.Empty<string>())
                into[parent] = "";
            return true;
        }

        private static ProfileIniFile? Read(string? path, bool profileMarkerRequired)
        {
            if (path == null)
                return null;
            string text;
            try
            {
                text = File.Exists(path) ? File.ReadAllText(path) : "";
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AwsConfigurationException($"{path} could not be read: {e.Message}", e);
            }

            SharedFileCheck.Validate(path, text);
            try
            {
                return new ProfileIniFile(path, profileMarkerRequired);
            }
            catch (InvalidDataException)
            {
                // Its message quotes the offending line, which may hold a secret.
                throw new AwsConfigurationException($"{path} has a line AWSSDK.Core's profile reader cannot read.");
            }
        }
    }
}
