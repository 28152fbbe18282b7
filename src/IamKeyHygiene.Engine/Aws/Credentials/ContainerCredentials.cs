using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// ECS / EKS Pod Identity container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on the ECS
    /// agent's 169.254.170.2) or AWS_CONTAINER_CREDENTIALS_FULL_URI, with the Authorization header from
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read at each fetch: the agent rotates it) or
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN. A full http URI must be loopback or the ECS/EKS agent, as the SDKs require.
    /// Kept instead of AWSSDK.Core's GenericContainerCredentials, which reads these variables from the process only
    /// (not the environment the connection was given), retries a refused token five times and reports neither the
    /// endpoint nor the status; ContainerCredentialsTests pin that.
    /// </summary>
    internal sealed class ContainerCredentials : FetchingCredentials
    {
        internal const string RelativeUriVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
        internal const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
        private const string EcsAgentHost = "http://169.254.170.2";
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
        private const int Attempts = 3;

        private readonly Uri _uri;
        private readonly string? _token;
        private readonly string? _tokenFile;

        private ContainerCredentials(Uri uri, string? token, string? tokenFile)
        {
            _uri = uri;
            _token = token;
            _tokenFile = tokenFile;
        }

        public override string Description => $"container credentials endpoint {_uri.GetLeftPart(UriPartial.Path)}";

        /// <summary>Null when neither container variable is set (the source is absent).</summary>
        public static ContainerCredentials? FromEnvironment(AwsEnvironment environment)
        {
            var relative = environment.Get(RelativeUriVariable);
            var full = environment.Get(FullUriVariable);
            if (relative == null && full == null)
                return null;

            Uri uri;
            if (relative != null)
            {
                // The relative URI wins when both are set, as in every AWS SDK.
                if (!Uri.TryCreate(EcsAgentHost + (relative.StartsWith("/", StringComparison.Ordinal) ? "" : "/") + relative, UriKind.Absolute, out uri!))
                    throw new AwsConfigurationException($"{RelativeUriVariable} is not a usable path.");
            }
            else
            {
                if (!Uri.TryCreate(full, UriKind.Absolute, out uri!) || (uri.Scheme != "http" && uri.Scheme != "https"))
                    throw new AwsConfigurationException($"{FullUriVariable} is not an http or https URL: '{full}'.");
                if (uri.Scheme == "http" && !IsAllowedPlainHttpHost(uri))
                    throw new AwsConfigurationException(
                        $"{FullUriVariable} uses plain http to '{uri.Host}': only loopback addresses and the ECS/EKS agent (169.254.170.2, 169.254.170.23, fd00:ec2::23) may; use https.");
            }

            return new ContainerCredentials(uri, environment.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN"), environment.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
        }

        private static bool IsAllowedPlainHttpHost(Uri uri)
        {
            if (uri.IsLoopback)
                return true;
            if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
                return false;
            return address.Equals(IPAddress.Parse("169.254.170.2")) || address.Equals(IPAddress.Parse("169.254.170.23"))
                || address.Equals(IPAddress.Parse("fd00:ec2::23"));
        }

        private string? ReadToken()
        {
            string? token = _token;
            if (_tokenFile != null)
            {
                try
                {
                    token = File.ReadAllText(_tokenFile).Trim();
                }
                catch (IOException e)
                {
                    throw new AwsConfigurationException($"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '{_tokenFile}' could not be read: {e.Message}", e);
                }
                catch (UnauthorizedAccessException e)
                {
                    throw new AwsConfigurationException($"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '{_tokenFile}' could not be read: {e.Message}", e);
                }
            }
            if (token != null && (token.IndexOf('\r') >= 0 || token.IndexOf('\n') >= 0))
                throw new AwsConfigurationException("The container authorization token contains a line break; it cannot be sent as a header.");
            return token;
        }

        protected override async Task<TemporaryCredentialsDocument> FetchAsync()
        {
            Exception? last = null;
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                var token = ReadToken();
                using (var request = new HttpRequestMessage(HttpMethod.Get, _uri))
                {
                    if (token != null)
                        request.Headers.TryAddWithoutValidation("Authorization", token);
                    try
                    {
                        var (status, body) = await LocalHttp.SendAsync(request, RequestTimeout).ConfigureAwait(false);
                        if (status == 200)
                            return TemporaryCredentialsDocument.Parse(body, Description, requireVersion1: false);
                        last = new AwsConfigurationException($"{Description} answered HTTP {status}.");
                        if (status < 500 && status != 429)
                            break; // a client error will not change on retry
                    }
                    catch (Exception e) when (e is HttpRequestException || e is TimeoutException)
                    {
                        last = e;
                    }
                }
                if (attempt < Attempts)
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt)).ConfigureAwait(false);
            }
            throw last is AwsConfigurationException configuration
                ? configuration
                : new AwsConfigurationException($"{Description} could not be reached: {last?.Message}", last!);
        }
    }
}
