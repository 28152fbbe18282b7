using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using IamKeyHygiene.AwsProtocol.Model;
using IamKeyHygiene.AwsProtocol.Pipeline;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>
    /// Secrets Manager (awsJson1_1, 2017-10-17, X-Amz-Target secretsmanager.&lt;Op&gt;) for exactly the operations the
    /// module uses. Build it with <see cref="AwsClients.CreateSecretsManager"/>. A secret is named by its name or ARN
    /// (<c>secretId</c>). Errors arrive as AwsServiceException with AWS's codes: ResourceNotFoundException (no such
    /// secret, or a version/label that is not there), ResourceExistsException (the name is taken; a token reused with
    /// another value), InvalidRequestException (e.g. the secret is scheduled for deletion), InvalidParameterException,
    /// MalformedPolicyDocumentException, AccessDeniedException (no permission, or another account reading a secret
    /// under aws/secretsmanager), DecryptionFailure/EncryptionFailure (KMS), LimitExceededException.
    /// No secret value goes to the log: only operation names, retries and endpoints are logged.
    /// </summary>
    internal sealed class SecretsManagerClient : ModelledServiceClient
    {
        internal static readonly ServiceModel ServiceModel = ModelSlices.Load("secretsmanager", "2017-10-17");

        /// <summary>The label of the version GetSecretValue returns by default, and of the one before it.</summary>
        public const string CurrentStage = "AWSCURRENT";
        public const string PreviousStage = "AWSPREVIOUS";

        internal SecretsManagerClient(AWSCredentials credentials, ServiceClientConfig config)
            : base(credentials, config, ServiceModel, EndpointResolver.SecretsManager)
        {
        }

        /// <summary>CreateSecret and PutSecretValue write a version and are never resent by the retry policy (as
        /// CreateAccessKey): after an ambiguous failure the caller reconciles (DescribeSecret: is its token among
        /// the versions?) and may then resend with the same ClientRequestToken, which AWS treats as the same
        /// request (same value: no new version; other value: ResourceExistsException), so that resend is safe.</summary>
        protected override IEnumerable<string> NeverRetried => new[] { "CreateSecret", "PutSecretValue" };

        /// <summary>CreateSecret: a new secret whose first version (id = the token) is labelled AWSCURRENT.
        /// ResourceExistsException when the name is taken; resending the same token and value is ignored by AWS
        /// (ClientRequestToken's documented meaning), so a caller that reconciled may resend it.</summary>
        public Task<SecretVersionWritten> CreateSecretAsync(NewSecret secret, CancellationToken cancellationToken)
        {
            var input = new JsonObject
            {
                ["Name"] = secret.Name,
                ["ClientRequestToken"] = secret.ClientRequestToken,
                ["Description"] = secret.Description,
                ["KmsKeyId"] = secret.KmsKeyId,
                ["SecretString"] = secret.SecretString,
            };
            if (secret.Tags.Count > 0)
            {
                input["Tags"] = TagArray(secret.Tags);
            }

            return WrittenAsync("CreateSecret", input, cancellationToken);
        }

        /// <summary>PutSecretValue: a new version labelled AWSCURRENT (the one before moves to AWSPREVIOUS).
        /// <paramref name="clientRequestToken"/> becomes the version id; resending it with the same value changes
        /// nothing. ResourceNotFoundException when the secret is not there.</summary>
        public Task<SecretVersionWritten> PutSecretValueAsync(string secretId, string secretString, string clientRequestToken,
            CancellationToken cancellationToken) =>
            WrittenAsync("PutSecretValue",
                new JsonObject { ["SecretId"] = secretId, ["ClientRequestToken"] = clientRequestToken, ["SecretString"] = secretString },
                cancellationToken);

        /// <summary>DescribeSecret: the secret's metadata and its versions' labels, never its value.</summary>
        public async Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken) =>
            ReadWhole<SecretDescription>(await CallAsync("DescribeSecret", new JsonObject { ["SecretId"] = secretId }, cancellationToken)
                .ConfigureAwait(false));

        /// <summary>GetSecretValue: the AWSCURRENT version, or the one with <paramref name="versionId"/> or
        /// <paramref name="versionStage"/>. ResourceNotFoundException for a missing secret, version or label.</summary>
        public async Task<SecretValue> GetSecretValueAsync(string secretId, string? versionId, string? versionStage,
            CancellationToken cancellationToken) =>
            ReadWhole<SecretValue>(await CallAsync("GetSecretValue",
                new JsonObject { ["SecretId"] = secretId, ["VersionId"] = versionId, ["VersionStage"] = versionStage },
                cancellationToken).ConfigureAwait(false));

        /// <summary>ListSecretVersionIds, page after page (the model has no paginator for it): versions that carry a
        /// label, and with <paramref name="includeDeprecated"/> also those that lost theirs.</summary>
        public async Task<IReadOnlyList<SecretVersionEntry>> ListSecretVersionIdsAllAsync(string secretId, bool includeDeprecated,
            CancellationToken cancellationToken)
        {
            var versions = new List<SecretVersionEntry>();
            string? token = null;
            do
            {
                var page = ReadWhole<SecretVersionPage>(await CallAsync("ListSecretVersionIds",
                    new JsonObject { ["SecretId"] = secretId, ["IncludeDeprecated"] = includeDeprecated, ["NextToken"] = token },
                    cancellationToken).ConfigureAwait(false));
                versions.AddRange(page.Versions);
                if (!string.IsNullOrEmpty(page.NextToken) && page.NextToken == token)
                {
                    throw new AwsProtocol.Errors.AwsServiceException(EndpointResolver.SecretsManager, "ListSecretVersionIds",
                        "RepeatedPageToken", "The service returned a page token it had already returned.", null, 200);
                }

                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
            return versions;
        }

        /// <summary>PutResourcePolicy: replaces the secret's resource policy (a JSON policy document).
        /// BlockPublicPolicy asks AWS to refuse a policy that grants public access (PublicPolicyException).</summary>
        public Task PutResourcePolicyAsync(string secretId, string policyJson, CancellationToken cancellationToken) =>
            CallAsync("PutResourcePolicy",
                new JsonObject { ["SecretId"] = secretId, ["ResourcePolicy"] = policyJson, ["BlockPublicPolicy"] = true },
                cancellationToken);

        /// <summary>TagResource: adds tags, or replaces the value of keys already there.</summary>
        public Task TagResourceAsync(string secretId, IEnumerable<ResourceTag> tags, CancellationToken cancellationToken) =>
            CallAsync("TagResource", new JsonObject { ["SecretId"] = secretId, ["Tags"] = TagArray(tags) }, cancellationToken);

        private async Task<SecretVersionWritten> WrittenAsync(string operation, JsonObject input, CancellationToken cancellationToken) =>
            ReadWhole<SecretVersionWritten>(await CallAsync(operation, input, cancellationToken).ConfigureAwait(false));

        private static JsonArray TagArray(IEnumerable<ResourceTag> tags) =>
            new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());

        private sealed class SecretVersionPage
        {
            public List<SecretVersionEntry> Versions { get; set; } = new List<SecretVersionEntry>();
            public string? NextToken { get; set; }
        }
    }
}
