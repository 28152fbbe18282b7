using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// A profile with role_arn and web_identity_token_file (EKS service accounts, GitHub OIDC…): AWSSDK.Core's
    /// AssumeRoleWithWebIdentityCredentials, which reads the token file again at each fetch (the issuer rotates
    /// it) and calls AssumeRoleWithWebIdentity unsigned, with the project's STS client in place of the one the
    /// SDK would take from its process-wide registry (see <see cref="RoleCredentials"/> for why).
    /// </summary>
    internal sealed class WebIdentityCredentials : AssumeRoleWithWebIdentityCredentials, IDescribedCredentials
    {
        private readonly Lazy<ICoreAmazonSTS> _sts;
        private readonly string _profileName;

        public WebIdentityCredentials(Func<AWSCredentials, AmazonSecurityTokenServiceClient> createSts, string profileName,
            string roleArn, string tokenFile, string roleSessionName, AssumeRoleWithWebIdentityCredentialsOptions options)
            : base(tokenFile, roleArn, roleSessionName, options)
        {
            _profileName = profileName;
            _sts = new Lazy<ICoreAmazonSTS>(() => new TrimmedTokenSts(createSts(new AnonymousAWSCredentials())));
            FetchingCredentials.UseModuleTiming(this);
        }

        public string Description => $"web identity role '{RoleArn}' of profile '{_profileName}' (token file '{WebIdentityTokenFile}')";

        protected override ICoreAmazonSTS CreateClient() => _sts.Value;

        protected override CredentialsRefreshState GenerateNewCredentials()
            // Off the caller's thread, so a synchronous caller under a synchronization context cannot deadlock.
            => Task.Run(GenerateNewCredentialsAsync).GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            CredentialsRefreshState state;
            try
            {
                state = await base.GenerateNewCredentialsAsync().ConfigureAwait(false);
            }
            catch (AmazonClientException e)
            {
                throw StsFailure.Describe("AssumeRoleWithWebIdentity", Description, e);
            }
            catch (InvalidOperationException e)
            {
                throw new AwsConfigurationException($"The web identity token file of profile '{_profileName}' could not be read: {e.InnerException?.Message ?? e.Message}", e);
            }
            state.Expiration = FetchingCredentials.AsUtc(state.Expiration);
            return state;
        }

        /// <summary>A token file written with `echo` ends in a line break, which STS would refuse as part of the
        /// token; a JWT holds no whitespace, so the token is trimmed on its way to the project's client.</summary>
        private sealed class TrimmedTokenSts : ICoreAmazonSTS
        {
            private readonly ICoreAmazonSTS _sts;

            public TrimmedTokenSts(ICoreAmazonSTS sts) => _sts = sts;

            public AssumeRoleImmutableCredentials CredentialsFromAssumeRoleWithWebIdentityAuthentication(string webIdentityToken, string roleArn,
                string roleSessionName, AssumeRoleWithWebIdentityCredentialsOptions options)
                => _sts.CredentialsFromAssumeRoleWithWebIdentityAuthentication(webIdentityToken.Trim(), roleArn, roleSessionName, options);

            public Task<AssumeRoleImmutableCredentials> CredentialsFromAssumeRoleWithWebIdentityAuthenticationAsync(string webIdentityToken, string roleArn,
                string roleSessionName, AssumeRoleWithWebIdentityCredentialsOptions options)
                => _sts.CredentialsFromAssumeRoleWithWebIdentityAuthenticationAsync(webIdentityToken.Trim(), roleArn, roleSessionName, options);

            public AssumeRoleImmutableCredentials CredentialsFromAssumeRoleAuthentication(string roleArn, string roleSessionName, AssumeRoleAWSCredentialsOptions options)
                => _sts.CredentialsFromAssumeRoleAuthentication(roleArn, roleSessionName, options);

            public Task<AssumeRoleImmutableCredentials> CredentialsFromAssumeRoleAuthenticationAsync(string roleArn, string roleSessionName, AssumeRoleAWSCredentialsOptions options)
                => _sts.CredentialsFromAssumeRoleAuthenticationAsync(roleArn, roleSessionName, options);

            public SAMLImmutableCredentials CredentialsFromSAMLAuthentication(string endpoint, string authenticationType, string roleArn,
                TimeSpan credentialDuration, System.Net.ICredentials userCredential)
                => _sts.CredentialsFromSAMLAuthentication(endpoint, authenticationType, roleArn, credentialDuration, userCredential);

            public Task<SAMLImmutableCredentials> CredentialsFromSAMLAuthenticationAsync(string endpoint, string authenticationType, string roleArn,
                TimeSpan credentialDuration, System.Net.ICredentials userCredential)
                => _sts.CredentialsFromSAMLAuthenticationAsync(endpoint, authenticationType, roleArn, credentialDuration, userCredential);
        }
    }
}
