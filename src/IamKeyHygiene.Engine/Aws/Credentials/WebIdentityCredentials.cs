using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// A profile with role_arn and web_identity_token_file (EKS service accounts, GitHub OIDC…): STS
    /// AssumeRoleWithWebIdentity, an unsigned call carrying the token file's content, read again at each
    /// fetch because the issuer rotates it.
    /// </summary>
    internal sealed class WebIdentityCredentials : FetchingCredentials
    {
        private readonly Func<AWSCredentials, AmazonSecurityTokenServiceClient> _createSts;
        private readonly string _profileName;
        private readonly string _roleArn;
        private readonly string _tokenFile;
        private readonly string _roleSessionName;
        private readonly int? _durationSeconds;

        public WebIdentityCredentials(Func<AWSCredentials, AmazonSecurityTokenServiceClient> createSts, string profileName,
            string roleArn, string tokenFile, string? roleSessionName, int? durationSeconds)
        {
            _createSts = createSts;
            _profileName = profileName;
            _roleArn = roleArn;
            _tokenFile = tokenFile;
            _roleSessionName = roleSessionName
                ?? "IamKeyHygiene-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            _durationSeconds = durationSeconds;
        }

        public override string Description => $"web identity role '{_roleArn}' of profile '{_profileName}' (token file '{_tokenFile}')";

        protected override async Task<TemporaryCredentialsDocument> FetchAsync()
        {
            string token;
            try
            {
                token = File.ReadAllText(_tokenFile).Trim();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AwsConfigurationException($"The web identity token file of profile '{_profileName}' could not be read: {e.Message}", e);
            }
            if (token.Length == 0)
                throw new AwsConfigurationException($"The web identity token file '{_tokenFile}' of profile '{_profileName}' is empty.");

            AssumeRoleWithWebIdentityResponse response;
            using (var sts = _createSts(new AnonymousAWSCredentials()))
            {
                try
                {
                    response = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
                    {
                        RoleArn = _roleArn,
                        RoleSessionName = _roleSessionName,
                        WebIdentityToken = token,
                        DurationSeconds = _durationSeconds,
                    }).ConfigureAwait(false);
                }
                catch (AmazonServiceException e)
                {
                    throw new AwsConfigurationException($"AssumeRoleWithWebIdentity of {Description} failed: {e.ErrorCode} {e.Message} (HTTP {(int)e.StatusCode}, request {e.RequestId}).", e);
                }
            }

            var issued = response.Credentials;
            if (issued == null || string.IsNullOrEmpty(issued.AccessKeyId) || string.IsNullOrEmpty(issued.SecretAccessKey) || string.IsNullOrEmpty(issued.SessionToken))
                throw new AwsConfigurationException($"AssumeRoleWithWebIdentity of {Description} answered without complete credentials.");
            return TemporaryCredentialsDocument.FromIssued(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, TemporaryCredentialsDocument.AsUtc(issued.Expiration));
        }
    }
}
