using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Amazon.Runtime;
using Amazon.SecurityToken;
using IamKeyHygiene.Engine.Aws.Clients;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// Turns a shared-config profile into credentials, in the CLI's order within a profile: role_arn
    /// (with source_profile or credential_source), web identity (role_arn + web_identity_token_file), SSO,
    /// static keys, credential_process.
    /// Nothing is fetched here: roles, processes and SSO run at first use.
    /// </summary>
    internal sealed class ProfileCredentialsResolver
    {
        private readonly SharedConfigFiles _files;
        private readonly AwsEnvironment _environment;
        private readonly Func<AwsClientSettings> _settings;

        /// <param name="files">The shared files.</param>
        /// <param name="environment">The environment the connection reads.</param>
        /// <param name="settings">The connection's client settings (region, endpoints, retry), asked for only when a
        /// role or SSO profile first fetches, by which time the connection has settled them.</param>
        public ProfileCredentialsResolver(SharedConfigFiles files, AwsEnvironment environment, Func<AwsClientSettings> settings)
        {
            _files = files;
            _environment = environment;
            _settings = settings;
        }

        public SharedConfigFiles Files => _files;

        /// <summary>The named profile, or an error naming it and the files searched.</summary>
        public SharedProfile GetRequiredProfile(string name, string namedBy)
        {
            if (_files.TryGetProfile(name, out var profile))
                return profile;
            throw new AwsConfigurationException(
                $"The profile '{name}' ({namedBy}) was not found in {_files.DescribeSearched()}. A named profile that is missing is an error, never a fall-through to another profile.");
        }

        public AWSCredentials Resolve(SharedProfile profile) => Resolve(profile, new List<string>());

        private AWSCredentials Resolve(SharedProfile profile, List<string> chain)
        {
            if (chain.Contains(profile.Name))
                throw new AwsConfigurationException($"Profiles refer to each other in a loop: {string.Join(" -> ", chain)} -> {profile.Name}.");
            chain.Add(profile.Name);

            if (profile.Has("role_arn") && (profile.Has("source_profile") || profile.Has("credential_source") || !profile.Has("web_identity_token_file")))
                return ResolveRole(profile, chain);
            if (profile.Get("web_identity_token_file") is string tokenFile)
            {
                var roleArn = profile.Get("role_arn")
                    ?? throw new AwsConfigurationException($"Profile '{profile.Name}' sets web_identity_token_file without role_arn.");
                return WebIdentity(profile, roleArn, tokenFile);
            }
            if (profile.Has("sso_session") || profile.Has("sso_start_url"))
                return Sso(profile);
            if (profile.Has("aws_access_key_id") || profile.Has("aws_secret_access_key"))
                return StaticKeys(profile);
            if (profile.Get("credential_process") is string command)
                return new ProcessCredentials(command, profile.Name);

            throw new AwsConfigurationException(
                $"Profile '{profile.Name}' in {_files.DescribeSearched()} has no credentials: none of aws_access_key_id, role_arn, credential_process or sso settings.");
        }

        private static AWSCredentials StaticKeys(SharedProfile profile)
        {
            var accessKey = profile.Get("aws_access_key_id");
            var secretKey = profile.Get("aws_secret_access_key");
            if (accessKey == null || secretKey == null)
                throw new AwsConfigurationException(
                    $"Profile '{profile.Name}' sets {(accessKey == null ? "aws_secret_access_key without aws_access_key_id" : "aws_access_key_id without aws_secret_access_key")}.");
            var token = profile.Get("aws_session_token");
            return token == null ? new BasicAWSCredentials(accessKey, secretKey) : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, token);
        }

        private AWSCredentials ResolveRole(SharedProfile profile, List<string> chain)
        {
            if (profile.Has("mfa_serial"))
                throw new AwsConfigurationException(
                    $"Profile '{profile.Name}' needs an MFA code (mfa_serial), and this module never prompts (it runs in runbooks): use credential_process, or session credentials from Get-STSSessionToken.");

            var sourceProfileName = profile.Get("source_profile");
            var credentialSource = profile.Get("credential_source");
            if (sourceProfileName != null && credentialSource != null)
                throw new AwsConfigurationException($"Profile '{profile.Name}' sets both source_profile and credential_source; set one.");

            AWSCredentials source;
            if (sourceProfileName != null)
            {
                if (sourceProfileName == profile.Name)
                {
                    // A profile may name itself as source: its own static keys assume its own role.
                    source = StaticKeys(profile);
                }
                else
                {
                    var sourceProfile = GetRequiredProfile(sourceProfileName, $"source_profile of profile '{profile.Name}'");
                    source = Resolve(sourceProfile, chain);
                }
            }
            else if (credentialSource != null)
            {
                source = FromCredentialSource(profile.Name, credentialSource);
            }
            else
            {
                throw new AwsConfigurationException($"Profile '{profile.Name}' sets role_arn but neither source_profile nor credential_source.");
            }

            var options = new AssumeRoleAWSCredentialsOptions { ExternalId = profile.Get("external_id"), DurationSeconds = ParseDuration(profile) };
            return new RoleCredentials(source, profile.Get("role_arn")!, profile.Get("role_session_name"), options, CreateSts, $"of profile '{profile.Name}'");
        }

        private AmazonSecurityTokenServiceClient CreateSts(AWSCredentials source) => AwsClients.CreateSts(source, _settings());

        private AWSCredentials Sso(SharedProfile profile)
        {
            var sso = SsoProfileSettings.Read(profile, _files);
            var home = _environment.HomeDirectory
                ?? throw new AwsConfigurationException($"SSO profile '{profile.Name}' needs the token cache under the home folder, and neither HOME nor USERPROFILE is set.");
            var cache = Path.Combine(home, ".aws", "sso", "cache");
            return new SsoCredentials(profile.Name, sso, cache,
                () => AwsClients.CreateSsoPortal(sso.Region, _settings()),
                () => AwsClients.CreateSsoOidc(sso.Region, _settings()));
        }

        private AWSCredentials WebIdentity(SharedProfile profile, string roleArn, string tokenFile)
        {
            // The SDK wants an absolute token path; botocore takes a relative one from the current folder.
            var path = Path.GetFullPath(_environment.ExpandHome(tokenFile));
            var options = new AssumeRoleWithWebIdentityCredentialsOptions { DurationSeconds = ParseDuration(profile) };
            try
            {
                return new WebIdentityCredentials(CreateSts, profile.Name, roleArn, path,
                    profile.Get("role_session_name") ?? RoleCredentials.DefaultSessionName(), options);
            }
            catch (ArgumentException e)
            {
                throw new AwsConfigurationException($"Profile '{profile.Name}' has a web identity setting AWSSDK.Core refuses: {e.Message}", e);
            }
        }

        private AWSCredentials FromCredentialSource(string profileName, string credentialSource)
        {
            switch (credentialSource)
            {
                case "Environment":
                    return CredentialChain.FromEnvironmentKeys(_environment)
                        ?? throw new AwsConfigurationException($"Profile '{profileName}' takes credential_source Environment, but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set.");
                case "EcsContainer":
                    return ContainerCredentials.FromEnvironment(_environment)
                        ?? throw new AwsConfigurationException($"Profile '{profileName}' takes credential_source EcsContainer, but neither {ContainerCredentials.RelativeUriVariable} nor {ContainerCredentials.FullUriVariable} is set.");
                case "Ec2InstanceMetadata":
                    var metadata = _environment.InstanceMetadata
                        ?? throw new AwsConfigurationException($"Profile '{profileName}' takes credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true.");
                    return InstanceProfileCredentials.ProbeAsync(metadata).GetAwaiter().GetResult()
                        ?? throw new AwsConfigurationException($"Profile '{profileName}' takes credential_source Ec2InstanceMetadata, but instance metadata at {metadata.Endpoint} has no instance profile role.");
                default:
                    throw new AwsConfigurationException(
                        $"Profile '{profileName}' has credential_source '{credentialSource}'; the values are Environment, Ec2InstanceMetadata and EcsContainer.");
            }
        }

        private static int? ParseDuration(SharedProfile profile)
        {
            var text = profile.Get("duration_seconds");
            if (text == null)
                return null;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 900 || seconds > 43200)
                throw new AwsConfigurationException($"Profile '{profile.Name}' has duration_seconds '{text}'; STS accepts 900 to 43200.");
            return seconds;
        }
    }
}
