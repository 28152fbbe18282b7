using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Aws.Credentials;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>
    /// Credentials, region and endpoints resolved once from the AWS Tools common parameters, in
    /// AWS Tools' order. The one door through which the engine reaches AWS.
    /// Public members use only built-in and engine types (the cmdlet assembly sees this class).
    /// </summary>
    public sealed partial class AwsConnection
    {
        private AwsConnection(AWSCredentials credentials, AwsClientSettings settings, string credentialSource, string regionSource)
        {
            Credentials = credentials;
            ClientSettings = settings;
            CredentialSource = credentialSource;
            Region = settings.Region;
            RegionSource = regionSource;
        }

        /// <summary>Where the credentials came from: "parameter", "credential object", "profile NAME",
        /// "stored session credentials" (or "stored session credentials (profile NAME)" when
        /// $StoredAWSCredentials held a profile name), "environment", "container", "instance".</summary>
        public string CredentialSource { get; private set; } = "";

        public string Region { get; private set; } = "";

        /// <summary>Where the region came from: "parameter", "stored session region", "profile NAME",
        /// "environment", "instance", "default".</summary>
        public string RegionSource { get; private set; } = "";

        /// <summary>The endpoint override every service shares (-EndpointUrl, AWS_ENDPOINT_URL, the profile's
        /// endpoint_url), or null; a service may still have its own (see <see cref="DescribeEndpoint"/>).</summary>
        public string? EndpointUrl => ClientSettings.EndpointUrl;

        /// <summary>
        /// Resolves credentials and region; a missing named profile is an error, never a fall-through.
        /// Fetching sources (roles, credential_process, container, instance) run at first use, not here.
        /// Logs one debug line saying where both came from. Throws <see cref="AwsConfigurationException"/>.
        /// </summary>
        public static AwsConnection Resolve(AwsConnectionOptions options, IEngineLog log)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (log == null) throw new ArgumentNullException(nameof(log));

            var environment = new AwsEnvironment(options.Environment);
            // A bad -EndpointUrl is refused before anything is read or fetched.
            var endpointParameter = string.IsNullOrWhiteSpace(options.EndpointUrl) ? null : EndpointSources.Checked(options.EndpointUrl!.Trim(), "-EndpointUrl").Url;
            var files = SharedConfigFiles.Locate(string.IsNullOrWhiteSpace(options.ProfileLocation) ? null : options.ProfileLocation, environment);

            // Role and SSO profiles call STS and IAM Identity Center through the project's clients with the region and
            // endpoints this connection settles on below; they fetch lazily, so the settings exist by then.
            AwsClientSettings? settings = null;
            var profiles = new ProfileCredentialsResolver(files, environment,
                () => settings ?? throw new InvalidOperationException("A profile fetched credentials before the connection's settings were resolved."));

            var credentials = new CredentialChain(options, environment, profiles).Resolve();
            var profile = ProfileInEffect(credentials.Profile, environment, files);
            var (region, regionSource) = RegionChain.Resolve(options, environment, profile);
            var endpoints = new EndpointSources(endpointParameter, environment.Get, profile == null ? null : ProfileEndpoints.From(profile, files));
            settings = new AwsClientSettings(region, endpoints);
            // Every configured endpoint is checked now, so a bad one is a configuration error before any AWS call.
            var overrides = EndpointResolver.Services.ToDictionary(service => service, service => endpoints.For(EndpointResolver.ServiceId(service)));

            var connection = new AwsConnection(credentials.Credentials, settings, credentials.Source, regionSource)
            {
                SourceProfile = credentials.Profile,
                SharedFiles = files,
            };
            log.Debug($"AWS credentials from {credentials.Source} ({credentials.Detail}); region {region} from {regionSource}; {DescribeEndpoints(endpoints, overrides)}");
            return connection;
        }

        /// <summary>The endpoint a service's calls go to ("iam", "organizations", "sts") and where it came from; a
        /// configured value that is not a URL is an <see cref="AwsConfigurationException"/> naming its source.</summary>
        public (string Url, string Source) DescribeEndpoint(string service)
        {
            var endpoint = AwsClients.ResolveEndpoint(service, ClientSettings);
            return (endpoint.Url, endpoint.Source);
        }

        /// <summary>STS GetCallerIdentity with these credentials: who the module acts as. Every cmdlet's first call;
        /// a failure is an <see cref="Errors.EngineException"/> (CredentialsRejected when AWS refuses the credentials).</summary>
        public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
        {
            try
            {
                using (var sts = CreateStsClient())
                {
                    var response = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
                    return new CallerIdentity(response.Account, response.Arn, response.UserId);
                }
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw CallerFailure(AwsErrors.Translate(EndpointResolver.Sts, "GetCallerIdentity", exception));
            }
        }

        /// <summary>The id of the access key these credentials sign with (fetching them if they are fetched): the key
        /// no action ever changes (ModuleOwnKey). Never the secret.</summary>
        public async Task<string> SigningAccessKeyIdAsync()
            => (await Credentials.GetCredentialsAsync().ConfigureAwait(false)).AccessKey;

        /// <summary>The profile whose region and endpoint settings apply: the one the credentials came from, else
        /// the one AWS_PROFILE names, else `default` (when they exist).</summary>
        private static SharedProfile? ProfileInEffect(SharedProfile? credentialsProfile, AwsEnvironment environment, SharedConfigFiles files)
        {
            if (credentialsProfile != null)
                return credentialsProfile;
            // A missing AWS_PROFILE profile was already an error if credentials were looked up there.
            return files.TryGetProfile(environment.Get("AWS_PROFILE") ?? "default", out var profile) ? profile : null;
        }

        /// <summary>"endpoint override URL (SOURCE)." or "AWS's own endpoints.", then any service whose endpoint
        /// differs ("sts: URL (AWS_ENDPOINT_URL_STS).").</summary>
        private static string DescribeEndpoints(EndpointSources endpoints, IReadOnlyDictionary<string, EndpointOverride?> overrides)
        {
            var shared = endpoints.Shared;
            var text = shared == null
                ? "AWS's own endpoints" + (endpoints.IgnoresConfigured ? " (configured endpoints are ignored: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or ignore_configured_endpoint_urls)." : ".")
                : $"endpoint override {shared.Url} ({shared.Source}).";
            foreach (var pair in overrides.Where(pair => pair.Value != null && pair.Value.Source != shared?.Source))
                text += $" {pair.Key}: {pair.Value!.Url} ({pair.Value.Source}).";
            return text;
        }
    }

    /// <summary>STS GetCallerIdentity's answer.</summary>
    public sealed class CallerIdentity
    {
        public CallerIdentity(string account, string arn, string userId)
        {
            Account = account;
            Arn = arn;
            UserId = userId;
        }

        public string Account { get; }
        public string Arn { get; }
        public string UserId { get; }
    }
}
