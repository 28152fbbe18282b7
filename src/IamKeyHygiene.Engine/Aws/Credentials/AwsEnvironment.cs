using System;
using System.Collections.Generic;
using System.IO;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// Environment variables as the resolver sees them: an injected dictionary (tests, parallel runs)
    /// or the process environment. Empty values count as unset, as the AWS SDKs treat them.
    /// </summary>
    internal sealed class AwsEnvironment
    {
        private readonly IReadOnlyDictionary<string, string>? _variables;

        public AwsEnvironment(IReadOnlyDictionary<string, string>? variables)
        {
            _variables = variables;
        }

        public string? Get(string name)
        {
            string? value;
            if (_variables == null)
                value = Environment.GetEnvironmentVariable(name);
            else if (!_variables.TryGetValue(name, out value))
                value = null;
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private InstanceMetadataClient? _instanceMetadata;
        private bool _instanceMetadataMade;

        /// <summary>
        /// The instance metadata client for this resolution (null when disabled), made once so the
        /// credential probe and the region lookup share one IMDSv2 session token.
        /// </summary>
        public InstanceMetadataClient? InstanceMetadata
        {
            get
            {
                if (!_instanceMetadataMade)
                {
                    _instanceMetadata = InstanceMetadataClient.FromEnvironment(this);
                    _instanceMetadataMade = true;
                }
                return _instanceMetadata;
            }
        }

        public bool IsTrue(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>The home folder that holds .aws: HOME, else USERPROFILE, else HOMEDRIVE+HOMEPATH.</summary>
        public string? HomeDirectory
        {
            get
            {
                var home = Get("HOME") ?? Get("USERPROFILE");
                if (home != null)
                    return home;
                var drive = Get("HOMEDRIVE");
                var path = Get("HOMEPATH");
                if (drive != null && path != null)
                    return drive + path;
                // Only the real process environment may fall back to the OS's idea of home.
                if (_variables == null)
                {
                    var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                    return string.IsNullOrEmpty(profile) ? null : profile;
                }
                return null;
            }
        }

        /// <summary>Expands a leading ~ the way the AWS CLI does for file settings.</summary>
        public string ExpandHome(string path)
        {
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            {
                var home = HomeDirectory;
                if (home != null)
                    return path.Length == 1 ? home : Path.Combine(home, path.Substring(2));
            }
            return path;
        }
    }
}
