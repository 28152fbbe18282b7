namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// AWS Tools' region order: -Region → $StoredAWSRegion → the profile in effect (the one the credentials came
    /// from; when none did, the profile AWS_PROFILE names, else `default`) → AWS_REGION/AWS_DEFAULT_REGION →
    /// instance metadata → us-east-1, said as "default".
    /// </summary>
    internal static class RegionChain
    {
        public const string DefaultRegion = "us-east-1";

        public static (string Region, string Source) Resolve(
            AwsConnectionOptions options, AwsEnvironment environment, SharedProfile? profile)
        {
            if (Blank(options.Region) is string parameter)
                return (parameter, "parameter");
            if (Blank(options.StoredRegion) is string stored)
                return (stored, "stored session region");

            if (profile?.Region is string profileRegion)
                return (profileRegion, $"profile {profile.Name}");

            if ((environment.Get("AWS_REGION") ?? environment.Get("AWS_DEFAULT_REGION")) is string environmentRegion)
                return (environmentRegion, "environment");

            var metadata = environment.InstanceMetadata;
            if (metadata != null)
            {
                try
                {
                    var instanceRegion = metadata.GetAsync("/latest/meta-data/placement/region").GetAwaiter().GetResult().Trim();
                    if (instanceRegion.Length > 0)
                        return (instanceRegion, "instance");
                }
                catch (InstanceMetadataException)
                {
                    // Not on EC2 (or IMDS is off): fall to the default, as AWS Tools does.
                }
            }

            return (DefaultRegion, "default");
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
