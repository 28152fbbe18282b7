using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.SharedInterfaces;
using Amazon.Util;
using Amazon.Util.Internal;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// An IAM Identity Center (SSO) profile's role credentials, from the token `aws sso login` cached. AWSSDK.Core's
    /// SSOTokenManager reads the cache file (~/.aws/sso/cache/&lt;sha1 of the session name, or of the start URL
    /// for a legacy profile&gt;.json), refreshes an expiring token through SSO-OIDC and writes it back; the portal's
    /// GetRoleCredentials turns the token into role credentials. Both clients are the project's (endpoint resolver,
    /// retry policy), handed over here rather than through GlobalRuntimeDependencyRegistry, which is process-wide
    /// and whose SSOAWSCredentials reads the cache under the process's home folder only. The module never opens a
    /// browser: a token that cannot be refreshed is an error asking for `aws sso login`.
    /// </summary>
    internal sealed class SsoCredentials : RefreshingAWSCredentials, IDescribedCredentials
    {
        private readonly Lazy<SSOTokenManager> _tokens;
        private readonly Func<ICoreAmazonSSO> _createPortal;
        private readonly SSOTokenManagerGetTokenOptions _tokenOptions;
        private readonly string _profileName;
        private readonly string _accountId;
        private readonly string _roleName;

        public SsoCredentials(string profileName, SsoProfileSettings settings, string cacheFolder,
            Func<ICoreAmazonSSO> createPortal, Func<ICoreAmazonSSOOIDC> createOidc)
        {
            _profileName = profileName;
            _accountId = settings.AccountId;
            _roleName = settings.RoleName;
            _createPortal = createPortal;
            // Made at first fetch: the connection settles its endpoints after the credentials are chosen.
            _tokens = new Lazy<SSOTokenManager>(() => new SSOTokenManager(createOidc(),
                new SSOTokenFileCache(CryptoUtilFactory.CryptoInstance, new FileRetriever(), new DirectoryRetriever())));
            _tokenOptions = new SSOTokenManagerGetTokenOptions
            {
                StartUrl = settings.StartUrl,
                Session = settings.SessionName,
                Region = settings.Region,
                CacheFolderLocation = cacheFolder,
                SupportsGettingNewToken = false,
            };
            FetchingCredentials.UseModuleTiming(this);
        }

        public string Description =>
            $"IAM Identity Center role '{_roleName}' in account {_accountId} of profile '{_profileName}'" +
            (_tokenOptions.Session == null ? $" (start URL {_tokenOptions.StartUrl})" : $" (sso-session '{_tokenOptions.Session}')");

        protected override CredentialsRefreshState GenerateNewCredentials()
            // Off the caller's thread, so a synchronous caller under a synchronization context cannot deadlock.
            => Task.Run(GenerateNewCredentialsAsync).GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            var token = await AccessTokenAsync().ConfigureAwait(false);
            ImmutableCredentials issued;
            try
            {
                issued = await _createPortal().CredentialsFromSsoAccessTokenAsync(_accountId, _roleName, token, null).ConfigureAwait(false);
            }
            catch (AmazonServiceException e) when (e.ErrorCode == "UnauthorizedException")
            {
                // The portal no longer accepts the cached token (signed out, or revoked before its stated expiry).
                throw LoginNeeded("the portal refused the cached sign-in");
            }
            catch (AmazonServiceException e)
            {
                throw new AwsConfigurationException(
                    $"GetRoleCredentials for {Description} failed: {e.ErrorCode} {e.Message} (HTTP {(int)e.StatusCode}, request {e.RequestId}).", e);
            }

            var expiration = issued is SSOImmutableCredentials sso ? sso.Expiration : DateTime.UtcNow.AddHours(1);
            return new CredentialsRefreshState(issued, FetchingCredentials.AsUtc(expiration));
        }

        private async Task<string> AccessTokenAsync()
        {
            try
            {
                return (await _tokens.Value.GetTokenAsync(_tokenOptions).ConfigureAwait(false)).AccessToken;
            }
            catch (AmazonClientException e)
            {
                // No cached token, an expired one without refresh data, or a refresh SSO-OIDC refused.
                throw LoginNeeded(e.Message.TrimEnd('.'));
            }
            catch (ArgumentNullException)
            {
                // A cached token due for refresh that lacks registrationExpiresAt cannot be refreshed.
                throw LoginNeeded("the cached token cannot be refreshed");
            }
        }

        private AwsConfigurationException LoginNeeded(string why) => new AwsConfigurationException(
            $"{Description} needs a new sign-in ({why}; token cache {_tokenOptions.CacheFolderLocation}): run `aws sso login --profile {_profileName}`. " +
            "This module never opens a browser.");
    }
}
