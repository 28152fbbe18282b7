using System;
using System.Globalization;
using System.Net.Http;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// The EC2 instance metadata service, IMDSv2 first: PUT /latest/api/token, then GETs carrying the token.
    /// Falls back to IMDSv1 only when the token call is not understood (404/405), never on 403 (IMDS turned
    /// off) and never when AWS_EC2_METADATA_V1_DISABLED=true. Endpoint: AWS_EC2_METADATA_SERVICE_ENDPOINT,
    /// else AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE (IPv4/IPv6). AWS_EC2_METADATA_DISABLED=true disables it.
    /// Timeouts follow AWS_METADATA_SERVICE_TIMEOUT / AWS_METADATA_SERVICE_NUM_ATTEMPTS (1 s, 1 attempt):
    /// off EC2 the probe must cost about a second, not more. Kept instead of AWSSDK.Core's EC2InstanceMetadata and
    /// InstanceProfileAWSCredentials, which fix the endpoint in a static field at first use (one per process, so a
    /// later AWS_EC2_METADATA_SERVICE_ENDPOINT or a parallel run's cannot differ) and share one token cache.
    /// </summary>
    internal sealed class InstanceMetadataClient
    {
        private const string TokenTtlSeconds = "21600";
        private readonly object _gate = new object();
        private readonly TimeSpan _timeout;
        private readonly int _attempts;
        private readonly bool _v1Disabled;
        private string? _token;
        private DateTime _tokenExpires;
        private bool _useV1;

        private InstanceMetadataClient(string endpoint, TimeSpan timeout, int attempts, bool v1Disabled)
        {
            Endpoint = endpoint;
            _timeout = timeout;
            _attempts = attempts;
            _v1Disabled = v1Disabled;
        }

        public string Endpoint { get; }

        /// <summary>Null when AWS_EC2_METADATA_DISABLED=true.</summary>
        public static InstanceMetadataClient? FromEnvironment(AwsEnvironment environment)
        {
            if (environment.IsTrue("AWS_EC2_METADATA_DISABLED"))
                return null;
            var endpoint = environment.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT")
                ?? (string.Equals(environment.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"), "IPv6", StringComparison.OrdinalIgnoreCase)
                    ? "http://[fd00:ec2::254]"
                    : "http://169.254.169.254");
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new AwsConfigurationException($"AWS_EC2_METADATA_SERVICE_ENDPOINT '{endpoint}' is not an absolute http or https URL.");
            var timeout = double.TryParse(environment.Get("AWS_METADATA_SERVICE_TIMEOUT"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromSeconds(1);
            var attempts = int.TryParse(environment.Get("AWS_METADATA_SERVICE_NUM_ATTEMPTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
            return new InstanceMetadataClient(endpoint.TrimEnd('/'), timeout, attempts, environment.IsTrue("AWS_EC2_METADATA_V1_DISABLED"));
        }

        /// <summary>GETs a metadata path such as "/latest/meta-data/placement/region"; throws InstanceMetadataException.</summary>
        public async Task<string> GetAsync(string path)
        {
            Exception? last = null;
            for (var attempt = 1; attempt <= _attempts; attempt++)
            {
                try
                {
                    var token = await GetTokenAsync().ConfigureAwait(false);
                    using (var request = new HttpRequestMessage(HttpMethod.Get, Endpoint + path))
                    {
                        if (token != null)
                            request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token", token);
                        var (status, body) = await LocalHttp.SendAsync(request, _timeout).ConfigureAwait(false);
                        if (status == 200)
                            return body;
                        if (status == 401)
                        {
                            ForgetToken(); // expired or revoked: the next attempt fetches a new one
                            last = new InstanceMetadataException($"instance metadata {path} answered HTTP 401.");
                            continue;
                        }
                        throw new InstanceMetadataException($"instance metadata {path} answered HTTP {status}.");
                    }
                }
                catch (Exception e) when (e is HttpRequestException || e is TimeoutException)
                {
                    last = e;
                }
            }
            throw last as InstanceMetadataException
                ?? new InstanceMetadataException($"instance metadata at {Endpoint} could not be reached: {last?.Message}");
        }

        private void ForgetToken()
        {
            lock (_gate) _token = null;
        }

        private async Task<string?> GetTokenAsync()
        {
            lock (_gate)
            {
                if (_useV1)
                    return null;
                if (_token != null && DateTime.UtcNow < _tokenExpires)
                    return _token;
            }

            using (var request = new HttpRequestMessage(HttpMethod.Put, Endpoint + "/latest/api/token"))
            {
                request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token-ttl-seconds", TokenTtlSeconds);
                var (status, body) = await LocalHttp.SendAsync(request, _timeout).ConfigureAwait(false);
                if (status == 200 && body.Length > 0)
                {
                    lock (_gate)
                    {
                        _token = body.Trim();
                        // Renew well before the service forgets it.
                        _tokenExpires = DateTime.UtcNow.AddSeconds(int.Parse(TokenTtlSeconds, CultureInfo.InvariantCulture) - 60);
                        return _token;
                    }
                }
                if ((status == 404 || status == 405) && !_v1Disabled)
                {
                    lock (_gate) _useV1 = true;
                    return null;
                }
                throw new InstanceMetadataException(status == 403
                    ? "instance metadata refused a session token (HTTP 403): the service is turned off for this instance."
                    : $"instance metadata token request answered HTTP {status}.");
            }
        }
    }

    /// <summary>The instance metadata service is absent or said no.</summary>
    internal sealed class InstanceMetadataException : Exception
    {
        public InstanceMetadataException(string message) : base(message) { }
    }
}
