using System;
using System.Threading.Tasks;
using IamKeyHygiene.Engine.Aws.Clients;
using IamKeyHygiene.Engine.Aws.Credentials;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>One IAM client on a member account's refreshing role credentials (<see cref="RoleCredentials"/>:
    /// assumed on first use, renewed before expiry, and after <see cref="Expire"/>). The AWSSDK types stay in
    /// this layer: the organization code sees key ids and counts only.</summary>
    internal sealed class RoleSession : IDisposable
    {
        private readonly RoleCredentials _credentials;

        public RoleSession(IamClient iam, RoleCredentials credentials)
        {
            Iam = iam;
            _credentials = credentials;
        }

        public IamClient Iam { get; }

        /// <summary>How many times the role was assumed (first use and renewals).</summary>
        public int Fetches => _credentials.Fetches;

        /// <summary>The access key id of the current session, assuming the role when there is none.</summary>
        public async Task<string> CurrentAccessKeyIdAsync()
            => (await _credentials.GetCredentialsAsync().ConfigureAwait(false)).AccessKey;

        /// <summary>After an ExpiredToken answer: drops the session when it is still the one with
        /// <paramref name="expiredKeyId"/>, so the next use assumes the role again.</summary>
        public void Expire(string expiredKeyId)
        {
            if (_credentials.GetCredentials().AccessKey == expiredKeyId)
                _credentials.ClearCredentials();
        }

        public void Dispose()
        {
            ((object)Iam as IDisposable)?.Dispose();
            _credentials.Dispose();
        }
    }
}
