using System;
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
        private AwsConnection(AWSCredentials credentials, AwsClientSettings settings, string credentialSource, string regionSource, string? endpointUrl)
        {
            Credentials = credentials;
            ClientSettings = settings;
            CredentialSource = credentialSource;
            Region = settings.Region;
            RegionSource = regionSource;
            EndpointUrl = endpointUrl;
        }

        /// <summary>Where the credentials came from: "parameter", "credential object", "profile NAME",
        /// "stored session credentials" (or "stored session credentials (profile NAME)" when
        /// $StoredAWSCredentials held a profile name), "environment", "container", "instance".</summary>
        public string CredentialSource { get; private set; } = "";

        public string Region { get; private set; } = "";

        /// <summary>Where the region came from: "parameter", "stored session region", "profile NAME",
        /// "environment", "instance", "default".</summary>
        public string RegionSource { get; private set; } = "";

        /// <summary>The endpoint override in force ("-EndpointUrl", AWS_ENDPOINT_URL…), or null for AWS's own.</summary>
        public string? EndpointUrl { get; private set; }

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
            var endpointParameter = ValidateEndpoint(options.EndpointUrl);
            var files = SharedConfigFiles.Locate(string.IsNullOrWhiteSpace(options.ProfileLocation) ? null : options.ProfileLocation, environment);

            // Role profiles call STS with the region and endpoints this connection settles on below;
            // they fetch lazily, so the settings exist by the time they are read.
            AwsClientSettings? settings = null;
            var profiles = new ProfileCredentialsResolver(files, environment,
                source => StsClientFactory.Create(source, settings ?? throw new InvalidOperationException("STS was called before the connection's settings were resolved.")));

            var credentials = new CredentialChain(options, environment, profiles).Resolve();
            var (region, regionSource) = RegionChain.Resolve(options, environment, files, credentials.Profile);
            settings = new AwsClientSettings(region, endpointParameter, environment.Get);

            var endpointInForce = endpointParameter
                ?? (environment.IsTrue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ? null : environment.Get("AWS_ENDPOINT_URL"));
            var connection = new AwsConnection(credentials.Credentials, settings, credentials.Source, regionSource, endpointInForce);

            log.Debug($"AWS credentials from {credentials.Source} ({credentials.Detail}); region {region} from {regionSource}; " +
                      (endpointInForce == null ? "AWS's own endpoints." : $"endpoint override {endpointInForce}" + (endpointParameter != null ? " (-EndpointUrl)." : " (AWS_ENDPOINT_URL).")));
            return connection;
        }

        /// <summary>The URL used for a service ("iam", "organizations", "sts").</summary>
        public string DescribeEndpoint(string service) => AwsClients.ResolveEndpoint(service, ClientSettings);

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

        private static string? ValidateEndpoint(string? endpointUrl)
        {
            if (string.IsNullOrWhiteSpace(endpointUrl))
                return null;
            var trimmed = endpointUrl!.Trim();
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new AwsConfigurationException($"-EndpointUrl '{trimmed}' is not an absolute http or https URL.");
            return trimmed;
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
