namespace IamKeyHygiene
{
    /// <summary>
    /// Who the module would act as, and why: STS GetCallerIdentity's answer plus where the credentials and the
    /// region came from and which endpoint answered. Lives in the cmdlet assembly so PowerShell can name it.
    /// </summary>
    public sealed class KeyHygieneIdentity
    {
        public KeyHygieneIdentity(
            string account,
            string arn,
            string userId,
            string region,
            string regionSource,
            string credentialSource,
            string endpointUrl)
        {
            Account = account;
            Arn = arn;
            UserId = userId;
            Region = region;
            RegionSource = regionSource;
            CredentialSource = credentialSource;
            EndpointUrl = endpointUrl;
        }

        /// <summary>The 12-digit AWS account id.</summary>
        public string Account { get; }

        /// <summary>The caller's ARN (user, assumed role or federated user).</summary>
        public string Arn { get; }

        /// <summary>The caller's unique id (for a user, its AIDA… id; for a role session, ROLEID:session).</summary>
        public string UserId { get; }

        public string Region { get; }

        /// <summary>Where the region came from: parameter, stored session region, profile NAME, environment, instance, default.</summary>
        public string RegionSource { get; }

        /// <summary>Where the credentials came from: parameter, credential object, profile NAME, stored session credentials, environment, container, instance.</summary>
        public string CredentialSource { get; }

        /// <summary>The STS endpoint that answered.</summary>
        public string EndpointUrl { get; }

        public override string ToString() => Arn;
    }
}
