using System;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Scan
{
    /// <summary>
    /// The policy a scan runs under, from what Get-StaleAccessKey was given: a policy object or a policy file,
    /// plus exemptions and owners files. Everything is read and validated here, before any AWS call; errors are
    /// <see cref="PolicyValidationException"/>s naming file, line and field.
    /// </summary>
    public static class ScanPolicyLoader
    {
        /// <param name="policy">A built policy, or null.</param>
        /// <param name="policyPath">A policy file (full path), or null; not both with <paramref name="policy"/>.</param>
        /// <param name="exemptionsPath">An exemptions file (full path), or null.</param>
        /// <param name="ownersPath">An owners file (full path), or null.</param>
        public static HygienePolicy Load(HygienePolicy? policy, string? policyPath, string? exemptionsPath, string? ownersPath)
        {
            if (policyPath != null)
            {
                return PolicyFileReader.Load(policyPath, exemptionsPath, ownersPath);
            }

            if (policy == null)
            {
                return new PolicyParameters { ExemptionsPath = exemptionsPath, OwnersPath = ownersPath }.Build();
            }

            if (exemptionsPath == null && ownersPath == null)
            {
                return policy;
            }

            if (policy.SourcePath != null)
            {
                // A policy object is immutable: read its file again with the files given here.
                return PolicyFileReader.Load(policy.SourcePath, exemptionsPath ?? policy.Exemptions.SourcePath, ownersPath ?? policy.OwnersPath);
            }

            throw new PolicyValidationException(null, null, exemptionsPath != null ? "ExemptionsPath" : "OwnersPath",
                "cannot be added to a policy built from parameters; give the file to New-KeyHygienePolicy instead.");
        }
    }
}
