using System;
using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// AWS Tools for PowerShell V5's credential order: -AccessKey/-SecretKey(/-SessionToken) → -Credential →
    /// -ProfileName/-ProfileLocation (a missing named profile is an error) → $StoredAWSCredentials →
    /// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN → the profile AWS_PROFILE names → `default`
    /// → container credentials → instance profile. The first source present wins; a present source that is
    /// broken is an error, never a reason to try the next (that could act as another account). A named
    /// profile that is missing is an error; `default` or the AWS_PROFILE profile holding only a region is
    /// not a credentials source and is passed over (it still gives the region).
    /// </summary>
    internal sealed class CredentialChain
    {
        private readonly AwsConnectionOptions _options;
        private readonly AwsEnvironment _environment;
        private readonly ProfileCredentialsResolver _profiles;

        public CredentialChain(AwsConnectionOptions options, AwsEnvironment environment, ProfileCredentialsResolver profiles)
        {
            _options = options;
            _environment = environment;
            _profiles = profiles;
        }

        public ResolvedCredentials Resolve()
        {
            return FromParameters()
                ?? FromCredentialObject()
                ?? FromProfileParameters()
                ?? FromStoredCredentials()
                ?? FromEnvironment()
                ?? FromAwsProfileVariable()
                ?? FromDefaultProfile()
                ?? FromContainer()
                ?? FromInstanceProfile(out var instanceNote)
                ?? throw new AwsConfigurationException(
                    "No AWS credentials found. Searched, in order: -AccessKey/-SecretKey, -Credential, -ProfileName/-ProfileLocation, $StoredAWSCredentials, " +
                    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, the 'default' profile in " + _profiles.Files.DescribeSearched() +
                    ", container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI not set), instance metadata (" + instanceNote + ").");
        }

        /// <summary>AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN); null when unset, an error when half set.</summary>
        internal static AWSCredentials? FromEnvironmentKeys(AwsEnvironment environment)
        {
            var accessKey = environment.Get("AWS_ACCESS_KEY_ID");
            // AWS_SECRET_KEY is the .NET SDK's older name for the same thing.
            var secretKey = environment.Get("AWS_SECRET_ACCESS_KEY") ?? environment.Get("AWS_SECRET_KEY");
            if (accessKey == null && secretKey == null)
                return null;
            if (accessKey == null || secretKey == null)
                throw new AwsConfigurationException(accessKey == null
                    ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not."
                    : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.");
            var token = environment.Get("AWS_SESSION_TOKEN");
            return token == null ? new BasicAWSCredentials(accessKey, secretKey) : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, token);
        }

        private ResolvedCredentials? FromParameters()
        {
            var accessKey = Blank(_options.AccessKey);
            var secretKey = Blank(_options.SecretKey);
            var token = Blank(_options.SessionToken);
            if (accessKey == null && secretKey == null && token == null)
                return null;
            if (accessKey == null || secretKey == null)
                throw new AwsConfigurationException(accessKey == null
                    ? "-SecretKey or -SessionToken was given without -AccessKey."
                    : "-AccessKey was given without -SecretKey.");
            var credentials = token == null ? new BasicAWSCredentials(accessKey, secretKey) : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, token);
            return new ResolvedCredentials(credentials, "parameter", $"-AccessKey {KeyIdDisplay.Tail(accessKey)}" + (token == null ? "" : " with -SessionToken"), null);
        }

        private ResolvedCredentials? FromCredentialObject()
        {
            if (_options.Credential == null)
                return null;
            var credentials = DuckTypedCredentials.Read(_options.Credential, "the -Credential object");
            return new ResolvedCredentials(credentials, "credential object", Describe(credentials), null);
        }

        private ResolvedCredentials? FromProfileParameters()
        {
            var name = Blank(_options.ProfileName);
            var location = Blank(_options.ProfileLocation);
            if (name == null && location == null)
                return null;
            // -ProfileLocation alone means that file's default profile, as in AWS Tools.
            var profileName = name ?? "default";
            var namedBy = name != null ? "-ProfileName" : "the default profile of -ProfileLocation";
            return FromNamedProfile(profileName, namedBy, $"profile {profileName}");
        }

        private ResolvedCredentials? FromStoredCredentials()
        {
            var stored = _options.StoredCredentials;
            if (stored == null)
                return null;
            if (stored is string profileName)
                return profileName.Trim().Length == 0 ? null
                    : FromNamedProfile(profileName.Trim(), "$StoredAWSCredentials", $"stored session credentials (profile {profileName.Trim()})");
            var credentials = DuckTypedCredentials.Read(stored, "$StoredAWSCredentials");
            return new ResolvedCredentials(credentials, "stored session credentials", Describe(credentials), null);
        }

        private ResolvedCredentials? FromEnvironment()
        {
            var credentials = FromEnvironmentKeys(_environment);
            return credentials == null ? null
                : new ResolvedCredentials(credentials, "environment", "AWS_ACCESS_KEY_ID " + Describe(credentials), null);
        }

        private ResolvedCredentials? FromAwsProfileVariable()
        {
            var name = _environment.Get("AWS_PROFILE");
            if (name == null)
                return null;
            // Missing is an error (it would otherwise act as another account); present with only a region
            // (AWS_PROFILE=default on an EC2 box, say) leaves credentials to the sources below, as the SDKs do.
            var profile = _profiles.GetRequiredProfile(name, "AWS_PROFILE");
            return profile.DefinesCredentials ? FromProfile(profile, $"profile {name}", "AWS_PROFILE") : null;
        }

        private ResolvedCredentials? FromDefaultProfile()
        {
            // `default` is only a candidate: one that holds just a region is skipped, not an error.
            if (!_profiles.Files.TryGetProfile("default", out var profile) || !profile.DefinesCredentials)
                return null;
            return FromProfile(profile, "profile default", "the default profile");
        }

        private ResolvedCredentials? FromContainer()
        {
            var container = ContainerCredentials.FromEnvironment(_environment);
            return container == null ? null : new ResolvedCredentials(container, "container", container.Description, null);
        }

        private ResolvedCredentials? FromInstanceProfile(out string note)
        {
            var metadata = _environment.InstanceMetadata;
            if (metadata == null)
            {
                note = "AWS_EC2_METADATA_DISABLED is true";
                return null;
            }
            var instance = InstanceProfileCredentials.ProbeAsync(metadata).GetAwaiter().GetResult();
            if (instance == null)
            {
                note = $"no instance profile role at {metadata.Endpoint}";
                return null;
            }
            note = "";
            return new ResolvedCredentials(instance, "instance", instance.Description, null);
        }

        private ResolvedCredentials FromNamedProfile(string name, string namedBy, string source)
        {
            var profile = _profiles.GetRequiredProfile(name, namedBy);
            return FromProfile(profile, source, namedBy);
        }

        private ResolvedCredentials FromProfile(SharedProfile profile, string source, string namedBy)
        {
            var credentials = _profiles.Resolve(profile);
            return new ResolvedCredentials(credentials, source, $"{namedBy}, {Describe(credentials)}", profile);
        }

        /// <summary>What kind of credentials, and for static keys the last four characters of the key id.</summary>
        private static string Describe(AWSCredentials credentials)
        {
            switch (credentials)
            {
                case IDescribedCredentials described:
                    return described.Description;
                case BasicAWSCredentials _:
                case SessionAWSCredentials _:
                    var keys = credentials.GetCredentials();
                    return (keys.UseToken ? "session key " : "key ") + KeyIdDisplay.Tail(keys.AccessKey);
                default:
                    return credentials.GetType().Name;
            }
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
