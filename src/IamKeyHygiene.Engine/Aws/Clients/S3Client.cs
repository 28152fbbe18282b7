using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using IamKeyHygiene.AwsProtocol.Retry;

namespace IamKeyHygiene.Engine.Aws.Clients
{
    /// <summary>
    /// The SDK's S3 configuration on the module's path. A custom endpoint (-EndpointUrl, AWS_ENDPOINT_URL_S3,
    /// AWS_ENDPOINT_URL...) is addressed path style (bucket in the path, as local S3 servers expect); AWS's own
    /// endpoints are left to the SDK's S3 rules (virtual-hosted style) for the region. Checksums are computed and
    /// validated only where an operation requires them (WHEN_REQUIRED): PutObject then sends its body whole, signed
    /// with its SHA-256, instead of as an aws-chunked stream with a trailing checksum.
    /// </summary>
    internal sealed class S3ClientConfig : AmazonS3Config, IModuleClientConfig
    {
        public S3ClientConfig(Endpoints.ResolvedEndpoint endpoint, string region, RetryOptions retry, IEngineLog log)
        {
            Retry = retry;
            Log = log;
            if (Endpoints.EndpointResolver.IsPartitionEndpoint(endpoint))
            {
                IgnoreConfiguredEndpointUrls = true;
                RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }
            else
            {
                SdkClientSetup.PointAt(this, endpoint);
                ForcePathStyle = true;
            }

            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        public RetryOptions Retry { get; }
        public IEngineLog Log { get; }
    }

    /// <summary>AWSSDK.S3's client with the engine's endpoint and retry policy (PutObject of a whole part object,
    /// GetObject and ListObjectsV2 are all safe to resend).</summary>
    internal sealed class S3Client : AmazonS3Client
    {
        public S3Client(AWSCredentials credentials, S3ClientConfig config)
            : base(credentials, config)
        {
        }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            SdkClientSetup.UseModuleRetry(pipeline, Config);
        }
    }
}
