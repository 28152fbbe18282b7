using System;
using Amazon.Runtime;
using Amazon.SecurityToken;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Aws.Credentials;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>What the engine's AWS code uses: the credentials, the client settings, the clients.</summary>
    public sealed partial class AwsConnection
    {
        internal AWSCredentials Credentials { get; }

        internal AwsClientSettings ClientSettings { get; }

        internal IamClient CreateIamClient() => AwsClients.CreateIam(Credentials, ClientSettings);

        internal OrganizationsClient CreateOrganizationsClient() => AwsClients.CreateOrganizations(Credentials, ClientSettings);

        internal SecretsManagerClient CreateSecretsManagerClient() => AwsClients.CreateSecretsManager(Credentials, ClientSettings);

        internal SnsClient CreateSnsClient() => AwsClients.CreateSns(Credentials, ClientSettings);

        /// <summary>SSM Parameter Store reads; a failure is an error of <paramref name="failure"/>'s id naming the parameter.</summary>
        internal SsmParameterReader CreateSsmParameterReader(Errors.ErrorEntry failure) => new SsmParameterReader(AwsClients.CreateSsm(Credentials, ClientSettings), failure);

        /// <summary>S3's three record operations; a failure is an error of <paramref name="failure"/>'s id.</summary>
        internal S3ObjectStore CreateS3ObjectStore(Errors.ErrorEntry failure) => new S3ObjectStore(AwsClients.CreateS3(Credentials, ClientSettings), failure);

        /// <summary>The project's STS client: the one endpoint resolver and the one retry policy.</summary>
        internal AmazonSecurityTokenServiceClient CreateStsClient() => CreateStsClient(Credentials);

        /// <summary>The project's STS client signing with other credentials (a role's source, say).</summary>
        internal AmazonSecurityTokenServiceClient CreateStsClient(AWSCredentials credentials) => AwsClients.CreateSts(credentials, ClientSettings);

        /// <summary>A member account's role session: refreshing role credentials that assume <paramref name="roleArn"/>
        /// through the project's STS client with these credentials, and an IAM client on them. Nothing is assumed
        /// until first use.</summary>
        internal RoleSession AssumeRoleSession(string roleArn, string? roleSessionName, string? externalId, int durationSeconds, string accountId)
        {
            var credentials = RoleCredentialsFor(roleArn, roleSessionName, externalId, durationSeconds, accountId);
            return new RoleSession(WithCredentials(credentials, $"role {roleArn}").CreateIamClient(), credentials);
        }

        /// <summary>The same region and endpoints on refreshing credentials of <paramref name="roleArn"/> (assumed at
        /// first use): another service than IAM in a member account, say Secrets Manager.</summary>
        internal AwsConnection AssumeRoleConnection(string roleArn, string? externalId, string accountId)
            => WithCredentials(RoleCredentialsFor(roleArn, null, externalId, 3600, accountId), $"role {roleArn}");

        private RoleCredentials RoleCredentialsFor(string roleArn, string? roleSessionName, string? externalId, int durationSeconds, string accountId)
        {
            return new RoleCredentials(
                Credentials,
                roleArn,
                roleSessionName,
                new AssumeRoleAWSCredentialsOptions
                {
                    ExternalId = string.IsNullOrEmpty(externalId) ? null : externalId,
                    DurationSeconds = durationSeconds,
                },
                CreateStsClient,
                $"in account {accountId}");
        }

        /// <summary>
        /// The same region and endpoints with other credentials: an assumed role's session in a member
        /// account (issue 5's role sessions build theirs this way).
        /// </summary>
        /// <param name="credentials">The other credentials (refreshing ones keep refreshing).</param>
        /// <param name="credentialSource">How to say where they came from, e.g. "role arn:aws:iam::111122223333:role/Audit".</param>
        internal AwsConnection WithCredentials(AWSCredentials credentials, string credentialSource)
        {
            if (credentials == null) throw new ArgumentNullException(nameof(credentials));
            if (string.IsNullOrWhiteSpace(credentialSource)) throw new ArgumentException("Say where the credentials came from.", nameof(credentialSource));
            return new AwsConnection(credentials, ClientSettings, credentialSource, RegionSource);
        }
    }
}
