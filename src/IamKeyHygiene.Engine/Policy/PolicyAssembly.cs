using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Owners;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>The last steps both builders share: read the exemptions and owners files, then hash.</summary>
    internal static class PolicyAssembly
    {
        public static void AttachFiles(HygienePolicy policy, string? exemptionsPath, string? ownersPath)
        {
            if (exemptionsPath != null)
                policy.Exemptions = new ExemptionSet(ExemptionsFileReader.Load(exemptionsPath), exemptionsPath);
            if (ownersPath != null)
            {
                policy.Owners = OwnersFileReader.Load(ownersPath);
                policy.OwnersPath = ownersPath;
            }
            policy.Hash = PolicyHasher.Hash(policy);
        }
    }
}
