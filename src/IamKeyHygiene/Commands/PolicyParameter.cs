using System.Management.Automation;
using IamKeyHygiene.Engine.Policy;
using IamKeyHygiene.Engine.Policy.Json;
using IamKeyHygiene.Models;

namespace IamKeyHygiene.Commands
{
    /// <summary>-Policy, -ExemptionsPath and -OwnersPath as every cmdlet that judges keys takes them.</summary>
    internal static class PolicyParameter
    {
        /// <summary>-Policy as a path (or FileInfo) or a policy object from New-KeyHygienePolicy; the files on top.
        /// Throws PolicyValidationException (InvalidPolicy).</summary>
        public static HygienePolicy Load(PSCmdlet cmdlet, object? policyParameter, string? exemptionsPath, string? ownersPath)
        {
            var input = policyParameter is PSObject wrapped ? wrapped.BaseObject : policyParameter;
            string? policyPath = null;
            HygienePolicy? policy = null;
            switch (input)
            {
                case null:
                    break;
                case string path:
                    policyPath = FullPath(cmdlet, path);
                    break;
                case System.IO.FileInfo file:
                    policyPath = file.FullName;
                    break;
                default:
                    policy = (input as KeyHygienePolicy)?.Engine ?? throw new PolicyValidationException(null, null, "Policy",
                        $"expects a policy from New-KeyHygienePolicy or the path of a policy file, not a {input.GetType().Name}.");
                    break;
            }

            return PolicyService.ForScan(policy, policyPath, FullPathOrNull(cmdlet, exemptionsPath), FullPathOrNull(cmdlet, ownersPath));
        }

        public static string FullPath(PSCmdlet cmdlet, string path) => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        private static string? FullPathOrNull(PSCmdlet cmdlet, string? path) => path == null ? null : FullPath(cmdlet, path);
    }
}
