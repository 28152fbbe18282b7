using System.Collections.Generic;
using IamKeyHygiene.Engine.Policy.Exemptions;
using IamKeyHygiene.Engine.Policy.Json;

namespace IamKeyHygiene.Engine.Policy
{
    /// <summary>
    /// The engine's façade for policies: built from parameters, loaded from a file, or settled for a scan. Nothing
    /// here calls AWS; every mistake is a <see cref="PolicyValidationException"/> (InvalidPolicy) naming the file,
    /// line and field, or the parameter.
    /// </summary>
    public static class PolicyService
    {
        /// <summary>A policy from parameters (New-KeyHygienePolicy's FromParameters set), validated as a file is.</summary>
        public static HygienePolicy FromParameters(PolicyParameters parameters) => parameters.Build();

        /// <summary>A policy file (full path) with its exemptions and owners files; the paths given here override the
        /// file's own exemptionsPath and ownersPath.</summary>
        public static HygienePolicy FromFile(string path, string? exemptionsPath, string? ownersPath)
            => PolicyFileReader.Load(path, exemptionsPath, ownersPath);

        /// <summary>
        /// The policy a scan runs under, from what Get-StaleAccessKey was given: a policy object or a policy file
        /// (not both), plus exemptions and owners files (full paths); DESIGN.md's defaults when given nothing.
        /// Everything is read and validated here, before any AWS call.
        /// </summary>
        public static HygienePolicy ForScan(HygienePolicy? policy, string? policyPath, string? exemptionsPath, string? ownersPath)
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

        /// <summary>A warning for every exemption of the file that has already ended at the module clock
        /// (<paramref name="clock"/>), naming its file and line: it exempts nothing.</summary>
        public static IReadOnlyList<string> EndedExemptionWarnings(HygienePolicy policy, EngineClock clock)
            => ExemptionWarnings.EndedInFile(policy.Exemptions, clock.UtcNow);
    }
}
