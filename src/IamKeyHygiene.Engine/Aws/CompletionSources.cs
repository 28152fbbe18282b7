using System;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Aws.Credentials;
using IamKeyHygiene.Engine.Aws.Endpoints;

namespace IamKeyHygiene.Engine.Aws
{
    /// <summary>What the cmdlets' argument completers offer for -Region and -ProfileName (built-in types only).</summary>
    public static class CompletionSources
    {
        /// <summary>Every named region of every partition, from the partition table.</summary>
        public static IReadOnlyList<string> RegionNames() =>
            Partition.All.SelectMany(p => p.Regions).OrderBy(r => r, System.StringComparer.Ordinal).ToList();

        /// <summary>The profile names in the shared files (-ProfileLocation's, else the environment's or ~/.aws);
        /// none when the files cannot be read (completion never fails).</summary>
        public static IReadOnlyList<string> ProfileNames(string? profileLocation)
        {
            try
            {
                return SharedConfigFiles.Locate(string.IsNullOrWhiteSpace(profileLocation) ? null : profileLocation, new AwsEnvironment(null)).ProfileNames();
            }
            catch (AwsConfigurationException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
