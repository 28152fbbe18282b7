using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace IamKeyHygiene.AwsProtocol.Model
{
    /// <summary>
    /// The botocore model slices embedded in this assembly (Model/Slices/&lt;service&gt;-&lt;version&gt;.json): the
    /// operations the module calls and the shapes they reach, written by tools/ModelSlicer
    /// (<c>build.ps1 -Task Models</c>) from the reference models in tests/aws-reference.
    /// </summary>
    internal static class ModelSlices
    {
        public const string ResourcePrefix = "IamKeyHygiene.AwsProtocol.Model.Slices.";

        private static readonly Assembly Holder = typeof(ModelSlices).Assembly;

        /// <summary>The resource name of a slice: "IamKeyHygiene.AwsProtocol.Model.Slices.iam-2010-05-08.json".</summary>
        public static string ResourceName(string service, string apiVersion) => $"{ResourcePrefix}{service}-{apiVersion}.json";

        /// <summary>Parses the embedded slice of a service's model; a slice that is not embedded is a build error
        /// and says which slices are.</summary>
        public static ServiceModel Load(string service, string apiVersion)
        {
            var name = ResourceName(service, apiVersion);
            using (var stream = Holder.GetManifestResourceStream(name))
            {
                if (stream == null)
                {
                    var embedded = Holder.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal));
                    throw new InvalidOperationException(
                        $"{Holder.GetName().Name} embeds no model slice '{name}' (it embeds: {string.Join(", ", embedded)}). "
                        + "Add the service to tools/ModelSlicer/slices.json and run build.ps1 -Task Models.");
                }

                using (var reader = new StreamReader(stream))
                {
                    return ServiceModel.Parse(reader.ReadToEnd());
                }
            }
        }
    }
}
