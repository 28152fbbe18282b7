using System;
using System.Collections.Generic;
using IamKeyHygiene.Engine.Aws.Credentials;

namespace IamKeyHygiene.Engine.Aws.Endpoints
{
    /// <summary>An endpoint someone configured in place of AWS's own, and where it was configured.</summary>
    internal sealed class EndpointOverride
    {
        public EndpointOverride(string url, string source)
        {
            Url = url;
            Source = source;
        }

        public string Url { get; }

        /// <summary>"-EndpointUrl", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL", "profile 'dev' in /home/u/.aws/config"…</summary>
        public string Source { get; }
    }

    /// <summary>
    /// Every setting that can replace AWS's endpoint for a service, gathered once per connection and read in the
    /// AWS SDKs' documented order (AWS SDKs and Tools reference guide, "Service-specific endpoints"):
    /// -EndpointUrl; then, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
    /// ignore_configured_endpoint_urls) is true, AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL, the
    /// service's endpoint_url in the [services NAME] section the profile names, the profile's own endpoint_url.
    /// A value that is not an absolute http(s) URL is an <see cref="AwsConfigurationException"/> naming where it
    /// was set, raised when a service's endpoint is first asked for (-EndpointUrl: at once).
    /// </summary>
    internal sealed class EndpointSources
    {
        private const string IgnoreVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
        private const string SharedVariable = "AWS_ENDPOINT_URL";

        private readonly EndpointOverride? _parameter;
        private readonly Func<string, string?> _environment;
        private readonly ProfileEndpoints? _profile;

        public EndpointSources(string? endpointUrlParameter, Func<string, string?> environment, ProfileEndpoints? profile = null)
        {
            _environment = environment;
            _profile = profile;
            _parameter = string.IsNullOrWhiteSpace(endpointUrlParameter) ? null : Checked(endpointUrlParameter!.Trim(), "-EndpointUrl");
        }

        public static EndpointSources None { get; } = new EndpointSources(null, _ => null);

        /// <summary>True when configured endpoints are switched off (only -EndpointUrl still applies).</summary>
        public bool IgnoresConfigured
        {
            get
            {
                var variable = Value(IgnoreVariable);
                if (variable != null)
                    return ParseFlag(variable, IgnoreVariable);
                return _profile?.IgnoreConfigured == true;
            }
        }

        /// <summary>The override every service shares (-EndpointUrl, AWS_ENDPOINT_URL, the profile's endpoint_url), or null.</summary>
        public EndpointOverride? Shared
            => _parameter ?? (IgnoresConfigured ? null : FromVariable(SharedVariable) ?? _profile?.Shared);

        /// <summary>The override for one service (its service id, e.g. "STS", "SSO OIDC"), or null for AWS's own endpoint.</summary>
        public EndpointOverride? For(string serviceId)
        {
            if (_parameter != null)
                return _parameter;
            if (IgnoresConfigured)
                return null;
            return FromVariable(SharedVariable + "_" + serviceId.ToUpperInvariant().Replace(' ', '_'))
                ?? FromVariable(SharedVariable)
                ?? _profile?.ForService(serviceId.ToLowerInvariant().Replace(' ', '_'))
                ?? _profile?.Shared;
        }

        internal static EndpointOverride Checked(string url, string source)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new AwsConfigurationException($"{source} '{url}' is not an absolute http or https URL.");
            return new EndpointOverride(url, source);
        }

        internal static bool ParseFlag(string value, string source)
        {
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return false;
            throw new AwsConfigurationException($"{source} is '{value}'; use true or false.");
        }

        private string? Value(string name)
        {
            var value = _environment(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private EndpointOverride? FromVariable(string name) => Value(name) is string url ? Checked(url, name) : null;
    }

    /// <summary>The endpoint settings of the profile in use: its endpoint_url, ignore_configured_endpoint_urls and
    /// the [services NAME] section its services setting names.</summary>
    internal sealed class ProfileEndpoints
    {
        private readonly string _where;
        private readonly string? _endpointUrl;
        private readonly string? _ignore;
        private readonly string? _servicesName;
        private readonly IReadOnlyDictionary<string, Dictionary<string, string>>? _services;

        private ProfileEndpoints(string where, string? endpointUrl, string? ignore, string? servicesName,
            IReadOnlyDictionary<string, Dictionary<string, string>>? services)
        {
            _where = where;
            _endpointUrl = endpointUrl;
            _ignore = ignore;
            _servicesName = servicesName;
            _services = services;
        }

        public static ProfileEndpoints From(SharedProfile profile, SharedConfigFiles files)
        {
            var where = $"profile '{profile.Name}' in {files.ConfigPath ?? files.CredentialsPath ?? "the shared config file"}";
            var servicesName = profile.Get("services");
            IReadOnlyDictionary<string, Dictionary<string, string>>? services = null;
            if (servicesName != null)
            {
                services = files.GetServicesSection(servicesName)
                    ?? throw new AwsConfigurationException($"The {where} names services '{servicesName}', but there is no [services {servicesName}] section.");
            }
            return new ProfileEndpoints(where, profile.Get("endpoint_url"), profile.Get("ignore_configured_endpoint_urls"), servicesName, services);
        }

        public bool IgnoreConfigured => _ignore != null && EndpointSources.ParseFlag(_ignore, $"ignore_configured_endpoint_urls of the {_where}");

        public EndpointOverride? Shared => _endpointUrl == null ? null : EndpointSources.Checked(_endpointUrl, $"endpoint_url of the {_where}");

        /// <summary>The endpoint_url under the service's key ("sts", "sso_oidc") in the profile's services section.</summary>
        public EndpointOverride? ForService(string serviceKey)
        {
            if (_services == null || !_services.TryGetValue(serviceKey, out var settings)
                || !settings.TryGetValue("endpoint_url", out var url) || string.IsNullOrWhiteSpace(url))
                return null;
            return EndpointSources.Checked(url.Trim(), $"{serviceKey} endpoint_url of [services {_servicesName}] (the {_where})");
        }
    }
}
