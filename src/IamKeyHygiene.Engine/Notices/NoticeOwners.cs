using System.Collections.Generic;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Owners;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Notices
{
    /// <summary>Owners for findings that arrive without one (a CSV, a new-key event): from the policy's owners file and
    /// a user name that is an e-mail, as the scan resolves them (user tags are not on a finding, so not read here).</summary>
    public static class NoticeOwners
    {
        public static void Fill(IEnumerable<KeyFinding> findings, HygienePolicy policy)
        {
            var resolver = new OwnerResolver(policy.OwnerTagKeys, policy.Owners);
            foreach (var finding in findings)
            {
                if (finding.Owner != null) continue;
                var owner = resolver.Resolve(finding.AccountId, finding.UserName, finding.UserArn, finding.UserPath, finding.AccessKeyId);
                finding.Owner = FindingBuilder.OwnerOf(owner);
            }
        }
    }
}
