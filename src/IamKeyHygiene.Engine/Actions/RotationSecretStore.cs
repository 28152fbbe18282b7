using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws;
using IamKeyHygiene.Engine.Aws.Clients;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// Stores a rotated key in Secrets Manager (the key's own account, or a central one through its role) and proves it
    /// with GetSecretValue signed by the new key itself. The version's ClientRequestToken is derived from the new key's
    /// id, so a re-run writes the same version (AWS ignores a resent token with the same value) and a secret's versions
    /// say which keys it holds without reading a value. Nothing here logs a secret.
    /// </summary>
    internal sealed class RotationSecretStore
    {
        private const string TokenPrefix = "keyhygiene-rotation-";
        private readonly RotationOptions _options;
        private readonly AwsConnection _caller;
        private readonly Dictionary<string, AwsConnection> _byAccount = new Dictionary<string, AwsConnection>(StringComparer.Ordinal);
        private string? _callerAccountId;
        private string _partition = "aws";

        public RotationSecretStore(RotationOptions options, AwsConnection caller)
        {
            _options = options;
            _caller = caller;
        }

        /// <summary>The version token (32–64 characters) for a key: the same on every run.</summary>
        public static string TokenFor(string accessKeyId) => TokenPrefix + accessKeyId;

        public string NameFor(string accountId, string userName) => _options.SecretNameFor(accountId, userName);

        /// <summary>Writes the key as a new AWSCURRENT version (CreateSecret, or PutSecretValue when the secret exists),
        /// then the resource policy letting the key's user (and -SecretReaderArn) read it. Returns the secret's ARN.</summary>
        public async Task<string> StoreAsync(string accountId, string userName, string userArn, NewAccessKey key, CancellationToken ct)
        {
            var name = NameFor(accountId, userName);
            var token = TokenFor(key.AccessKeyId);
            var value = new JsonObject { ["AccessKeyId"] = key.AccessKeyId, ["SecretAccessKey"] = key.SecretAccessKey }.ToJsonString();
            using (var client = (await StoreConnectionAsync(accountId, ct).ConfigureAwait(false)).CreateSecretsManagerClient())
            {
                var arn = await WriteVersionAsync(client, name, value, token, accountId, userName, ct).ConfigureAwait(false);
                await client.PutResourcePolicyAsync(arn, ReadPolicy(userArn), ct).ConfigureAwait(false);
                return arn;
            }
        }

        /// <summary>The ARN of the user's secret when a version of it holds <paramref name="accessKeyId"/>, else null
        /// (also when there is no secret): how a re-run tells a stored successor from an orphan.</summary>
        public async Task<string?> HolderOfAsync(string accountId, string userName, string accessKeyId, CancellationToken ct)
        {
            using (var client = (await StoreConnectionAsync(accountId, ct).ConfigureAwait(false)).CreateSecretsManagerClient())
            {
                try
                {
                    var description = await client.DescribeSecretAsync(NameFor(accountId, userName), ct).ConfigureAwait(false);
                    return description.VersionIdsToStages.ContainsKey(TokenFor(accessKeyId)) ? description.ARN : null;
                }
                catch (Exception e) when (AwsErrors.Is(e, "ResourceNotFoundException"))
                {
                    return null;
                }
            }
        }

        /// <summary>The stored key, read with the store's own credentials (a re-run adopting an earlier run's successor).</summary>
        public async Task<NewAccessKey> ReadAsync(string accountId, string secretArn, string accessKeyId, CancellationToken ct)
        {
            using (var client = (await StoreConnectionAsync(accountId, ct).ConfigureAwait(false)).CreateSecretsManagerClient())
            {
                var value = await client.GetSecretValueAsync(secretArn, TokenFor(accessKeyId), null, ct).ConfigureAwait(false);
                return Parse(value.SecretString, accessKeyId);
            }
        }

        /// <summary>GetSecretValue signed with the new key, retried while IAM propagates it (up to VerifyTimeout):
        /// proves the key works and its user may read its secret. Null when verified, else why not.</summary>
        public async Task<string?> VerifyAsync(string secretArn, NewAccessKey key, Action<string> progress, CancellationToken ct)
        {
            using (var client = _caller.WithAccessKey(key.AccessKeyId, key.SecretAccessKey, $"new key {key.AccessKeyId}").CreateSecretsManagerClient())
            {
                try
                {
                    var value = await NewKeyPropagation.RetryAsync(() => client.GetSecretValueAsync(secretArn, TokenFor(key.AccessKeyId), null, ct), IsPropagating,
                        _options.VerifyTimeout, _options.VerifyInterval,
                        (attempt, e) => progress($"The new key {key.AccessKeyId} cannot read its secret yet (attempt {attempt}: {AwsErrors.KindOf(e)}); IAM is still propagating it."),
                        ct).ConfigureAwait(false);
                    return Parse(value.SecretString, key.AccessKeyId).AccessKeyId == key.AccessKeyId ? null : "the secret holds another key";
                }
                catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
                {
                    return AwsErrors.Describe(e);
                }
            }
        }

        private static bool IsPropagating(Exception e)
            => AwsErrors.IsCredentialsRejected(e) || AwsErrors.KindOf(e) == AwsErrorKind.AccessDenied;

        /// <summary>CreateSecret; the name taken: PutSecretValue. Neither is retried blindly: after an ambiguous failure
        /// DescribeSecret says whether the token's version is there, and only if not is the same token sent again.</summary>
        private async Task<string> WriteVersionAsync(SecretsManagerClient client, string name, string value, string token, string accountId, string userName,
            CancellationToken ct)
        {
            try
            {
                return await CreateOrPutAsync(client, name, value, token, accountId, userName, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (AwsErrors.KindOf(e) == AwsErrorKind.Transient || AwsErrors.KindOf(e) == AwsErrorKind.Other && !(e is AwsServiceException))
            {
                try
                {
                    var description = await client.DescribeSecretAsync(name, ct).ConfigureAwait(false);
                    if (description.VersionIdsToStages.ContainsKey(token)) return description.ARN;
                }
                catch (Exception notThere) when (AwsErrors.Is(notThere, "ResourceNotFoundException"))
                {
                }

                return await CreateOrPutAsync(client, name, value, token, accountId, userName, ct).ConfigureAwait(false);
            }
        }

        private async Task<string> CreateOrPutAsync(SecretsManagerClient client, string name, string value, string token, string accountId, string userName,
            CancellationToken ct)
        {
            try
            {
                var secret = new NewSecret(name, value, token)
                {
                    KmsKeyId = _options.KmsKeyId,
                    Description = $"Access key of IAM user {userName} in account {accountId}, written by IamKeyHygiene's Invoke-AccessKeyRotation.",
                };
                return (await client.CreateSecretAsync(secret, ct).ConfigureAwait(false)).ARN;
            }
            catch (Exception e) when (AwsErrors.Is(e, "ResourceExistsException"))
            {
                return (await client.PutSecretValueAsync(name, value, token, ct).ConfigureAwait(false)).ARN;
            }
        }

        private string ReadPolicy(string userArn)
        {
            var readers = new JsonArray(new[] { userArn }.Concat(_options.SecretReaderArns).Distinct(StringComparer.Ordinal).Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());
            return new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new JsonArray(new JsonObject
                {
                    ["Sid"] = "KeyOwnerReads",
                    ["Effect"] = "Allow",
                    ["Principal"] = new JsonObject { ["AWS"] = readers },
                    ["Action"] = "secretsmanager:GetSecretValue",
                    ["Resource"] = "*",
                }),
            }.ToJsonString();
        }

        /// <summary>Credentials in the account that holds the secret: the central account's role, the caller's own, or
        /// the member account's role (-RoleName).</summary>
        private async Task<AwsConnection> StoreConnectionAsync(string keyAccountId, CancellationToken ct)
        {
            if (_callerAccountId == null)
            {
                var caller = await _caller.GetCallerIdentityAsync(ct).ConfigureAwait(false);
                _callerAccountId = caller.Account;
                _partition = caller.Arn.Split(':')[1];
            }

            var accountId = _options.SecretAccountId ?? keyAccountId;
            var roleName = _options.SecretAccountId != null ? _options.SecretRoleName : _options.MemberRoleName;
            if (accountId == _callerAccountId && (roleName == null || _options.SecretAccountId == null)) return _caller;
            lock (_byAccount)
            {
                if (_byAccount.TryGetValue(accountId, out var known)) return known;
                var connection = _caller.AssumeRoleConnection($"arn:{_partition}:iam::{accountId}:role/{roleName}",
                    _options.SecretAccountId != null ? null : _options.MemberExternalId, accountId);
                _byAccount[accountId] = connection;
                return connection;
            }
        }

        private static NewAccessKey Parse(string? json, string expectedKeyId)
        {
            try
            {
                var node = JsonNode.Parse(json ?? "{}");
                return new NewAccessKey
                {
                    AccessKeyId = node?["AccessKeyId"]?.GetValue<string>() ?? "",
                    SecretAccessKey = node?["SecretAccessKey"]?.GetValue<string>() ?? "",
                };
            }
            catch (JsonException)
            {
                throw new InvalidOperationException($"The secret's version for {expectedKeyId} is not the JSON the module writes.");
            }
        }
    }
}
