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

        private Partition(string id, string regionRegex, string dnsSuffix, string implicitGlobalRegion, params string[] regions)
        {
            Id = id;
            _regionRegex = new Regex(regionRegex, RegexOptions.CultureInvariant);
            DnsSuffix = dnsSuffix;
            ImplicitGlobalRegion = implicitGlobalRegion;
            _regions = new HashSet<string>(regions, StringComparer.Ordinal);
        }

        public string Id { get; }
        public string DnsSuffix { get; }
        public string ImplicitGlobalRegion { get; }

        /// <summary>From aws-reference/models/_common/partitions.json (botocore 1.43.67): regex, DNS suffix,
        /// implicit global region and the pseudo-regions ("aws-global"…) each partition lists.
        /// PartitionTableTests check this table against that file.</summary>
        public static IReadOnlyList<Partition> All { get; } = new[]
        {
            new Partition("aws", @"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$", "amazonaws.com", "us-east-1", "aws-global"),
            new Partition("aws-cn", @"^cn\-\w+\-\d+$", "amazonaws.com.cn", "cn-northwest-1", "aws-cn-global"),
            new Partition("aws-eusc", @"^eusc\-(de)\-\w+\-\d+$", "amazonaws.eu", "eusc-de-east-1"),
            new Partition("aws-iso", @"^us\-iso\-\w+\-\d+$", "c2s.ic.gov", "us-iso-east-1", "aws-iso-global"),
            new Partition("aws-iso-b", @"^us\-isob\-\w+\-\d+$", "sc2s.sgov.gov", "us-isob-east-1", "aws-iso-b-global"),
            new Partition("aws-iso-e", @"^eu\-isoe\-\w+\-\d+$", "cloud.adc-e.uk", "eu-isoe-west-1", "aws-iso-e-global"),
            new Partition("aws-iso-f", @"^us\-isof\-\w+\-\d+$", "csp.hci.ic.gov", "us-isof-south-1", "aws-iso-f-global"),
            new Partition("aws-us-gov", @"^us\-gov\-\w+\-\d+$", "amazonaws.com", "us-gov-west-1", "aws-us-gov-global"),
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
