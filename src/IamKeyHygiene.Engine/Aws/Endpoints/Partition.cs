using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace IamKeyHygiene.Engine.Aws.Endpoints
{
    /// <summary>An AWS partition as botocore's partitions.json describes it: which regions belong to it, its DNS
    /// suffix and the region its global services live in.</summary>
    internal sealed class Partition
    {
        private readonly Regex _regionRegex;
        private readonly HashSet<string> _regions;

        private Partition(string id, string regionRegex, string dnsSuffix, string implicitGlobalRegion, string regions, params string[] pseudoRegions)
        {
            Id = id;
            _regionRegex = new Regex(regionRegex, RegexOptions.CultureInvariant);
            DnsSuffix = dnsSuffix;
            ImplicitGlobalRegion = implicitGlobalRegion;
            Regions = regions.Split(' ');
            _regions = new HashSet<string>(pseudoRegions, StringComparer.Ordinal);
        }

        public string Id { get; }
        public string DnsSuffix { get; }
        public string ImplicitGlobalRegion { get; }

        /// <summary>The partition's named regions (not its pseudo-regions such as "aws-global").</summary>
        public IReadOnlyList<string> Regions { get; }

        /// <summary>From aws-reference/models/_common/partitions.json (botocore 1.43.67): regex, DNS suffix,
        /// implicit global region, the named regions and the pseudo-regions ("aws-global"…) each partition lists.
        /// PartitionTableTests check this table against that file.</summary>
        public static IReadOnlyList<Partition> All { get; } = new[]
        {
            new Partition("aws", @"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$", "amazonaws.com", "us-east-1", "af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 il-central-1 me-central-1 me-south-1 mx-central-1 sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2", "aws-global"),
            new Partition("aws-cn", @"^cn\-\w+\-\d+$", "amazonaws.com.cn", "cn-northwest-1", "cn-north-1 cn-northwest-1", "aws-cn-global"),
            new Partition("aws-eusc", @"^eusc\-(de)\-\w+\-\d+$", "amazonaws.eu", "eusc-de-east-1", "eusc-de-east-1"),
            new Partition("aws-iso", @"^us\-iso\-\w+\-\d+$", "c2s.ic.gov", "us-iso-east-1", "us-iso-east-1 us-iso-west-1", "aws-iso-global"),
            new Partition("aws-iso-b", @"^us\-isob\-\w+\-\d+$", "sc2s.sgov.gov", "us-isob-east-1", "us-isob-east-1 us-isob-west-1", "aws-iso-b-global"),
            new Partition("aws-iso-e", @"^eu\-isoe\-\w+\-\d+$", "cloud.adc-e.uk", "eu-isoe-west-1", "eu-isoe-west-1", "aws-iso-e-global"),
            new Partition("aws-iso-f", @"^us\-isof\-\w+\-\d+$", "csp.hci.ic.gov", "us-isof-south-1", "us-isof-east-1 us-isof-south-1", "aws-iso-f-global"),
            new Partition("aws-us-gov", @"^us\-gov\-\w+\-\d+$", "amazonaws.com", "us-gov-west-1", "us-gov-east-1 us-gov-west-1", "aws-us-gov-global"),
        };

        /// <summary>The partition a region belongs to: a listed pseudo-region, then the regex; an unknown region
        /// falls into "aws", as the endpoint rules do.</summary>
        public static Partition For(string region)
        {
            return All.FirstOrDefault(p => p._regions.Contains(region))
                ?? All.FirstOrDefault(p => p._regionRegex.IsMatch(region))
                ?? All[0];
        }

        public bool IsGlobalPseudoRegion(string region) => _regions.Contains(region);
    }
}
