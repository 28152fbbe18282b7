using System;
using System.Globalization;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// A role_arn profile: STS AssumeRole with the source profile's credentials, against the STS endpoint
    /// the connection resolves (so -EndpointUrl, AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL apply), renewed
    /// before the session expires. Also the member-account sessions of AwsConnection.AssumeRole.
    /// ClearCredentials() forces a new AssumeRole at next use (e.g. after an ExpiredToken answer).
    /// </summary>
    internal sealed class AssumeRoleCredentials : FetchingCredentials
    {
        private readonly AWSCredentials _source;
        private readonly Func<AWSCredentials, AmazonSecurityTokenServiceClient> _createSts;
        private readonly string _origin;

        public AssumeRoleCredentials(
            AWSCredentials source,
            Func<AWSCredentials, AmazonSecurityTokenServiceClient> createSts,
            string origin,
            string roleArn,
            string? roleSessionName,
            string? externalId,
            int? durationSeconds)
        {
            _source = source;
            _createSts = createSts;
            _origin = origin;
            RoleArn = roleArn;
            RoleSessionName = roleSessionName
                ?? "IamKeyHygiene-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            ExternalId = externalId;
            DurationSeconds = durationSeconds;
        }

        public string RoleArn { get; }
        public string RoleSessionName { get; }
        public string? ExternalId { get; }
        public int? DurationSeconds { get; }

        /// <summary>E.g. "role 'arn:…' of profile 'audit'" or "role 'arn:…' assumed from profile admin".</summary>
        public override string Description => $"role '{RoleArn}' {_origin}";

        protected override async Task<TemporaryCredentialsDocument> FetchAsync()
        {
            var request = new AssumeRoleRequest
            {
                RoleArn = RoleArn,
                RoleSessionName = RoleSessionName,
                ExternalId = ExternalId,
                DurationSeconds = DurationSeconds,
            };
            AssumeRoleResponse response;
            using (var sts = _createSts(_source))
            {
                try
                {
                    response = await sts.AssumeRoleAsync(request).ConfigureAwait(false);
                }
                catch (AmazonServiceException e)
                {
                    throw new AwsConfigurationException($"AssumeRole of {Description} failed: {e.ErrorCode} {e.Message} (HTTP {(int)e.StatusCode}, request {e.RequestId}).", e);
                }
                catch (AmazonClientException e)
                {
                    throw new AwsConfigurationException($"AssumeRole of {Description} failed: {e.Message}", e);
                }
            }

            var issued = response.Credentials;
            if (issued == null || string.IsNullOrEmpty(issued.AccessKeyId) || string.IsNullOrEmpty(issued.SecretAccessKey) || string.IsNullOrEmpty(issued.SessionToken))
                throw new AwsConfigurationException($"AssumeRole of {Description} answered without complete credentials.");
            return TemporaryCredentialsDocument.FromIssued(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, TemporaryCredentialsDocument.AsUtc(issued.Expiration));
        }
    }
}
