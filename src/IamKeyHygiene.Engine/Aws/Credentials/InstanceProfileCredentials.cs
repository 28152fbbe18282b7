using System;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>The instance profile role's credentials from instance metadata (IMDSv2).</summary>
    internal sealed class InstanceProfileCredentials : FetchingCredentials
    {
        private const string CredentialsPath = "/latest/meta-data/iam/security-credentials/";
        private readonly InstanceMetadataClient _metadata;
        private string? _roleName;

        private InstanceProfileCredentials(InstanceMetadataClient metadata, string roleName)
        {
            _metadata = metadata;
            _roleName = roleName;
        }

        public override string Description => $"instance profile role '{_roleName}' from instance metadata at {_metadata.Endpoint}";

        /// <summary>
        /// Probes instance metadata for a role (one short request off EC2). Null when there is none:
        /// this is the last source, so absence is an answer, not an error.
        /// </summary>
        public static async Task<InstanceProfileCredentials?> ProbeAsync(InstanceMetadataClient metadata)
        {
            try
            {
                var role = await ReadRoleNameAsync(metadata).ConfigureAwait(false);
                return role == null ? null : new InstanceProfileCredentials(metadata, role);
            }
            catch (InstanceMetadataException)
            {
                return null;
            }
        }

        private static async Task<string?> ReadRoleNameAsync(InstanceMetadataClient metadata)
        {
            var listing = await metadata.GetAsync(CredentialsPath).ConfigureAwait(false);
            var first = listing.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return first.Length == 0 ? null : first[0].Trim();
        }

        protected override async Task<TemporaryCredentialsDocument> FetchAsync()
        {
            try
            {
                string body;
                try
                {
                    body = await _metadata.GetAsync(CredentialsPath + _roleName).ConfigureAwait(false);
                }
                catch (InstanceMetadataException)
                {
                    // The role may have been swapped on the instance: read its name again once.
                    _roleName = await ReadRoleNameAsync(_metadata).ConfigureAwait(false)
                        ?? throw new InstanceMetadataException("instance metadata no longer lists an instance profile role.");
                    body = await _metadata.GetAsync(CredentialsPath + _roleName).ConfigureAwait(false);
                }
                return TemporaryCredentialsDocument.Parse(body, Description, requireVersion1: false);
            }
            catch (InstanceMetadataException e)
            {
                throw new AwsConfigurationException($"{Description}: {e.Message}");
            }
        }
    }
}
