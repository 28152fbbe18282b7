using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamKeyHygiene.AwsProtocol.Errors;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Inventory;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>The IAM calls of a self-rotation, on one user, each logged (key ids only, never a secret).</summary>
    internal sealed class SelfRotationSteps
    {
        private readonly IamClient _iam;
        private readonly IEngineHost _host;
        private readonly CancellationToken _ct;

        public SelfRotationSteps(IamClient iam, string userName, IEngineHost host, CancellationToken ct)
        {
            _iam = iam;
            UserName = userName;
            _host = host;
            _ct = ct;
        }

        public string UserName { get; }

        public async Task<IReadOnlyList<AccessKeyMetadata>> ListKeysAsync()
        {
            var keys = new List<AccessKeyMetadata>();
            await foreach (var key in _iam.ListAccessKeysAllAsync(UserName, _ct).ConfigureAwait(false)) keys.Add(key);
            return keys;
        }

        public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListTagsAsync()
        {
            var tags = new List<KeyValuePair<string, string>>();
            await foreach (var tag in _iam.ListUserTagsAllAsync(UserName, _ct).ConfigureAwait(false)) tags.Add(new KeyValuePair<string, string>(tag.Key, tag.Value));
            return tags;
        }

        public async Task<AccessKeyLastUsed> LastUseAsync(string keyId)
            => (await _iam.GetAccessKeyLastUsedAsync(keyId, _ct).ConfigureAwait(false)).AccessKeyLastUsed;

        /// <summary>CreateAccessKey, sent once (the client never retries it).</summary>
        public Task<NewAccessKey> CreateKeyAsync() => _iam.CreateAccessKeyAsync(UserName, _ct);

        public Task SetStatusAsync(string keyId, string status)
        {
            _host.Verbose($"UpdateAccessKey {keyId} → {status}.");
            return _iam.UpdateAccessKeyAsync(UserName, keyId, status, _ct);
        }

        /// <summary>Writes the module's tag for a key; false when IAM refused it (the 50-tag quota, a denial), which the caller reports.</summary>
        public async Task<bool> TryTagAsync(string keyId, ModuleKeyTag tag)
        {
            try
            {
                await _iam.TagUserAsync(UserName, new[] { new ResourceTag(ModuleKeyTag.TagKeyFor(keyId), tag.ToString()) }, _ct).ConfigureAwait(false);
                _host.Verbose($"Tagged {ModuleKeyTag.TagKeyFor(keyId)} = {tag}.");
                return true;
            }
            catch (Exception e) when (!(e is OperationCanceledException) && AwsErrors.KindOf(e, "TagUser") is AwsErrorKind kind
                                      && (kind == AwsErrorKind.Quota || kind == AwsErrorKind.AccessDenied))
            {
                _host.Verbose($"TagUser {ModuleKeyTag.TagKeyFor(keyId)} refused: {AwsErrors.Describe(e)}");
                return false;
            }
        }

        /// <summary>A key of this run nobody holds: deactivated first, then deleted (the module never deletes an Active key).</summary>
        public async Task RemoveKeyAsync(string keyId)
        {
            await SetStatusAsync(keyId, "Inactive").ConfigureAwait(false);
            _host.Verbose($"DeleteAccessKey {keyId}.");
            await _iam.DeleteAccessKeyAsync(UserName, keyId, _ct).ConfigureAwait(false);
        }
    }
}
